import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { unsafeMiniBatch } from '../../../src/data/Batching.js'
import { scaleByLearningRate } from '../../../src/optim/scaleByLearningRate.js'
import * as _ from '../../../src/train/files/Checkpoint.js'
import { readCheckpoint, writeCheckpoint } from '../../../src/node/checkpointFile.js'
import { fit, fitFrom, type FitConfig } from '../../../src/train/loop/fit.js'
import { bitsEqual } from '../../../laws/purity.js'
import { getLeft, getRight } from '../../either.js'
import { data, linear, runKey, zeroLinear, type Linear } from '../fixtures.js'

const optimizer = getRight(scaleByLearningRate(0.05))
const config = (maxEpochs: number): FitConfig<Linear, ReturnType<typeof optimizer.init>> => ({
  model: linear,
  optimizer,
  batching: unsafeMiniBatch(3, { shuffle: true }),
  maxEpochs
})

describe('checkpoints', () => {
  const trained = getRight(fit(config(3))(zeroLinear, runKey, data))
  const checkpoint = { progress: trained, config: { note: 'three epochs', lr: 0.05 } }

  it('round-trip through JSON to the bit', () => {
    const back = getRight(
      E.chain(_.decodeCheckpoint(zeroLinear, optimizer))(_.encodeCheckpoint(zeroLinear, optimizer)(checkpoint))
    )
    expect(bitsEqual(back.progress.state, trained.state)).toBe(true)
    expect(bitsEqual(back.progress.history, trained.history)).toBe(true)
    expect(bitsEqual(back.progress.best, trained.best)).toBe(true)
    expect(back.config).toEqual(checkpoint.config)
  })

  it('resume a run exactly: fit(3 + 4) equals fit(3), JSON, fitFrom for 4 more', () => {
    const whole = getRight(fit(config(7))(zeroLinear, runKey, data))
    const back = getRight(
      E.chain(_.decodeCheckpoint(zeroLinear, optimizer))(_.encodeCheckpoint(zeroLinear, optimizer)(checkpoint))
    )
    const resumed = getRight(fitFrom(config(7))(back.progress, data))
    expect(bitsEqual(resumed.state, whole.state)).toBe(true)
    expect(bitsEqual(resumed.history, whole.history)).toBe(true)
  })

  it('refuse malformed text and other structures, naming the path, without throwing', () => {
    expect(getLeft(_.decodeCheckpoint(zeroLinear, optimizer)('{')).message).toContain('not JSON')
    const json = JSON.parse(getRight(_.encodeCheckpoint(zeroLinear, optimizer)(checkpoint)))
    const wrongShape = { ...json, params: { ...json.params, w: { shape: [3, 1], data: [1, 2, 3] } } }
    expect(getLeft(_.decodeCheckpoint(zeroLinear, optimizer)(JSON.stringify(wrongShape))).message).toContain('params.w')
    for (const junk of ['null', '[]', '"x"', '{"format":"gradfold-checkpoint/1"}', '1e999']) {
      expect(E.isLeft(_.decodeCheckpoint(zeroLinear, optimizer)(junk))).toBe(true)
    }
  })

  it('are written atomically and read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-'))
    const path = join(dir, 'run.json')
    getRight(await writeCheckpoint(path)(zeroLinear, optimizer)(checkpoint)())
    getRight(await writeCheckpoint(path)(zeroLinear, optimizer)(checkpoint)())
    expect(readdirSync(dir)).toEqual(['run.json'])
    const back = getRight(await readCheckpoint(path)(zeroLinear, optimizer)())
    expect(bitsEqual(back.progress.state, trained.state)).toBe(true)
  })

  it('answer IoError for a folder that does not exist', async () => {
    const e = getLeft(await writeCheckpoint('/nonexistent-gradfold/run.json')(zeroLinear, optimizer)(checkpoint)())
    expect(e).toMatchObject({ _tag: 'IoError', operation: 'write' })
    expect(getLeft(await readCheckpoint('/nonexistent-gradfold/run.json')(zeroLinear, optimizer)())._tag).toBe(
      'IoError'
    )
  })
})

describe('checkpoint text read with the wrong optimizer value', () => {
  it('answers a DecodeError naming the optimizer rather than throwing', () => {
    expect(getLeft(_.decodeCheckpoint(zeroLinear, null as never)('{}')).message).toBe(
      'the optimizer is null; expected a gradient transformation (Optim.sgd, Optim.chain, …)'
    )
  })
})
