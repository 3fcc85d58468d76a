/**
 * One-hot encoding: class label `c` of `k` classes becomes the row with a 1 in column `c` and 0
 * elsewhere, the target the founding text's 3-class network is trained on.
 *
 * Law (checked in `laws/data.laws.test.ts`): the arg-max of each encoded row is its label, so
 * `labels` after `fromLabels` gives the labels back.
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { MAX_ELEMENTS, unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { array, checkArguments } from '../tensor/guards.js'
import { invalidArgument } from '../tensor/TensorError.js'
import { argmaxRows } from '../tensor/kernels.js'
import { invalidLabel, type DataError } from './DataError.js'

/**
 * The index of the first label that is not an integer in `0 … classes − 1`, or −1.
 *
 * @internal
 */
export const firstInvalidLabel = (classes: number, labels: ReadonlyArray<number>): number => {
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) return i
  }
  return -1
}

const checkClasses = (classes: number, rows: number): E.Either<DataError, number> =>
  !Number.isInteger(classes) || classes < 1
    ? E.left(invalidArgument('oneHot', `classes is ${describe(classes)}; expected an integer of at least 1`))
    : rows * classes > MAX_ELEMENTS
      ? E.left(invalidArgument('oneHot', `${rows} labels of ${classes} classes make more than ${MAX_ELEMENTS} values`))
      : E.right(classes)

/**
 * The one-hot rows of labels the caller vouches are integers in `0 … k − 1`.
 *
 * @internal
 */
export const unsafeOneHot = (k: number, labels: ReadonlyArray<number>): Tensor => {
  const data = new Float64Array(labels.length * k)
  for (let i = 0; i < labels.length; i++) data[i * k + (labels[i] as number)] = 1
  return unsafeMake([labels.length, k], data)
}

/**
 * The `[n, classes]` matrix whose row `i` is 1 in column `labels[i]` and 0 elsewhere. A label
 * that is not an integer from 0 to `classes − 1` answers `InvalidLabel` naming its row.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.oneHot(3)([2, 0]) // right: [[0, 0, 1], [1, 0, 0]]
 * Data.oneHot(3)([0, 3]) // left: label of row 1 is 3; expected an integer from 0 to 2
 *
 * @category encoders
 * @since 0.1.0
 */
export const oneHot =
  (classes: number) =>
  (labels: ReadonlyArray<number>): E.Either<DataError, Tensor> =>
    pipe(
      checkArguments('oneHot', [['labels', labels, array]]),
      E.flatMap(() => checkClasses(classes, labels.length)),
      E.chain((k) => {
        const bad = firstInvalidLabel(k, labels)
        return bad >= 0 ? E.left(invalidLabel(bad, labels[bad] as number, k)) : E.right(unsafeOneHot(k, labels))
      })
    )

/**
 * The class number of each one-hot row, as a `[n]` tensor: the labels a sparse loss
 * (`NN.sparseSoftmaxCrossEntropy`) takes, from the targets a data set holds (a row's class is its
 * largest column, the first on ties). For the experiment's sparse loss; not exported, since it
 * reads a tensor the library made.
 *
 * @internal
 */
export const labelColumn = (targets: Tensor): Tensor => {
  const [n = 0, k = 1] = targets.shape
  return unsafeMake([n], Float64Array.from(argmaxRows(targets.data, { rows: n, cols: k })))
}
