import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { unsafeMiniBatch } from '../../../src/data/Batching.js'
import { scaleByLearningRate } from '../../../src/optim/scaleByLearningRate.js'
import { readCheckpoint, writeCheckpoint } from '../../../src/node/checkpointFile.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { Batch } from '../../../src/data/EpochPlan.js'
import { fit, start, type FitConfig, type Progress } from '../../../src/train/loop/fit.js'
import { lossAndGrad } from '../../../src/train/Model.js'
import * as _ from '../../../src/train/loop/run.js'
import type { StepRecord } from '../../../src/train/loop/epoch.js'
import { bitsEqual } from '../../../laws/purity.js'
import { getRight } from '../../either.js'
import { data, linear, runKey, zeroLinear, type Linear } from '../fixtures.js'

const optimizer = getRight(scaleByLearningRate(0.05))
const config: FitConfig<Linear, ReturnType<typeof optimizer.init>> = {
  model: linear,
  optimizer,
  batching: unsafeMiniBatch(3, { shuffle: true }),
  maxEpochs: 6
}

describe('run', () => {
  it('answers exactly what fit answers, reporting every step and epoch', async () => {
    const steps: Array<StepRecord> = []
    const epochs: Array<number> = []
    const r = getRight(
      await _.run(config, {
        yieldEvery: 2,
        observer: { onStep: (s) => steps.push(s), onEpoch: (e) => epochs.push(e.epoch) }
      })(start(config)(zeroLinear, runKey), data)()
    )
    const f = getRight(fit(config)(zeroLinear, runKey, data))
    expect(bitsEqual(r, f)).toBe(true)
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 18 }, (_v, i) => i + 1))
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('stops cleanly on abort with the state reached and the reason', async () => {
    const controller = new AbortController()
    const onStep = (s: StepRecord): void => {
      if (s.step === 7) controller.abort(new Error('enough'))
    }
    const r = getRight(
      await _.run(config, { signal: controller.signal, observer: { onStep } })(
        start(config)(zeroLinear, runKey),
        data
      )()
    )
    expect(r.stopReason).toEqual({ _tag: 'Aborted', reason: 'enough' })
    expect(r.state.step).toBe(7)
    expect(r.history.length).toBe(2)
  })

  it('writes a checkpoint every K epochs, from which the run resumes exactly', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradfold-')), 'run.json')
    const stopAt4: FitConfig<Linear, ReturnType<typeof optimizer.init>> = { ...config, maxEpochs: 4 }
    const write = writeCheckpoint(path)(zeroLinear, optimizer)
    getRight(
      await _.run(stopAt4, { writeCheckpoint: write, checkpointEvery: 2, config: { maxEpochs: 4 } })(
        start(config)(zeroLinear, runKey),
        data
      )()
    )
    const saved = getRight(await readCheckpoint(path)(zeroLinear, optimizer)())
    expect(saved.progress.state.epoch).toBe(4)
    expect(saved.config).toEqual({ maxEpochs: 4 })
    const resumed = getRight(await _.run(config)(saved.progress, data)())
    const whole = getRight(fit(config)(zeroLinear, runKey, data))
    expect(bitsEqual(resumed.state, whole.state)).toBe(true)
  })

  it('turns an observer that throws into a Left', async () => {
    const r = await _.run(config, {
      observer: {
        onEpoch: () => {
          throw new Error('observer broke')
        }
      }
    })(start(config)(zeroLinear, runKey), data)()
    expect(r).toMatchObject({ _tag: 'Left', left: { _tag: 'RunnerFailed' } })
  })
})

describe('the turns of the event loop a run gives', () => {
  /** How many turns of the event loop a run of `config` with `options` takes (a ticker counts them), and its time in ms. */
  const turnsOf = async (options: _.RunOptions<Linear, unknown>): Promise<{ turns: number; ms: number }> => {
    let ticks = 0
    let running = true
    const tick = (): void => {
      ticks++
      if (running) setImmediate(tick)
    }
    setImmediate(tick)
    const began = performance.now()
    const r = await _.run(config, options)(start(config)(zeroLinear, runKey), data)()
    const ms = performance.now() - began
    running = false
    expect(getRight(r).state.step).toBe(18)
    return { turns: ticks, ms }
  }

  it('yields after every yieldEvery-th step, not after every epoch', async () => {
    // 6 epochs of 3 steps: 4 yields (after steps 4, 8, 12, 16), one turn for the ticker's start
    expect((await turnsOf({ yieldEvery: 4 })).turns).toBeLessThanOrEqual(5)
    expect((await turnsOf({ yieldEvery: 1 })).turns).toBeGreaterThanOrEqual(18)
  })

  it('unless told how often, yields once YIELD_MS of steps have run since its last turn', async () => {
    // quick epochs: a turn for each YIELD_MS the run took at most (and the ticker's start)
    const quick = await turnsOf({})
    expect(quick.turns).toBeLessThanOrEqual(2 + Math.floor(quick.ms / _.YIELD_MS))
    // epochs that each take longer than YIELD_MS (an observer that waits at each epoch's end): a
    // turn at the end of each of the last 5 epochs' spans, the first wait being after the first
    const wait = (): void => {
      const until = performance.now() + _.YIELD_MS + 1
      while (performance.now() < until);
    }
    expect((await turnsOf({ observer: { onEpoch: wait } })).turns).toBeGreaterThanOrEqual(5)
  })
})

describe('run with gradients from elsewhere', () => {
  const fromModel = (batch: Batch, params: Linear) => TE.fromEither(lossAndGrad(linear)(batch)(params))

  it('awaits each step’s gradient and answers exactly what fit answers', async () => {
    const at: Array<readonly [number, number]> = []
    const r = getRight(
      await _.run(config, {
        gradients: (batch, params, where) => {
          at.push([where.epoch, where.step])
          return fromModel(batch, params)
        }
      })(start(config)(zeroLinear, runKey), data)()
    )
    expect(bitsEqual(r, getRight(fit(config)(zeroLinear, runKey, data)))).toBe(true)
    expect(at.slice(0, 4)).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 4]
    ])
  })

  it('ends the run with the source’s failure', async () => {
    const r = await _.run(config, {
      gradients: (batch, params, where) =>
        where.step === 5 ? TE.left({ _tag: 'RunnerFailed', message: 'a worker died' }) : fromModel(batch, params)
    })(start(config)(zeroLinear, runKey), data)()
    expect(r).toEqual({ _tag: 'Left', left: { _tag: 'RunnerFailed', message: 'a worker died' } })
  })
})

describe('the progress an observer sees', () => {
  it('keeps the history of its epoch while the run goes on', async () => {
    const seen: Array<Progress<Linear, ReturnType<typeof optimizer.init>>> = []
    getRight(
      await _.run(config, { observer: { onEpoch: (_r, progress) => void seen.push(progress) } })(
        start(config)(zeroLinear, runKey),
        data
      )()
    )
    expect(seen.map((p) => p.history.length)).toEqual([1, 2, 3, 4, 5, 6])
    expect(seen.map((p) => p.state.epoch)).toEqual([1, 2, 3, 4, 5, 6])
  })
})
