import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Data, NN, Optim, Random, Train } from '../../src/index.js'
import * as _ from '../../src/node/checkpointFile.js'
import { bitsEqual } from '../../laws/purity.js'
import { getLeft, getRight } from '../either.js'
import * as Advanced from '../../src/advanced.js'

const architecture: Advanced.Train.Architecture = {
  sizes: [3, 4, 3],
  activations: ['tanh', 'identity'],
  bias: true,
  loss: 'softmaxCrossEntropy'
}
const net = getRight(NN.mlp(architecture))
const [k0, k1] = Random.split2(getRight(Random.key(7)))
const params = getRight(net.init(k0))
const config: Train.FitConfig<NN.MlpParams, unknown> = {
  model: { forward: net.forward, loss: NN.softmaxCrossEntropy },
  optimizer: getRight(Optim.adam({ lr: 0.05 })) as Optim.GradientTransformation<unknown>,
  batching: getRight(Data.miniBatch(8, { shuffle: true })),
  maxEpochs: 6,
  stop: getRight(Train.noImprovement(3))
}
const data = Data.threeClass
const file = (): string => join(mkdtempSync(join(tmpdir(), 'gradfold-checkpoint-')), 'checkpoint.json')

/** The checkpoint after 2 of the 6 epochs, written to a file with its run. */
const writtenAfterTwo = async (): Promise<string> => {
  const path = file()
  const first = getRight(Train.fit({ ...config, maxEpochs: 2 })(params, k1, data))
  const run = getRight(Train.encodeRun(architecture)(config))
  getRight(
    await _.writeCheckpoint(path)(params, config.optimizer)({ progress: first, config: { note: 'mine' }, run })()
  )
  return path
}

describe('loadCheckpoint', () => {
  it('resumes a run with nothing but the file in hand, to the uninterrupted run bit for bit', async () => {
    const whole = getRight(Train.fit(config)(params, k1, data))
    const r = getRight(await _.loadCheckpoint(await writtenAfterTwo())())
    const resumed = getRight(Train.fitFrom(r.config)(r.checkpoint.progress, data))
    expect(bitsEqual(resumed.state, whole.state)).toBe(true)
    expect(bitsEqual(resumed.history, whole.history)).toBe(true)
    expect(r.checkpoint.config).toEqual({ note: 'mine' })
  })

  it('refuses a checkpoint of format 2, which old readers wrote, with the way to read it', async () => {
    const path = await writtenAfterTwo()
    const { run: _run, ...old } = JSON.parse(readFileSync(path, 'utf8'))
    writeFileSync(path, JSON.stringify({ ...old, format: 'gradfold-checkpoint/2' }))
    expect(getLeft(await _.loadCheckpoint(path)()).message).toMatch(
      /^run: this checkpoint does not describe its run .*read it with Train.decodeCheckpoint\(template, optimizer\)/
    )
    // the template still reads it, as before
    const back = getRight(await _.readCheckpoint(path)(params, config.optimizer)())
    expect(back.progress.state.epoch).toBe(2)
  })

  it('answers a Left, not a throw, for a checkpoint whose run names an unknown optimizer block', async () => {
    const path = await writtenAfterTwo()
    const json = JSON.parse(readFileSync(path, 'utf8'))
    writeFileSync(path, JSON.stringify({ ...json, run: { ...json.run, optimizer: { _tag: 'lion' } } }))
    expect(E.isLeft(await _.loadCheckpoint(path)())).toBe(true)
  })
})

describe('encodeRun', () => {
  it('cannot say a schedule or a hand-written stop rule as data, and says so', () => {
    const scheduled = getRight(
      Optim.sgd(getRight(Optim.cosineDecay({ init: 0.1, decaySteps: 10 })))
    ) as Optim.GradientTransformation<unknown>
    expect(getLeft(Train.encodeRun(architecture)({ ...config, optimizer: scheduled })).message).toMatch(
      /the optimizer cannot be said as data/
    )
    expect(getLeft(Train.encodeRun(architecture)({ ...config, stop: () => ({ _tag: 'None' }) })).message).toMatch(
      /a stop rule was written by hand/
    )
    expect(getLeft(Train.encodeRun({ ...architecture, sizes: [3, 5, 3] })(config)).message).toMatch(
      /does not run the NN.mlp network of the architecture/
    )
  })
})
