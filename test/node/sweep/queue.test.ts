// A sweep of 12 jobs on local threads and on BullMQ over a real Redis server, with three worker
// processes standing in for machines, one of them killed mid-job: the same table, histories and
// model files, bit for bit. Needs GRADFOLD_REDIS_URL (.ci/run starts a server and sets it); the
// Redis tests are skipped without it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runSweep } from '../../../src/node/sweep/local.js'
import { awaitSweep, enqueueSweep } from '../../../src/node/sweep/queue.js'
import { sweepTable, writeSweepResults } from '../../../src/node/sweep/results.js'
import type { SweepSpec } from '../../../src/node/sweep/SweepSpec.js'
import { getRight } from '../../either.js'

const redis = process.env['GRADFOLD_REDIS_URL']

const spec = (name: string): SweepSpec => ({
  name,
  seed: 5,
  metric: 'loss',
  base: {
    data: 'threeClass',
    spec: { sizes: [3, 6, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' },
    optimizer: 'sgd',
    learningRate: 0.1,
    batchSize: 10,
    epochs: 100,
    seed: 0
  },
  grid: { learningRate: [0.01, 0.1, 0.5], optimizer: ['sgd', 'adam'], seed: [0, 1] }
})

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
    ['--import', 'tsx', fileURLToPath(new URL('./workerProcess.ts', import.meta.url)), url, name],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )

describe('sweeps', () => {
  it('runs 12 jobs on local threads, writes the results, and skips finished jobs when run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-sweep-'))
    const s = spec('local')
    const results = getRight(await runSweep(s, { threads: 2, dir })())
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    const first = files(dir)
    expect(Object.keys(first)).toContain('jobs/11/model.json')
    expect(first['table.csv']).toBe(sweepTable(s)(results))
    const again = getRight(await runSweep(s, { threads: 2, dir })())
    expect(again).toEqual(results)
    expect(files(dir)).toEqual(first)
  })

  it.skipIf(redis === undefined)(
    'gives the same results through Redis, bit for bit, with a worker killed mid-job',
    async () => {
      const url = redis!
      const name = `test-${process.pid}-${Date.now()}`
      const s = spec(name)
      const local = getRight(await runSweep(s, { threads: 2 })())
      expect(getRight(await enqueueSweep(url, s)())).toBe(12)
      const workers = [worker(url, name), worker(url, name), worker(url, name)]
      const killed = new Promise<number>((resolve) => {
        workers[0]!.stdout!.on('data', (chunk: Buffer) => {
          const m = /active (\d+)/.exec(chunk.toString())
          if (m !== null && workers[0]!.exitCode === null) {
            workers[0]!.kill('SIGKILL')
            resolve(Number(m[1]))
          }
        })
      })
      try {
        const queued = getRight(await awaitSweep(url, s)())
        await killed
        expect(workers[0]!.signalCode).toBe('SIGKILL')
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
