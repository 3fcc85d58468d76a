// The founding text's network at the weights and sample of examples/backprop-by-hand.ts, whose
// numbers were checked by hand (h1 = 0.437823, ∂L/∂w7 = −0.030396).
import type { ThreeTwoThree, Triple } from '../../src/nn/threeTwoThree.js'

/** The twelve weights w1..w12 from a list of twelve numbers. */
export const threeTwoThreeOf = (ws: ReadonlyArray<number>): ThreeTwoThree =>
  Object.fromEntries(ws.map((w, i) => [`w${i + 1}`, w])) as ThreeTwoThree

/** w1 = 0.1, w2 = 0.2, …, w12 = 1.2. */
export const tenths: ThreeTwoThree = threeTwoThreeOf([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2])

export const handInput: Triple = [1, 0.5, -1]
export const handLabel: Triple = [1, 0, 0]
