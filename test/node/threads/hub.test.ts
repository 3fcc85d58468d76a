import { Worker } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/node/threads/hub.js'
import { ORIGIN, WORD, type ServeTask } from '../../../src/node/threads/shared.js'

/**
 * What the scripted worker does with the first job: counts a shard every `every` ms for `talk`
 * ms (noting the time in `HEARD` first, as a serving loop does), then either counts the job's
 * combination and rings `ENDED` (`ends`), or falls silent.
 */
interface Script {
  readonly every: number
  readonly talk: number
  readonly ends: boolean
}

/** A serving loop that follows `script` instead of computing shards: it speaks the control block's protocol alone. */
const body = `
const { workerData: { control: c, numbers, W, ORIGIN, script } } = require('node:worker_threads')
const clock = () => Number(process.hrtime.bigint()) / 1e6
const idle = new Int32Array(new SharedArrayBuffer(4))
Atomics.add(c, W.READY, 1)
Atomics.notify(c, W.READY)
for (let s = Atomics.load(c, W.SEQ); s === 0 || s % 2 === 1; s = Atomics.load(c, W.SEQ)) Atomics.wait(c, W.SEQ, s, 10)
const origin = numbers[ORIGIN]
for (const end = clock() + script.talk; clock() < end; ) {
  Atomics.wait(idle, 0, 0, script.every)
  Atomics.store(c, W.HEARD, Math.ceil(clock() - origin))
  Atomics.add(c, W.DONE, 1)
}
if (script.ends) {
  Atomics.store(c, W.HEARD, Math.ceil(clock() - origin))
  Atomics.add(c, W.APPLIED, 1)
  Atomics.add(c, W.ENDED, 1)
  Atomics.notify(c, W.ENDED)
}
Atomics.wait(idle, 0, 0)
`

/** A one-thread hub whose thread follows `script`. */
const scripted = (script: Script, answerWithin: number): _.Hub => {
  const threads: Array<Worker> = []
  const runner: _.ThreadRunner = {
    run: (task: ServeTask) => {
      const { control, numbers } = task
      threads.push(new Worker(body, { eval: true, workerData: { control, numbers, W: WORD, ORIGIN, script } }))
      return Promise.resolve('serving')
    },
    destroy: async () => void (await Promise.all(threads.map((t) => t.terminate()))),
    threads
  }
  return _.openHub(runner, 1, answerWithin)
}

/** A job of one SGD step (one shard, then the combination) on `hub`, run to its end: the job and how long it took, ms. */
const oneStep = async (hub: _.Hub) => {
  expect(E.isRight(await hub.ready)).toBe(true)
  const none = new Float64Array(new SharedArrayBuffer(16))
  const set = _.register(hub, {
    spec: { sizes: [1, 1], activations: ['identity'], loss: 'mse' },
    params: none,
    inputs: none,
    targets: none,
    out: none
  })
  const began = performance.now()
  const job = _.runSync(hub, set, 0, 1, 1, { apply: 'sgd', lr: 0.1, steps: 1, stride: 1 })
  return { job, ms: performance.now() - began }
}

describe('runSync on a job that combines', () => {
  it('sleeps through a job longer than answerWithin while the workers keep counting, and ends with it', async () => {
    const hub = scripted({ every: 10, talk: 500, ends: true }, 150)
    try {
      const { job, ms } = await oneStep(hub)
      expect(job.stalled).toBeUndefined()
      expect(job.finished).toBe(true)
      expect(ms).toBeGreaterThanOrEqual(500)
    } finally {
      await hub.close()
    }
  })

  it('ends a job whose workers fall silent answerWithin ms after their last count, not before', async () => {
    const hub = scripted({ every: 10, talk: 200, ends: false }, 150)
    try {
      const { job, ms } = await oneStep(hub)
      expect(job.stalled).toMatch(/no worker thread answered within 150 ms/)
      expect(ms).toBeGreaterThanOrEqual(350)
      expect(ms).toBeLessThan(1500)
      expect(_.refusal(hub)?.message).toMatch(/no worker thread answered within 150 ms/)
    } finally {
      await hub.close()
    }
  })
})
