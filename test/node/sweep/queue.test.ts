// The queue's worker checks its options before it connects (the worker against a real Redis
// server: queue.redis.test.ts, run by `npm run test:integration`).
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { JobRunner } from '../../../src/node/sweep/job.js'
import * as _ from '../../../src/node/sweep/queue.js'

const output = { metrics: { m: 1 }, history: [], model: '' }

describe('startWorker', () => {
  it('refuses options out of range before it connects, naming the option', async () => {
    const runner: JobRunner = async () => E.right(output)
    const cases = [
      [{ lockDuration: 999 }, 'startWorker: lockDuration is 999; expected a whole number ≥ 1000'],
      [{ maxStalledCount: -1 }, 'startWorker: maxStalledCount is -1; expected a whole number ≥ 0'],
      [{ stalledInterval: 0.5 }, 'startWorker: stalledInterval is 0.5; expected a whole number ≥ 1'],
      [{ checkpointInterval: Number.NaN }, 'startWorker: checkpointInterval is NaN; expected a whole number ≥ 0']
    ] as const
    for (const [options, message] of cases) {
      const r = await _.startWorker('redis://127.0.0.1:1', 's', runner, options)()
      expect(E.isLeft(r) && r.left.message).toBe(message)
    }
  })
})
