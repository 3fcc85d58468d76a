/**
 * A fixed 3-class table of 30 samples, small enough to read and to check by hand: the data set
 * the founding text's 3-2-3 network (3 inputs, 2 hidden sigmoid units, 3 sigmoid outputs, no
 * biases) is trained on in the examples.
 *
 * The inputs were drawn once as `threeClusters({ perClass: 10, spread: 0.25 })(key(0))` and
 * rounded to two decimals (a test checks that they still are): row `i` is of class `i mod 3`,
 * a point near `(2, 0, 0)`, `(0, 2, 0)` or `(0, 0, 2)`. Every sample is nearer its own
 * centre than any other, and the classes are linearly separable through the origin; see
 * `threeClusters.ts` for why that suits a network without biases.
 *
 * @since 0.1.0
 */
import { unsafeMake } from '../tensor/Tensor.js'
import { unsafeDataset, type Dataset } from './Dataset.js'
import { unsafeOneHot } from './oneHot.js'

/**
 * The 30 input rows `(x1, x2, x3)`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.threeClassInputs.length // => 30
 * Advanced.Data.threeClassInputs[0] // => [1.81, -0.44, -0.18]: a sample of class 0, near (2, 0, 0)
 *
 * @category bundled data
 * @since 0.1.0
 */
export const threeClassInputs: ReadonlyArray<readonly [number, number, number]> = Object.freeze(
  (
    [
      [1.81, -0.44, -0.18],
      [0.38, 2.31, -0.29],
      [0.1, -0.24, 1.9],
      [1.9, -0.31, -0.13],
      [-0.13, 2.07, -0.11],
      [-0.15, -0.15, 2.58],
      [1.93, 0.09, -0.26],
      [0.21, 2.05, -0.44],
      [0.1, -0.31, 2.02],
      [1.69, -0.23, -0.05],
      [-0.37, 1.62, -0.05],
      [0.21, -0.25, 1.55],
      [1.84, -0.1, -0.13],
      [0.03, 2.15, -0.29],
      [-0.17, 0.18, 1.68],
      [1.79, 0.24, -0.17],
      [-0.1, 2.01, 0.3],
      [0.1, 0.05, 1.89],
      [2.08, 0.44, -0.31],
      [0.18, 1.79, -0.4],
      [0.09, -0.24, 2.13],
      [1.66, -0.07, -0.38],
      [-0.23, 2.12, -0.06],
      [-0.13, -0.32, 1.97],
      [1.93, 0.2, -0.16],
      [0.12, 2.16, 0.18],
      [-0.23, 0.23, 2.14],
      [1.86, 0.03, 0.27],
      [-0.26, 2.06, 0.26],
      [-0.23, 0.27, 1.87]
    ] as const
  ).map((row) => Object.freeze(row))
)

/**
 * The class of each row: `i mod 3`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // row i is of class i mod 3
 * Advanced.Data.threeClassLabels.slice(0, 4) // => [0, 1, 2, 0]
 *
 * @category bundled data
 * @since 0.1.0
 */
export const threeClassLabels: ReadonlyArray<number> = Object.freeze(threeClassInputs.map((_, i) => i % 3))

/**
 * The table as a data set: inputs `[30, 3]`, one-hot targets `[30, 3]`.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.size(Data.threeClass) // 30
 * Data.labels(Data.threeClass).slice(0, 4) // [0, 1, 2, 0]
 *
 * @category bundled data
 * @since 0.1.0
 */
export const threeClass: Dataset = unsafeDataset(
  unsafeMake([30, 3], Float64Array.from(threeClassInputs.flat())),
  unsafeOneHot(3, threeClassLabels)
)
