import { describe, expect, it } from 'vitest'
import { explainThreeTwoThree } from '../../../src/train/teaching/explain.js'
import * as _ from '../../../src/train/teaching/renderExplanation.js'
import { getRight } from '../../either.js'
import { tenths } from '../../nn/fixtures.js'

const w = tenths
const e = getRight(explainThreeTwoThree(0.5)(w, { inputs: [[1, 0.5, -1]], targets: [[1, 0, 0]] }))
const two = getRight(
  explainThreeTwoThree(0.5)(w, {
    inputs: [
      [1, 0.5, -1],
      [0, 1, 0]
    ],
    targets: [
      [1, 0, 0],
      [0, 1, 0]
    ]
  })
)

/** The weight names in the order a rendering lists them. */
const weightOrder = (text: string): ReadonlyArray<string> =>
  text
    .split('\n')
    .map((line) => /^\|? ?(w\d+|b\d+)\b/.exec(line)?.[1])
    .filter((x): x is string => x !== undefined)

describe('naturalCompare', () => {
  it('orders numbered names by their numbers', () => {
    expect(['w10', 'w2', 'w1', 'w12', 'h1.10', 'h1.2'].sort(_.naturalCompare)).toEqual([
      'h1.2',
      'h1.10',
      'w1',
      'w2',
      'w10',
      'w12'
    ])
  })
})

describe('renderExplanation', () => {
  it('lists the weights w1, w2, …, w12 in the text’s order, in both formats', () => {
    const names = Array.from({ length: 12 }, (_, i) => `w${i + 1}`)
    expect(weightOrder(_.renderExplanation('table')(e))).toEqual(names)
    expect(weightOrder(_.renderExplanation('markdown')(e))).toEqual(names)
  })

  it('also when the explanation holds them in another order', () => {
    const shuffled = { ...e, weights: [...e.weights].reverse() }
    expect(weightOrder(_.renderExplanation('table')(shuffled))).toEqual(weightOrder(_.renderExplanation('table')(e)))
  })

  it('prints w7’s chain rule with its numbers, its gradient and its update', () => {
    const line = _.renderExplanation('table')(e)
      .split('\n')
      .find((l) => l.startsWith('w7 '))!
    expect(line).toMatch(
      /h1 → ŷ1 +0\.700000 +∂L\/∂ŷ1 · ∂ŷ1\/∂z1 · ∂z1\/∂w7 = -0\.319376 · 0\.217375 · 0\.437823 +-0\.030396 +0\.715198$/
    )
  })

  it('writes Markdown tables with a header rule', () => {
    const md = _.renderExplanation('markdown')(e)
    expect(md).toContain(
      '| weight | joins | w | chain rule | ∂L/∂w | w − η·∂L/∂w |\n| --- | --- | --- | --- | --- | --- |'
    )
    expect(md.startsWith('## One step of gradient descent: the founding text’s 3-2-3 network, 1 sample')).toBe(true)
  })

  it('gives each sample of a batch its own row', () => {
    const table = _.renderExplanation('table')(two)
    expect(table).toContain('2 samples')
    expect(table.split('\n').filter((l) => /^\d +h1 /.test(l))).toHaveLength(4)
  })
})
