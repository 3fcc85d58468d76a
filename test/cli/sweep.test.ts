// A sweep of 12 jobs over an experiment config (a sweep file as `gradfold sweep` reads it, each
// job trained by the command's runner) on local threads and on BullMQ over a real Redis server,
// with three worker processes standing in for machines, one of them killed mid-job: the same
// table, histories and model files, bit for bit. Needs GRADFOLD_REDIS_URL (.ci/run starts a
// server and sets it); the Redis test is skipped without it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { starter } from '../../src/cli/starters.js'
import { readSweep } from '../../src/cli/sweepFile.js'
import { runSweep } from '../../src/node/sweep/local.js'
import { awaitSweep, enqueueSweep } from '../../src/node/sweep/queue.js'
import { sweepTable, writeSweepResults } from '../../src/node/sweep/results.js'
import type { SweepSpec } from '../../src/node/sweep/SweepSpec.js'
import { getRight } from '../either.js'

const redis = process.env['GRADFOLD_REDIS_URL']
const runner = fileURLToPath(new URL('../../src/cli/sweepJob.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gradfold-sweeps-'))

/** A sweep file of 12 jobs (learning rate × hidden units × seed) over the three-class starter, its base in a file of its own. */
const spec = async (name: string): Promise<SweepSpec> => {
  const base = starter('three-class')
  writeFileSync(join(dir, 'three.json'), JSON.stringify({ ...base, stop: { ...base.stop, maxEpochs: 150 } }))
  const path = join(dir, `${name}.json`)
  writeFileSync(
    path,
    JSON.stringify({
      name,
      seed: 5,
      metric: 'test.loss',
      base: 'three.json',
      search: { kind: 'grid', fields: { 'optimizer.lr': [0.1, 0.5, 2], 'model.hidden.0': [2, 4], seed: [0, 1] } }
    })
  )
  return getRight(await readSweep(path))
}

/** Every file under `dir`, by relative path, with its text. */
const files = (dir: string, prefix = ''): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory()
        ? Object.entries(files(path, `${prefix}${name}/`))
        : [[`${prefix}${name}`, readFileSync(path, 'utf8')]]
    })
  )

const worker = (url: string, name: string): ChildProcess =>
  spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./sweepWorkerProcess.ts', import.meta.url)), url, name],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )

describe('sweeps', () => {
  it('runs 12 jobs on local threads, writes the results, and skips finished jobs when run again', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gradfold-sweep-'))
    const s = await spec('local')
    const results = getRight(await runSweep(s, { runner, threads: 2, dir: out })())
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    const first = files(out)
    expect(Object.keys(first)).toContain('jobs/11/model.json')
    expect(Object.keys(first)).toContain('jobs/11/history.json')
    expect(first['table.csv']).toBe(sweepTable(s)(results))
    expect(first['table.csv']!.split('\n')[0]).toBe(
      'rank,job,model.hidden.0,optimizer.lr,seed,test.loss,test.accuracy,train.accuracy,train.loss'
    )
    const again = getRight(await runSweep(s, { runner, threads: 2, dir: out })())
    expect(again).toEqual(results)
    expect(files(out)).toEqual(first)
  })

  it.skipIf(redis === undefined)(
    'gives the same results through Redis, bit for bit, with a worker killed mid-job',
    async () => {
      const url = redis!
      const name = `test-${process.pid}-${Date.now()}`
      const s = await spec(name)
      const local = getRight(await runSweep(s, { runner, threads: 2 })())
      expect(getRight(await enqueueSweep(url, s)())).toBe(12)
      // The first worker starts alone and is killed as it starts its first job; only then do
      // the other two start, so the kill always lands mid-job, however slowly processes start.
      const first = worker(url, name)
      const workers: Array<ChildProcess> = [first]
      const killed = new Promise<number>((resolve, reject) => {
        first.on('exit', (code, signal) => {
          if (signal !== 'SIGKILL') reject(new Error(`the first worker ended before its kill (${code ?? signal})`))
        })
        first.stdout!.on('data', (chunk: Buffer) => {
          const m = /active (\d+)/.exec(chunk.toString())
          if (m !== null && first.exitCode === null && first.signalCode === null) {
            first.kill('SIGKILL')
            workers.push(worker(url, name), worker(url, name))
            resolve(Number(m[1]))
          }
        })
      })
      try {
        await killed
        const queued = getRight(await awaitSweep(url, s)())
        expect(first.signalCode).toBe('SIGKILL')
        expect(queued).toEqual(local)
        const [a, b] = [mkdtempSync(join(tmpdir(), 'gradfold-a-')), mkdtempSync(join(tmpdir(), 'gradfold-b-'))]
        getRight(await writeSweepResults(a, s)(local)())
        getRight(await writeSweepResults(b, s)(queued)())
        expect(files(b)).toEqual(files(a))
        // Enqueued again, the finished jobs stay finished: the results come back without a worker.
        for (const w of workers) w.kill('SIGTERM')
        getRight(await enqueueSweep(url, s)())
        expect(getRight(await awaitSweep(url, s)())).toEqual(queued)
      } finally {
        for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL')
      }
    },
    240_000
  )
})
