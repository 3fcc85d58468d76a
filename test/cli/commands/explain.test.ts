import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { ExperimentC } from '../../../src/train/experiment/config.js'
import { main } from '../../../src/cli/main.js'
import { starter } from '../../../src/cli/starters.js'
import { AD, NN, Random } from '../../../src/index.js'
import { getRight } from '../../either.js'
import { captured } from '../io.js'
import * as Advanced from '../../../src/advanced.js'

const folder = (): string => mkdtempSync(join(tmpdir(), 'gradfold-explain-'))

/** The rows of the weights table: name, then the last two columns (∂L/∂w, w − η·∂L/∂w). */
const weightRows = (out: string): ReadonlyArray<readonly [string, number, number]> =>
  out
    .split('\n')
    .filter((l) => /^w\d+ /.test(l))
    .map((l) => {
      const cells = l.trim().split(/\s+/)
      return [cells[0]!, Number(cells[cells.length - 2]), Number(cells[cells.length - 1])] as const
    })

describe('gradfold explain', () => {
  it('explains the founding network’s first sample with the gradient valueAndGrad computes, in the text’s weight order', async () => {
    const io = captured()
    expect(await main(['explain'], io)).toBe(0)
    const rows = weightRows(io.stdout())
    expect(rows.map(([name]) => name)).toEqual([
      'w1',
      'w2',
      'w3',
      'w4',
      'w5',
      'w6',
      'w7',
      'w8',
      'w9',
      'w10',
      'w11',
      'w12'
    ])
    // the same step by AD: weights from seed 5 as the command draws them, the first row of the 3-class set
    const weights = getRight(
      pipe(
        Random.key(5),
        E.chainW((k) => NN.threeTwoThreeMlp.init(Random.split2(k)[0])),
        E.chainW(Advanced.NN.threeTwoThreeFromMlp)
      )
    )
    const { grad } = getRight(AD.valueAndGrad(NN.threeTwoThreeLoss([1.81, -0.44, -0.18], [1, 0, 0]))(weights))
    for (const [name, gradient, updated] of rows) {
      const key = name as keyof NN.ThreeTwoThree
      expect(gradient.toFixed(6), name).toBe(grad[key].toFixed(6))
      expect(updated.toFixed(6), name).toBe((weights[key] - 0.5 * grad[key]).toFixed(6))
    }
  })

  it('explains a mini-batch as Markdown', async () => {
    const io = captured()
    expect(await main(['explain', '--samples', '6', '--lr', '2', '--markdown'], io)).toBe(0)
    expect(io.stdout()).toMatch(
      /^## One step of gradient descent: the founding text’s 3-2-3 network, 6 samples, η = 2,/
    )
  })

  it('explains the first parameters of the run an experiment config describes, with its learning rate', async () => {
    const dir = folder()
    const path = join(dir, 'iris.json')
    writeFileSync(path, JSON.stringify(ExperimentC.encode(starter('iris'))))
    const io = captured()
    expect(await main(['explain', path, '--sample', '3'], io)).toBe(0)
    const lr = starter('iris').optimizer.lr
    expect(io.stdout()).toContain(`One step of gradient descent: mlp 4-16-3, 1 sample, η = ${lr},`)
  })

  it('explains a trained model on the data it is given, and asks for data when none is given', async () => {
    const dir = folder()
    const c = starter('xor')
    writeFileSync(
      join(dir, 'xor.json'),
      JSON.stringify(ExperimentC.encode({ ...c, stop: { ...c.stop, maxEpochs: 3, targetAccuracy: null } }))
    )
    expect(await main(['train', join(dir, 'xor.json'), '--out', join(dir, 'run'), '--quiet'], captured())).toBe(0)
    const io = captured()
    expect(await main(['explain', join(dir, 'run', 'model.json'), '--data', 'xor', '--samples', '2'], io)).toBe(0)
    expect(io.stdout()).toMatch(/, 2 samples, η = 0\.5,/)
    const missing = captured()
    expect(await main(['explain', join(dir, 'run', 'model.json')], missing)).toBe(2)
    expect(missing.stderr()).toContain('say which data to explain it on with --data')
  })

  it('refuses bad arguments and unreadable sources with exit code 2, one line each', async () => {
    const io = captured()
    expect(await main(['explain', '--samples', '0', '--lr', '-1'], io)).toBe(2)
    expect(io.stderr()).toContain('--samples: expected a whole number from 1')
    expect(io.stderr()).toContain('--lr: expected a positive finite number')
    const none = captured()
    expect(await main(['explain', join(folder(), 'no-such.json')], none)).toBe(2)
    expect(none.stderr()).toMatch(/no-such\.json: ENOENT/)
  })
})
