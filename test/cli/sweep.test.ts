// A sweep of 12 jobs over an experiment config (a sweep file as `gradfold sweep` reads it, each
// job trained by the command's runner) on local threads and on BullMQ over a real Redis server,
// with three worker processes standing in for machines, one of them killed mid-job: the same
// table, histories and model files, bit for bit. And a long job whose worker is killed at three
// seeded-random epochs resumes each time from its newest checkpoint (kept in Redis), ending with
// the local run's bytes. Needs GRADFOLD_REDIS_URL (.ci/run starts a server and sets it); the
// Redis tests are skipped without it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { Random } from '../../src/index.js'
import { starter } from '../../src/cli/starters.js'
import { readSweep } from '../../src/cli/sweepFile.js'
import { runExperimentJob } from '../../src/cli/sweepJob.js'
import { runIndex } from '../../src/node/sweep/job.js'
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

const worker = (url: string, name: string, options?: string): ChildProcess =>
  spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./sweepWorkerProcess.ts', import.meta.url)),
      url,
      name,
      ...(options === undefined ? [] : [options])
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A worker process and the epochs it reported training (`epoch <job> <epoch>` lines), as they come. */
const watched = (url: string, name: string, options: string) => {
  const child = worker(url, name, options)
  const epochs: Array<number> = []
  let rest = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n')
    rest = lines.pop() ?? ''
    for (const l of lines) {
      const m = /^epoch 0 (\d+)$/.exec(l)
      if (m !== null) epochs.push(Number(m[1]))
    }
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return { child, epochs, exited }
}

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

  it.skipIf(redis === undefined)(
    'resumes a job whose worker was SIGKILLed, three times, from its newest checkpoint, to the local run’s bytes',
    async () => {
      const url = redis!
      const name = `resume-${process.pid}-${Date.now()}`
      const EPOCHS = 450
      const iris = starter('iris')
      const base = { ...iris, stop: { ...iris.stop, maxEpochs: EPOCHS, patience: null }, checkpointEvery: 1 }
      const path = join(dir, `${name}.json`)
      writeFileSync(
        path,
        JSON.stringify({ name, seed: 1, metric: 'test.loss', base, search: { kind: 'grid', fields: { seed: [0] } } })
      )
      const s = getRight(await readSweep(path))
      const local = await runIndex(s, 0, runExperimentJob)
      expect(getRight(await enqueueSweep(url, s)())).toBe(1)
      // three kills, each once the worker has reported an epoch drawn from a fixed key (from
      // 50–149, 200–299 and 350–449 of the 450), then after a further 0–20 ms also drawn, so
      // that kills land anywhere in an epoch, a checkpoint's write included
      const draws = getRight(pipe(Random.key(23), E.chainW(Random.uniform([6], { low: 0, high: 1 })))).data
      const targets = [50, 200, 350].map((t, i) => t + Math.floor(100 * draws[i]!))
      const delays = [0, 1, 2].map((i) => 20 * draws[3 + i]!)
      const options = JSON.stringify({
        lockDuration: 2000,
        stalledInterval: 500,
        maxStalledCount: 5,
        checkpointInterval: 0
      })
      const client = new Redis(url)
      const key = `bull:gradfold-sweep-${name}:job-0:checkpoint`
      const checkpointEpoch = async (): Promise<number> => {
        const text = await client.get(key)
        return text === null ? 0 : (JSON.parse(text) as { epoch: number }).epoch
      }
      const segments: Array<{ readonly epochs: ReadonlyArray<number>; readonly checkpoint: number }> = []
      let last: ReturnType<typeof watched> | undefined
      try {
        for (const [i, target] of targets.entries()) {
          const w = watched(url, name, options)
          let over = false
          void w.exited.then(() => (over = true))
          while (!over && (w.epochs[w.epochs.length - 1] ?? 0) < target) await sleep(5)
          await sleep(delays[i]!)
          w.child.kill('SIGKILL')
          await w.exited
          expect(w.child.signalCode).toBe('SIGKILL')
          segments.push({ epochs: w.epochs, checkpoint: await checkpointEpoch() })
        }
        last = watched(url, name, options)
        const queued = getRight(await awaitSweep(url, s, 50)())
        await sleep(200)
        // the same bytes as the uninterrupted local run: model file, history, metrics
        expect(JSON.stringify(queued[0])).toBe(local)
        // the job's checkpoint is gone from Redis once it has finished
        expect(await client.exists(key)).toBe(0)
        const runs = [...segments.map((x) => x.epochs), last.epochs]
        for (const [k, { epochs, checkpoint }] of segments.entries()) {
          // killed inside the run, after its target epoch, one epoch at most beyond its newest checkpoint
          expect(epochs[epochs.length - 1]).toBeGreaterThanOrEqual(targets[k]!)
          expect(checkpoint).toBeLessThan(EPOCHS)
          expect(epochs[epochs.length - 1]! - checkpoint).toBeGreaterThanOrEqual(0)
          expect(epochs[epochs.length - 1]! - checkpoint).toBeLessThanOrEqual(1)
          // and the next worker went on from that checkpoint, the epoch after it first
          expect(runs[k + 1]![0]).toBe(checkpoint + 1)
        }
        // each run trains consecutive epochs, the first from epoch 1 and the last to the end
        expect(runs[0]![0]).toBe(1)
        for (const epochs of runs) expect(epochs).toEqual(epochs.map((_, j) => epochs[0]! + j))
        expect(last.epochs[last.epochs.length - 1]).toBe(EPOCHS)
        // so no epoch was trained more than twice, and at most three epochs were trained again in all
        expect(runs.flat().length - EPOCHS).toBeLessThanOrEqual(3)
      } finally {
        last?.child.kill('SIGKILL')
        client.disconnect()
      }
    },
    240_000
  )
})
