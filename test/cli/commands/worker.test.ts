// `gradfold worker`: its options are checked, one line each; and, against a real Redis server
// (GRADFOLD_REDIS_URL, which .ci/run sets), a job that runs for several lock durations keeps its
// lock with two workers waiting: it completes exactly once, the lock's time to live never falls
// below half its duration, and its result is the local run's, byte for byte.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/main.js'
import { starter } from '../../../src/cli/starters.js'
import { readSweep } from '../../../src/cli/sweepFile.js'
import { runExperimentJob } from '../../../src/cli/sweepJob.js'
import { runIndex } from '../../../src/node/sweep/job.js'
import { awaitSweep, enqueueSweep } from '../../../src/node/sweep/queue.js'
import { getRight } from '../../either.js'
import { captured } from '../io.js'

const redis = process.env['GRADFOLD_REDIS_URL']
const launcher = fileURLToPath(new URL('../../../bin/gradfold.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gradfold-worker-'))

const LOCK = 2000

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A `gradfold worker` process, its standard error kept as text. */
const worker = (url: string, name: string): { readonly child: ChildProcess; readonly stderr: () => string } => {
  const child = spawn(
    process.execPath,
    [launcher, 'worker', '--queue', url, '--sweep', name, '--lock-duration', String(LOCK), '--max-stalled', '0'],
    { env: { ...process.env, GRADFOLD_FROM_SOURCE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] }
  )
  let text = ''
  child.stderr!.on('data', (d) => (text += String(d)))
  return { child, stderr: () => text }
}

describe('gradfold worker', () => {
  it('refuses a lock duration, a stall limit or a checkpoint interval out of range, one line each, exit code 2', async () => {
    const io = captured()
    const argv = ['worker', '--queue', 'redis://127.0.0.1:1', '--sweep', 's']
    const bad = ['--lock-duration', '999', '--max-stalled', '1.5', '--checkpoint-interval', 'soon']
    expect(await main([...argv, ...bad], io)).toBe(2)
    expect(io.stderr().split('\n')).toEqual([
      'gradfold: bad argument:',
      '  --lock-duration is "999"; it must be a whole number of milliseconds ≥ 1000',
      '  --max-stalled is "1.5"; it must be a whole number ≥ 0',
      '  --checkpoint-interval is "soon"; it must be a whole number of milliseconds ≥ 0',
      ''
    ])
  })

  it('says what each option does in --help', async () => {
    const io = captured()
    expect(await main(['worker', '--help'], io)).toBe(0)
    for (const flag of ['--lock-duration <ms>', '--max-stalled <n>', '--checkpoint-interval <ms>'])
      expect(io.stdout()).toContain(flag)
  })

  it.skipIf(redis === undefined)(
    'keeps the lock of a job that runs for several lock durations: with two workers, it completes once',
    async () => {
      const url = redis!
      const name = `lock-${process.pid}-${Date.now()}`
      const iris = starter('iris')
      const base = { ...iris, stop: { ...iris.stop, maxEpochs: 3000, patience: null } }
      const path = join(dir, `${name}.json`)
      writeFileSync(
        path,
        JSON.stringify({ name, seed: 1, metric: 'test.loss', base, search: { kind: 'grid', fields: { seed: [0] } } })
      )
      const spec = getRight(await readSweep(path))
      const workers = [worker(url, name), worker(url, name)]
      const client = new Redis(url)
      const queue = new Queue(`gradfold-sweep-${name}`, { connection: { url } })
      try {
        // both workers are up and waiting before the job is queued
        while (!workers.every((w) => w.stderr().includes('working for sweep'))) await sleep(50)
        getRight(await enqueueSweep(url, spec)())
        const lock = `bull:gradfold-sweep-${name}:job-0:lock`
        const ttls: Array<{ readonly at: number; readonly ttl: number }> = []
        let done = false
        const results = awaitSweep(url, spec, 50)().finally(() => (done = true))
        while (!done) {
          const ttl = await client.pttl(lock)
          if (ttl >= 0) ttls.push({ at: performance.now(), ttl })
          await sleep(50)
        }
        const queued = getRight(await results)
        // the job held its lock for several of its durations, and never let it fall below half
        expect(ttls.length).toBeGreaterThan(0)
        expect(ttls[ttls.length - 1]!.at - ttls[0]!.at).toBeGreaterThan(3 * LOCK)
        expect(Math.min(...ttls.map((t) => t.ttl))).toBeGreaterThanOrEqual(LOCK / 2)
        // started once, never stalled; one `job 0` line in all, no other line but the greeting
        const job = await queue.getJob('job-0')
        expect([job!.attemptsStarted, job!.stalledCounter]).toEqual([1, 0])
        const lines = workers.flatMap((w) =>
          w
            .stderr()
            .split('\n')
            .filter((l) => l !== '')
        )
        expect(lines.filter((l) => l === 'job 0')).toHaveLength(1)
        expect(lines.filter((l) => l !== 'job 0' && !l.startsWith('working for sweep'))).toEqual([])
        // and its result is the local run's
        const local = await runIndex(spec, 0, runExperimentJob)
        expect(JSON.stringify(queued[0])).toBe(local)
      } finally {
        for (const w of workers) w.child.kill('SIGKILL')
        await queue.obliterate({ force: true }).catch(() => undefined)
        await queue.close()
        client.disconnect()
      }
    },
    180_000
  )
})
