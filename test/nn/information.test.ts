import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/nn/information.js'
import { crossEntropy as crossEntropyLoss } from '../../src/nn/losses.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'

describe('entropy', () => {
  it('is log n for n equally likely outcomes and 0 for a certain one, 0 · log 0 counted as 0', () => {
    expect(pipe([0.25, 0.25, 0.25, 0.25], _.entropy({ base: 2 }))).toStrictEqual(E.right(2))
    expect(pipe([0.5, 0.5], _.entropy())).toStrictEqual(E.right(Math.LN2))
    expect(pipe([0, 1, 0], _.entropy())).toStrictEqual(E.right(0))
    expect(getRight(pipe([1 / 3, 1 / 3, 1 / 3], _.entropy({ base: 3 })))).toBeCloseTo(1, 15)
  })
})

describe('crossEntropy', () => {
  it('is the founding text’s −Σ y log₂ ŷ: 2 bits for a true class given ¼', () => {
    expect(pipe([0.5, 0.25, 0.25], _.crossEntropy([0, 1, 0], { base: 2 }))).toStrictEqual(E.right(2))
  })

  it('equals the crossEntropy loss on one sample, bit for bit, zeros included', () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<number>, ReadonlyArray<number>]> = [
      [
        [0.2, 0.3, 0.5],
        [0.1, 0.6, 0.3]
      ],
      [
        [0, 1, 0],
        [0, 0.7, 0.3]
      ]
    ]
    for (const [p, q] of cases) {
      for (const base of ['e', 2] as const) {
        const loss = getRight(
          AD.value((v: AD.Traced<{ q: Tensor }>) => crossEntropyLoss(t([p]), base === 2 ? { base } : {})(v.q))({
            q: t([q])
          })
        )
        expect(Object.is(getRight(_.crossEntropy(p, { base })(q)), loss)).toBe(true)
      }
    }
  })
})

describe('klDivergence', () => {
  it('is Σ p log(p / q): ½ log₂(½ / ¼) + ½ log₂(½ / ¾) for a fair coin coded as ¼ : ¾', () => {
    const exact = 0.5 * Math.log2(0.5 / 0.25) + 0.5 * Math.log2(0.5 / 0.75)
    expect(getRight(pipe([0.25, 0.75], _.klDivergence([0.5, 0.5], { base: 2 })))).toBeCloseTo(exact, 15)
  })
})

describe('bad distributions', () => {
  it('are Lefts that say what is wrong', () => {
    expect(getLeft(pipe([], _.entropy())).message).toMatch(/p is empty/)
    expect(getLeft(pipe([0.5, -0.5, 1], _.entropy())).message).toMatch(/p\[1\] is -0.5/)
    expect(getLeft(pipe([0.5, Number.NaN], _.entropy())).message).toMatch(/p\[1\] is NaN/)
    expect(getLeft(pipe([0.5, 0.6], _.entropy())).message).toMatch(/sums to 1.1/)
    expect(getLeft(pipe([1], _.crossEntropy([0.5, 0.5]))).message).toMatch(/p has 2 outcomes, q 1/)
    expect(getLeft(pipe([1, 0], _.klDivergence([0.5, 0.5]))).message).toMatch(
      /q gives outcome 1 probability 0 .* infinite/
    )
    expect(getLeft(pipe([1], _.entropy({ base: 1 }))).message).toMatch(/base 1/)
    expect(getLeft(pipe([1], _.entropy({ base: -2 }))).message).toMatch(/base -2/)
  })
})
