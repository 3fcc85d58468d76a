/**
 * Exclusive or: the four points of the unit square, labelled 1 where exactly one coordinate is
 * 1. No line separates the classes, so a network needs a hidden layer to learn it: the classic
 * reason for hidden layers (Minsky and Papert, 1969).
 *
 * @since 0.2.0
 */
import { unsafeMake } from '../tensor/Tensor.js'
import { unsafeDataset, type Dataset } from './Dataset.js'

/**
 * The XOR table: inputs `[4, 2]` (`(0, 0)`, `(0, 1)`, `(1, 0)`, `(1, 1)`), targets `[4, 1]`
 * (`0`, `1`, `1`, `0`), a single 0/1 column with classes `'0'` and `'1'`.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.xor.targets.data // Float64Array [0, 1, 1, 0]
 *
 * @category bundled data
 * @since 0.2.0
 */
export const xor: Dataset = /* @__PURE__ */ unsafeDataset(
  unsafeMake([4, 2], Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1)),
  unsafeMake([4, 1], Float64Array.of(0, 1, 1, 0)),
  { classes: Object.freeze(['0', '1']), featureNames: Object.freeze(['a', 'b']) }
)
