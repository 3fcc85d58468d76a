import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Train } from '../../src/index.js'
import * as _ from '../../src/cli/progress.js'
import { captured } from './io.js'

const record = (epoch: number): Train.EpochRecord => ({
  epoch,
  step: 8 * epoch,
  batchLoss: 1 / epoch,
  train: { loss: 1 / epoch, accuracy: 0.5 },
  validation: null,
  learningRate: 0.1
})

/** The epochs a display showed: the numbers after `epoch ` in its lines. */
const epochsShown = (text: string): ReadonlyArray<number> =>
  [...text.matchAll(/^epoch (\d+)\//gm)].map((m) => Number(m[1]))

/**
 * The lines display of a run of `epochs` epochs, epoch e reported at `at(e)` ms on the clock
 * (every reading of the clock in between gives the same time), then stopped: what it wrote.
 */
const lines = (epochs: number, at: (epoch: number) => number): string => {
  let now = 0
  vi.spyOn(performance, 'now').mockImplementation(() => now)
  const io = captured()
  const display = _.reporter('lines', { maxEpochs: epochs, epoch: 0, step: 0 }, io.out, io.err)
  for (let e = 1; e <= epochs; e++) {
    now = at(e)
    display.epoch(record(e))
  }
  display.stop()
  return io.stderr()
}

describe('the lines display', () => {
  afterEach(() => void vi.restoreAllMocks())

  it('writes the first epoch at once, then at most one line a second, and the last epoch when it stops', () => {
    // an epoch every 0.3 s: epochs 1, 5 and 9 are 1.2 s apart, 10 is the last
    expect(epochsShown(lines(10, (e) => 300 * e))).toEqual([1, 5, 9, 10])
  })

  it('writes every epoch when epochs are a second or more apart, and nothing again when it stops', () => {
    expect(epochsShown(lines(4, (e) => _.LINE_EVERY_MS * e))).toEqual([1, 2, 3, 4])
  })

  it('writes a line for a thousand epochs in the same instant only for the first and the last', () => {
    const text = lines(1000, () => 0)
    expect(epochsShown(text)).toEqual([1, 1000])
    expect(text.split('\n')[1]).toMatch(/^epoch 1000\/1000 loss 0\.0010 acc 0\.500 \d+ steps\/s$/)
  })
})

describe('the JSON display', () => {
  it('writes every epoch, however close together, as data on standard output', () => {
    const io = captured()
    const display = _.reporter('json', { maxEpochs: 50, epoch: 0, step: 0 }, io.out, io.err)
    for (let e = 1; e <= 50; e++) display.epoch(record(e))
    display.stop()
    const epochs = io
      .stdout()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { epoch: number }).epoch)
    expect(epochs).toEqual(Array.from({ length: 50 }, (_v, i) => i + 1))
    expect(io.stderr()).toBe('')
  })
})
