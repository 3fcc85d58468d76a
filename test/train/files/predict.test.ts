import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { fromNested } from '../../../src/tensor/nested.js'
import { mlp } from '../../../src/nn/mlp.js'
import type { LossName } from '../../../src/nn/lossName.js'
import { modelFile, type ModelFile } from '../../../src/train/files/ModelFile.js'
import * as _ from '../../../src/train/files/predict.js'
import { getLeft, getRight } from '../../either.js'

/** One layer without bias, w = [[1, −1]]: outputs (x, −x), on inputs standardised by mean 1, std 2. */
const oneLayer = (loss: LossName, classes: ReadonlyArray<string> | null = ['no', 'yes']): ModelFile =>
  getRight(
    pipe(
      E.Do,
      E.apS('net', mlp({ sizes: [1, 2], activations: ['identity'], bias: false })),
      E.apSW('w', fromNested([[1, -1]])),
      E.apSW('mean', fromNested([1])),
      E.apSW('std', fromNested([2])),
      E.chainW(({ net, w, mean, std }) =>
        modelFile({ net, loss, params: [{ w }], classes, standardizer: { _tag: 'Standardizer', mean, std } })
      )
    )
  )

describe('predict', () => {
  it('standardises raw rows, then applies the softmax a logit loss implies', () => {
    const p = getRight(_.predict(oneLayer('softmaxCrossEntropy'))([[1], [3]]))
    // row 1: z = 0, outputs (0, 0) → (½, ½); row 2: z = 1, outputs (1, −1) → (e/(e+e⁻¹), e⁻¹/(e+e⁻¹))
    const e = Math.E
    expect(Array.from(p.data)).toEqual(
      [0.5, 0.5, e / (e + 1 / e), 1 / e / (e + 1 / e)].map((x) => expect.closeTo(x, 15))
    )
  })

  it('applies the sigmoid for a binary logit loss, and nothing for a loss on predictions', () => {
    const s = getRight(_.predict(oneLayer('sigmoidBinaryCrossEntropy'))([[3]]))
    expect(Array.from(s.data)).toEqual(
      [1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1))].map((x) => expect.closeTo(x, 15))
    )
    expect(Array.from(getRight(_.predict(oneLayer('mse'))([[3]])).data)).toEqual([1, -1])
  })

  it('takes a tensor as well as rows, and an empty list of rows', () => {
    const x = getRight(fromNested([[5]]))
    expect(Array.from(getRight(_.predict(oneLayer('mse'))(x)).data)).toEqual([2, -2])
    expect(getRight(_.predict(oneLayer('mse'))([])).shape).toEqual([0, 2])
  })

  it('refuses rows of the wrong width or with a non-finite value', () => {
    expect(getLeft(_.predict(oneLayer('mse'))([[1, 2]]))._tag).toBe('ShapeMismatch')
    expect(getLeft(_.predict(oneLayer('mse'))([[Number.NaN]]))._tag).not.toBe(undefined)
    expect(getLeft(_.predict(oneLayer('mse'))([[1], [2, 3]]))._tag).not.toBe(undefined)
  })
})

describe('predictClasses', () => {
  it('names the class of the largest output', () => {
    expect(getRight(_.predictClasses(oneLayer('softmaxCrossEntropy'))([[3], [-1], [1.5]]))).toEqual(['no', 'yes', 'no'])
  })

  it('numbers the classes when the model has no names', () => {
    expect(getRight(_.predictClasses(oneLayer('mse', null))([[3], [-1]]))).toEqual(['0', '1'])
  })

  it('thresholds a single output at ½', () => {
    const single = getRight(
      pipe(
        E.Do,
        E.apS('net', mlp({ sizes: [1, 1], activations: ['sigmoid'], bias: false })),
        E.apSW('w', fromNested([[1]])),
        E.chainW(({ net, w }) => modelFile({ net, loss: 'crossEntropy', params: [{ w }], classes: ['low', 'high'] }))
      )
    )
    expect(getRight(_.predictClasses(single)([[-0.1], [0], [2]]))).toEqual(['low', 'high', 'high'])
  })
})

describe('a value that is not a model file', () => {
  it('answers InvalidArgument rather than throwing', () => {
    const m = oneLayer('mse')
    const forged: ReadonlyArray<unknown> = [
      null,
      { _tag: 'ModelFile' },
      { ...m, params: [] },
      { ...m, standardizer: { mean: 1 } },
      { ...m, classes: ['only one'] },
      { ...m, architecture: { ...m.architecture, activations: [{ leakyRelu: { toString: 1 } }] } }
    ]
    for (const f of forged) {
      expect(getLeft(_.predict(f as ModelFile)([[1]]))._tag).toBe('InvalidArgument')
      expect(getLeft(_.predictClasses(f as ModelFile)([[1]]))._tag).toBe('InvalidArgument')
    }
  })
})
