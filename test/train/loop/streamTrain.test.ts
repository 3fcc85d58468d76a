import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import { unsafeMiniBatch } from '../../../src/data/Batching.js'
import { size } from '../../../src/data/Dataset.js'
import { unsafeSlice } from '../../../src/data/select.js'
import type { Chunks } from '../../../src/data/stream.js'
import { scaleByLearningRate } from '../../../src/optim/scaleByLearningRate.js'
import { lossBelow } from '../../../src/train/bookkeeping/stopRules.js'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../src/train/files/Checkpoint.js'
import { fit, type FitConfig } from '../../../src/train/loop/fit.js'
import * as _ from '../../../src/train/loop/streamTrain.js'
import { bitsEqual } from '../../../laws/purity.js'
import { getRight } from '../../either.js'
import { data, linear, runKey, zeroLinear, type Linear } from '../fixtures.js'

const optimizer = getRight(scaleByLearningRate(0.05))
type S = ReturnType<typeof optimizer.init>
const config: FitConfig<Linear, S> = {
  model: linear,
  optimizer,
  batching: unsafeMiniBatch(2, { shuffle: true }),
  maxEpochs: 6,
  validation: data
}

/** `data` in chunks of `k` rows. */
const chunksOf = (k: number) =>
  async function* (): Chunks<never> {
    for (let i = 0; i < size(data); i += k) yield E.right(unsafeSlice(i, Math.min(size(data), i + k), data))
  }

describe('streamFit', () => {
  it('trains a stream of several blocks an epoch a pass, with a history and the validation set measured', async () => {
    const r = getRight(await _.streamFit(config, { blockSize: 2 })(zeroLinear, runKey, chunksOf(3))())
    expect(r.state.epoch).toBe(6)
    expect(r.state.step).toBe(6 * Math.ceil(size(data) / 2))
    expect(r.history.map((h) => [h.epoch, h.train])).toEqual([1, 2, 3, 4, 5, 6].map((e) => [e, null]))
    const losses = r.history.map((h) => h.validation!.loss)
    expect(losses[5]!).toBeLessThan(losses[0]!)
    expect(r.stopReason._tag).toBe('MaxEpochs')
  })

  it('trains a stream of one block as fit trains its rows, bit for bit', async () => {
    const r = await _.streamFit(config, { blockSize: size(data) })(zeroLinear, runKey, chunksOf(2))()
    expect(bitsEqual(r, fit(config)(zeroLinear, runKey, data))).toBe(true)
  })

  it('stops when a stop rule holds', async () => {
    const stop = getRight(lossBelow(1e9))
    const r = getRight(await _.streamFit({ ...config, stop }, { blockSize: 2 })(zeroLinear, runKey, chunksOf(3))())
    expect([r.state.epoch, r.stopReason._tag]).toEqual([1, 'LossBelow'])
  })

  it('writes checkpoints through the Checkpoint codec, from which the run resumes exactly', async () => {
    const saved: Array<string> = []
    const write = (c: Checkpoint<Linear, S>): TE.TaskEither<never, void> => {
      saved.push(getRight(encodeCheckpoint(zeroLinear, optimizer)(c)))
      return TE.right(undefined)
    }
    const whole = getRight(
      await _.streamFit(config, { blockSize: 2, writeCheckpoint: write, checkpointEvery: 2 })(
        zeroLinear,
        runKey,
        chunksOf(3)
      )()
    )
    expect(saved.length).toBe(3)
    const at4 = getRight(decodeCheckpoint(zeroLinear, optimizer)(saved[1]!))
    expect(at4.progress.state.epoch).toBe(4)
    const resumed = getRight(await _.streamFitFrom(config, { blockSize: 2 })(at4.progress, chunksOf(3))())
    expect(bitsEqual(resumed, whole)).toBe(true)
  })

  it('answers the failure of a chunk, an empty stream and a block size that is not a count as Lefts', async () => {
    async function* broken(): Chunks<string> {
      yield E.right(data)
      yield E.left('disk gone')
    }
    async function* empty(): Chunks<never> {}
    const run = (blockSize: number, open: () => Chunks<string>) =>
      _.streamFit(config, { blockSize })(zeroLinear, runKey, open)()
    expect(await run(2, broken)).toEqual(E.left('disk gone'))
    expect(E.isLeft(await run(2, empty))).toBe(true)
    expect(E.isLeft(await run(0, chunksOf(3)))).toBe(true)
  })
})
