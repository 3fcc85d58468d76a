// The queue's worker against a real Redis server (GRADFOLD_REDIS_URL, which .ci/run sets; skipped
// without it), run by `npm run test:integration`: a job's checkpoints are written at most once
// per interval and only while the worker holds the job's lock; a lost lock (BullMQ's "Missing
// lock") is reported in one line, and the process goes on.
import * as E from 'fp-ts/lib/Either.js'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import type { JobRunner } from '../../../src/node/sweep/job.js'
import * as _ from '../../../src/node/sweep/queue.js'
import type { SweepSpec } from '../../../src/node/sweep/SweepSpec.js'
import { getRight } from '../../either.js'

const redis = process.env['GRADFOLD_REDIS_URL']

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const oneJob = (name: string): SweepSpec => ({ name, seed: 1, metric: 'm', base: { x: 0 }, grid: { x: [1] } })

const output = { metrics: { m: 1 }, history: [], model: '' }

describe('startWorker', () => {
  it.skipIf(redis === undefined)(
    'keeps a job’s checkpoints no more often than its interval, and only while it holds the lock; a lost lock is one line',
    async () => {
      const url = redis!
      const name = `lost-${process.pid}-${Date.now()}`
      const other = `${name}-2`
      const client = new Redis(url)
      const lines: Array<string> = []
      const seen: Array<unknown> = []
      let made = 0
      const runner: JobRunner = async ({ checkpoints }) => {
        const c = checkpoints!
        seen.push(getRight(await c.latest()()))
        // not due yet (the interval is a minute): its text is not even made
        getRight(await c.save(() => (made++, E.right('first')))())
        seen.push(getRight(await c.latest()()))
        return E.right(output)
      }
      const worker = getRight(await _.startWorker(url, name, runner, { checkpointInterval: 60_000 })())
      const lost: JobRunner = async ({ checkpoints }) => {
        await client.del(`bull:gradfold-sweep-${other}:job-0:lock`)
        seen.push(await checkpoints!.save(() => E.right('second'))())
        return E.right(output)
      }
      try {
        getRight(await _.enqueueSweep(url, oneJob(name))())
        getRight(await _.awaitSweep(url, oneJob(name), 50)())
        expect(seen).toEqual([null, null])
        expect(made).toBe(0)
        await worker.close()
        // another sweep: its job loses its lock mid-run
        const w = getRight(
          await _.startWorker(url, other, lost, { checkpointInterval: 0, onError: (m) => lines.push(m) })()
        )
        try {
          getRight(await _.enqueueSweep(url, oneJob(other))())
          for (let i = 0; i < 200 && lines.length === 0; i++) await sleep(50)
        } finally {
          await w.close()
        }
        const saved = seen[2] as E.Either<{ readonly message: string }, void>
        expect(E.isLeft(saved) && saved.left.message).toBe(
          'the checkpoint in Redis: this worker no longer holds the job (its lock expired)'
        )
        expect(await client.exists(`bull:gradfold-sweep-${other}:job-0:checkpoint`)).toBe(0)
        // BullMQ's own error (once, or again as it retries), each a line of its own, no stack
        expect(lines.length).toBeGreaterThan(0)
        for (const l of lines) expect(l).toMatch(/^Missing lock for job job-0\. \w+$/)
      } finally {
        client.disconnect()
      }
    },
    60_000
  )
})
