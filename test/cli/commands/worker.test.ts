// `gradfold worker`: its options are checked, one line each; and, against a real Redis server
// (GRADFOLD_REDIS_URL, which .ci/run sets), a job that runs for several lock durations keeps its
// lock with two workers waiting: it completes exactly once, the lock's time to live never falls
// below half its duration, and its result is the local run's, byte for byte. On Ctrl-C a worker
// stores its running job's newest checkpoint, puts the job back in the queue and exits 0 saying
// so in one line; the next worker resumes the job from that checkpoint.
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

/** A `gradfold worker` process, its standard error kept as text, its exit code awaited. */
const worker = (
  url: string,
  name: string,
  options: ReadonlyArray<string> = ['--lock-duration', String(LOCK), '--max-stalled', '0']
): { readonly child: ChildProcess; readonly stderr: () => string; readonly exited: Promise<number | null> } => {
  const child = spawn(process.execPath, [launcher, 'worker', '--queue', url, '--sweep', name, ...options], {
    env: { ...process.env, GRADFOLD_FROM_SOURCE: '1' },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let text = ''
  child.stderr!.on('data', (d) => (text += String(d)))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, stderr: () => text, exited }
}

/** Waits until `holds`, looking every 50 ms, for at most `ms`; answers whether it held. */
const until = async (holds: () => boolean, ms: number): Promise<boolean> => {
  const end = performance.now() + ms
  while (!holds()) {
    if (performance.now() > end) return false
    await sleep(50)
  }
  return true
}

/** The iris starter trained for `maxEpochs` (no rule stops it sooner), as a one-job sweep file, read. */
const oneJobSweep = async (name: string, maxEpochs: number, extra: object = {}) => {
  const iris = starter('iris')
  const stop = { ...iris.stop, maxEpochs, targetAccuracy: null, lossBelow: null, patience: null }
  const path = join(dir, `${name}.json`)
  writeFileSync(
    path,
    JSON.stringify({
      name,
      seed: 1,
      metric: 'test.loss',
      base: { ...iris, ...extra, stop },
      search: { kind: 'grid', fields: { seed: [0] } }
    })
  )
  return getRight(await readSweep(path))
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
      // a job of about twelve lock durations on this machine, as fast or as loaded as it is now
      // (the load may change meanwhile: it is asked to outlast two, at least):
      // the epochs it takes, from the time 300 epochs take here (at least 2000, at most 40 000)
      const config = (maxEpochs: number) => ({ ...iris, stop: { ...iris.stop, maxEpochs, patience: null } })
      const began = performance.now()
      getRight(await runExperimentJob({ index: 0, config: config(300) }))
      const perEpoch = (performance.now() - began) / 300
      const base = config(Math.min(40_000, Math.max(2000, Math.ceil((12 * LOCK) / perEpoch))))
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
        expect(ttls[ttls.length - 1]!.at - ttls[0]!.at).toBeGreaterThan(2 * LOCK)
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

  it.skipIf(redis === undefined)(
    "on Ctrl-C stores the running job's newest checkpoint, puts the job back in the queue and exits 0, in one line; another worker resumes it",
    async () => {
      const url = redis!
      const name = `interrupt-${process.pid}-${Date.now()}`
      // a job far too long to finish here, checkpointing every epoch, but stored only every ten
      // minutes: the checkpoint in Redis can only come from the interruption
      const spec = await oneJobSweep(name, 100_000, { checkpointEvery: 1 })
      const first = worker(url, name, ['--checkpoint-interval', '600000'])
      const client = new Redis(url)
      const queue = new Queue(`gradfold-sweep-${name}`, { connection: { url } })
      const checkpoint = `bull:gradfold-sweep-${name}:job-0:checkpoint`
      const epochOf = async (): Promise<number> =>
        (JSON.parse((await client.get(checkpoint)) ?? '{"epoch":-1}') as { readonly epoch: number }).epoch
      let second: ReturnType<typeof worker> | undefined
      try {
        expect(await until(() => first.stderr().includes('working for sweep'), 60_000)).toBe(true)
        getRight(await enqueueSweep(url, spec)())
        expect(await until(() => first.stderr().includes('job 0\n'), 60_000)).toBe(true)
        await sleep(3000)
        expect(await epochOf()).toBe(-1)
        first.child.kill('SIGINT')
        const code = await Promise.race([first.exited, sleep(30_000).then(() => 'still running')])
        expect(code).toBe(0)
        expect(first.stderr().split('\n').slice(1)).toEqual([
          'job 0',
          'gradfold worker: stopping: job 0 stores its newest checkpoint and goes back to the queue, to resume from it (Ctrl-C again stops at once: it then resumes once its lock expires)',
          ''
        ])
        const epoch = await epochOf()
        expect(epoch).toBeGreaterThan(0)
        expect(await (await queue.getJob('job-0'))!.getState()).toBe('waiting')
        // the next worker takes it from that checkpoint, not from its config
        second = worker(url, name)
        expect(await until(() => second!.stderr().includes('job 0: resumed'), 60_000)).toBe(true)
        expect(second.stderr()).toContain(`job 0: resumed from its checkpoint at epoch ${epoch}\n`)
      } finally {
        for (const w of [first, second]) w?.child.kill('SIGKILL')
        await queue.obliterate({ force: true }).catch(() => undefined)
        await queue.close()
        client.disconnect()
      }
    },
    180_000
  )
})
