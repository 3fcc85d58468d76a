// The founding text's example, end to end: its 3-2-3 network (no biases, sigmoid units, loss
// ½ Σ (ŷ − y)²) trained by batch, stochastic and mini-batch descent on the bundled 3-class
// data. All three reach accuracy 1, and their per-step loss curves differ as the text says:
// the stochastic curve is the noisiest, the batch curve the smoothest.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Data, NN, Optim, Random, Train } from '../../../src/index.js'
import { getRight } from '../../either.js'
import * as Advanced from '../../../src/advanced.js'

const model: Train.Model<NN.MlpParams> = { forward: NN.threeTwoThreeMlp.forward, loss: (y) => NN.halfSumSquares(y) }

const modes = {
  batch: { batching: Data.fullBatch(), lr: 2 },
  stochastic: { batching: Data.stochastic({ shuffle: true }), lr: 0.5 },
  miniBatch: { batching: getRight(Data.miniBatch(6, { shuffle: true })), lr: 1 }
} as const

const key = getRight(Random.key(5))
const [initKey, runKey] = Random.split2(key)
const init = getRight(NN.threeTwoThreeMlp.init(initKey))

/** Per-step losses of the first `epochs` epochs, a scan of the training step. */
const stepLosses = (mode: (typeof modes)[keyof typeof modes], epochs: number): ReadonlyArray<number> => {
  const optimizer = getRight(Optim.sgd(mode.lr))
  const oneEpoch = Advanced.Train.epochWithSteps({ model, optimizer, batching: mode.batching })
  let state = Train.initialState(optimizer)(init, runKey)
  const losses: Array<number> = []
  for (let e = 0; e < epochs; e++) {
    const r = getRight(oneEpoch(state, Data.threeClass))
    losses.push(...r.steps.map((s) => s.loss))
    state = r.state
  }
  return losses
}

/**
 * How much the curve jumps from step to step, relative to its height: the mean of
 * |loss(t) − loss(t − 1)| over the mean loss. Near 0 for a curve that glides down; large for
 * one that leaps between the losses of whichever samples a step happened to see.
 */
const jitter = (losses: ReadonlyArray<number>): number => {
  const steps = losses.slice(1).map((l, i) => Math.abs(l - losses[i]!))
  const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, x) => a + x, 0) / xs.length
  return mean(steps) / mean(losses)
}

/** The share of steps whose loss is above the one before: 0 for a curve that only falls. */
const rises = (losses: ReadonlyArray<number>): number =>
  losses.slice(1).filter((l, i) => l > losses[i]!).length / (losses.length - 1)

describe('the founding text’s 3-class example', () => {
  it('reaches accuracy 1 in each of the three modes', () => {
    for (const mode of Object.values(modes)) {
      const optimizer = getRight(Optim.sgd(mode.lr))
      const r = Train.fit({
        model,
        optimizer,
        batching: mode.batching,
        maxEpochs: 2000,
        stop: getRight(Train.targetAccuracy(1))
      })(init, runKey, Data.threeClass)
      expect(E.isRight(r) && r.right.stopReason._tag).toBe('TargetAccuracy')
    }
  })

  it('has the noisiest per-step loss curve in stochastic descent and the smoothest in batch descent', () => {
    // sixty steps of each: 60 epochs of batch descent, 12 of mini-batches of 6, 2 of single samples
    const batch = stepLosses(modes.batch, 60)
    const mini = stepLosses(modes.miniBatch, 12)
    const stochastic = stepLosses(modes.stochastic, 2)
    expect(rises(batch)).toBe(0)
    expect(rises(mini)).toBeGreaterThan(0)
    expect(jitter(mini)).toBeGreaterThan(2 * jitter(batch))
    expect(jitter(stochastic)).toBeGreaterThan(2 * jitter(mini))
  })
})
