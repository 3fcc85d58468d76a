/**
 * A supervised data set: the inputs `[n, features]` and the targets `[n, outputs]` of `n`
 * samples, row `i` of each belonging to sample `i`. Targets are one-hot rows for
 * classification (see {@link fromLabels}) or real-valued rows for regression.
 *
 * Invariants, established by every constructor and kept by every operation:
 * - inputs and targets are matrices with the same number of rows, at least one;
 * - there is at least one feature column and at least one target column;
 * - every value is finite;
 * - nothing writes into either tensor once the data set has been returned.
 *
 * Constructors validate and answer `Either`; a Left names the row and column at fault.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as kernels from '../tensor/kernels.js'
import { describe, ownValue } from '../tensor/describe.js'
import { firstNonFinite, isTensor, MAX_ELEMENTS, unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { finite, guarded, optional, record, type Kind } from '../tensor/guards.js'
import { invalidArgument, nonFinite, shapeMismatch, showShape } from '../tensor/TensorError.js'
import { emptyDataset, type DataError } from './DataError.js'
import { datasetKind, tensorKind } from './kinds.js'
import { oneHot } from './oneHot.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.1.0
 */
export interface Dataset {
  readonly _tag: 'Dataset'
  /** `[n, features]` */
  readonly inputs: Tensor
  /** `[n, outputs]` */
  readonly targets: Tensor
  /**
   * The name of each class, in the order of the target columns (two names, negative first,
   * for a single 0/1 target column); absent when the classes have no names.
   *
   * @since 0.2.0
   */
  readonly classes?: ReadonlyArray<string>
  /**
   * The name of each input column, in order; absent when the columns have no names.
   *
   * @since 0.2.0
   */
  readonly featureNames?: ReadonlyArray<string>
}

/**
 * The names a data set may carry: its classes and its input columns.
 *
 * @category model
 * @since 0.2.0
 */
export interface Names {
  readonly classes?: ReadonlyArray<string>
  readonly featureNames?: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** A list of rows, each read and checked by `matrixOfRows`. */
const rowsKind: Kind = { expected: 'an array of rows of numbers', test: Array.isArray }

/** A list of labels, read one by one by `oneHot`. */
const labelsKind: Kind = { expected: 'an array of labels', test: Array.isArray }

/**
 * Wraps two matrices the caller vouches for (same rows, at least one, finite), with names that
 * fit them.
 *
 * @internal
 */
export const unsafeDataset = (inputs: Tensor, targets: Tensor, names: Names = {}): Dataset =>
  Object.freeze({ _tag: 'Dataset' as const, inputs, targets, ...namesOf(names) })

/**
 * The names a data set carries, only those it has (so that a data set without names keeps no
 * `undefined` keys).
 *
 * @internal
 */
export const namesOf = (d: Names): Names => ({
  ...(d.classes === undefined ? {} : { classes: d.classes }),
  ...(d.featureNames === undefined ? {} : { featureNames: d.featureNames })
})

const checkMatrix =
  (name: 'inputs' | 'targets') =>
  (t: Tensor): E.Either<DataError, Tensor> =>
    t.shape.length === 2
      ? E.right(t)
      : E.left(
          shapeMismatch('Dataset', [t.shape], `${name} must be a matrix [samples, columns], got rank ${t.shape.length}`)
        )

const checkColumns =
  (name: 'inputs' | 'targets') =>
  (t: Tensor): E.Either<DataError, Tensor> =>
    t.shape[1] === 0 ? E.left(shapeMismatch('Dataset', [t.shape], `${name} need at least one column`)) : E.right(t)

const checkFiniteRows =
  (name: 'inputs' | 'targets') =>
  (t: Tensor): E.Either<DataError, Tensor> => {
    const i = firstNonFinite(t.data)
    if (i < 0) return E.right(t)
    const width = t.shape[1] as number
    return E.left(
      nonFinite(`Dataset ${name}, row ${Math.floor(i / width)}, column ${i % width}`, i, t.data[i] as number)
    )
  }

const checkRows = (inputs: Tensor, targets: Tensor): E.Either<DataError, number> => {
  const n = inputs.shape[0] as number
  const m = targets.shape[0] as number
  if (n !== m)
    return E.left(shapeMismatch('Dataset', [inputs.shape, targets.shape], `inputs have ${n} rows, targets ${m}`))
  return n === 0 ? E.left(emptyDataset('Dataset')) : E.right(n)
}

/** The rows of a list of lists as one row-major array, or which row is ragged. */
const matrixOfRows = (
  name: 'inputs' | 'targets',
  rows: ReadonlyArray<ReadonlyArray<number>>
): E.Either<DataError, Tensor> => {
  const first: unknown = rows[0]
  const width = Array.isArray(first) ? first.length : 0
  if (rows.length * width > MAX_ELEMENTS)
    return E.left(invalidArgument('fromRows', `${name} have more than ${MAX_ELEMENTS} values`))
  const data = new Float64Array(rows.length * width)
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r]
    if (!Array.isArray(row))
      return E.left(invalidArgument('fromRows', `${name} row ${r} is ${describe(row)}; expected an array of numbers`))
    if (row.length !== width)
      return E.left(invalidArgument('fromRows', `${name} row ${r} has ${row.length} values; row 0 has ${width}`))
    for (let c = 0; c < width; c++) {
      const x: unknown = row[c]
      if (typeof x !== 'number')
        return E.left(invalidArgument('fromRows', `${name} row ${r}, column ${c} is ${describe(x)}; expected a number`))
      data[r * width + c] = x
    }
  }
  return E.right(unsafeMake([rows.length, width], data))
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A data set of inputs `[n, features]` and targets `[n, outputs]`, checked: both matrices,
 * the same `n ≥ 1` rows, at least one column each, every value finite. The tensors are kept
 * as they are, not copied (tensors are never written into).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Tensor } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromArray([2, 3])([1, 0, 0, 0, 1, 0])),
 *   E.apS('y', Tensor.fromArray([2, 2])([1, 0, 0, 1])),
 *   E.chainW(({ x, y }) => Data.make(x, y))
 * ) // right: 2 samples, 3 features, 2 outputs
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (inputs: Tensor, targets: Tensor): E.Either<DataError, Dataset> =>
  pipe(
    notTensors(inputs, targets),
    E.bind('x', () => checkMatrix('inputs')(inputs)),
    E.bind('y', () => checkMatrix('targets')(targets)),
    E.chainFirst(({ x, y }) => checkRows(x, y)),
    E.chainFirst(({ x }) => checkColumns('inputs')(x)),
    E.chainFirst(({ y }) => checkColumns('targets')(y)),
    E.chainFirst(({ x }) => checkFiniteRows('inputs')(x)),
    E.chainFirst(({ y }) => checkFiniteRows('targets')(y)),
    E.map(({ x, y }) => unsafeDataset(x, y))
  )

/** A Left when `inputs` or `targets` is not a tensor at all (`null` from JSON, a nested array). */
const notTensors = (inputs: unknown, targets: unknown): E.Either<DataError, object> =>
  isTensor(inputs) && isTensor(targets)
    ? E.right({})
    : E.left(
        invalidArgument(
          'Dataset',
          `inputs and targets are tensors; got ${describe(inputs)} and ${describe(targets)} (Data.fromRows reads rows)`
        )
      )

/**
 * Right with `u` when it is a data set with every invariant {@link make} checks: a `null`, a
 * string or a hand-built record where a data set belongs answers a Left rather than a
 * `TypeError` later.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.validateDataset(Data.threeClass) // right: the bundled set
 * Data.validateDataset(null) // left: Dataset: expected a data set, got null
 *
 * @category validation
 * @since 0.2.0
 */
export const validateDataset = (u: unknown): E.Either<DataError, Dataset> =>
  typeof u === 'object' && u !== null && ownValue(u, '_tag') === 'Dataset'
    ? make(ownValue(u, 'inputs') as Tensor, ownValue(u, 'targets') as Tensor)
    : E.left(invalidArgument('Dataset', `expected a data set, got ${describe(u)}`))

/**
 * A data set from rows of numbers: `inputs[i]` and `targets[i]` are sample `i`. Every row of
 * `inputs` must have the same length, and so must every row of `targets`; then as {@link make}.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.fromRows([[0.5, 1], [1, 0.5]], [[1, 0], [0, 1]]) // right: 2 samples, 2 features, 2 outputs
 * Data.fromRows([[0.5, 1], [1]], [[1], [0]]) // left: fromRows: inputs row 1 has 1 values; row 0 has 2
 * Data.fromRows([[0.5, NaN]], [[1]]) // left: Dataset inputs, row 0, column 1: element 1 is NaN; ...
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromRows = (
  inputs: ReadonlyArray<ReadonlyArray<number>>,
  targets: ReadonlyArray<ReadonlyArray<number>>
): E.Either<DataError, Dataset> =>
  guarded(
    'fromRows',
    [
      ['inputs', inputs, rowsKind],
      ['targets', targets, rowsKind]
    ],
    () => rowsDataset(inputs, targets)
  )

const rowsDataset = (
  inputs: ReadonlyArray<ReadonlyArray<number>>,
  targets: ReadonlyArray<ReadonlyArray<number>>
): E.Either<DataError, Dataset> =>
  pipe(
    E.Do,
    E.apS('x', matrixOfRows('inputs', inputs)),
    E.apS('y', matrixOfRows('targets', targets)),
    E.chain(({ x, y }) => make(x, y))
  )

/**
 * A classification data set from inputs `[n, features]` and `n` class labels, each an integer
 * in `0 … classes − 1`: the targets are the labels one-hot encoded, `[n, classes]`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Tensor } from 'gradfold'
 * pipe(
 *   Tensor.fromArray([3, 1])([0.1, 0.5, 0.9]),
 *   E.chainW((x) => Data.fromLabels(3)(x, [0, 1, 2]))
 * ) // right: targets [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromLabels =
  (classes: number) =>
  (inputs: Tensor, labels: ReadonlyArray<number>): E.Either<DataError, Dataset> =>
    guarded(
      'fromLabels',
      [
        ['inputs', inputs, tensorKind],
        ['labels', labels, labelsKind]
      ],
      () => labelledDataset(classes, inputs, labels)
    )

const labelledDataset = (
  classes: number,
  inputs: Tensor,
  labels: ReadonlyArray<number>
): E.Either<DataError, Dataset> =>
  inputs.shape.length === 2 && inputs.shape[0] !== labels.length
    ? E.left(
        shapeMismatch(
          'fromLabels',
          [inputs.shape, [labels.length]],
          `inputs have ${inputs.shape[0]} rows, labels ${labels.length}`
        )
      )
    : pipe(
        oneHot(classes)(labels),
        E.chain((targets) => make(inputs, targets))
      )

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The number of samples, `n`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data } from 'gradfold'
 * // three rows of two features, each labelled with one of three classes
 * const three = Data.fromRows([[0.5, 1], [1, 0.5], [0, 0]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
 * pipe(three, E.map(Data.size)) // right(3)
 *
 * @category destructors
 * @since 0.1.0
 */
export const size = (d: Dataset): number => d.inputs.shape[0] as number

/**
 * The number of input columns.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data } from 'gradfold'
 * const three = Data.fromRows([[0.5, 1], [1, 0.5], [0, 0]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
 * pipe(three, E.map(Data.features)) // right(2)
 * Data.features(Data.threeClass) // => 3
 *
 * @category destructors
 * @since 0.1.0
 */
export const features = (d: Dataset): number => d.inputs.shape[1] as number

/**
 * The number of target columns (the number of classes, for one-hot targets).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data } from 'gradfold'
 * const three = Data.fromRows([[0.5, 1], [1, 0.5], [0, 0]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
 * pipe(three, E.map(Data.outputs)) // right(3)
 *
 * @category destructors
 * @since 0.1.0
 */
export const outputs = (d: Dataset): number => d.targets.shape[1] as number

/**
 * The class of each sample: the column of its largest target, the first on ties. For one-hot
 * targets these are the labels they encode, so `labels(fromLabels(k)(x, ls))` is `ls`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data } from 'gradfold'
 * // each row's class: the column of its one-hot target
 * const three = Data.fromRows([[0.5, 1], [1, 0.5], [0, 0]], [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
 * pipe(three, E.map(Data.labels)) // right([1, 2, 0])
 *
 * @category destructors
 * @since 0.1.0
 */
export const labels = (d: Dataset): ReadonlyArray<number> =>
  Array.from(kernels.argmaxRows(d.targets.data, { rows: size(d), cols: outputs(d) }))

/**
 * The name of each class: the data set's own names, or `"0"`, `"1"`, … when it has none (two
 * for a single 0/1 target column).
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.classNames(Data.threeClass) // ['0', '1', '2']
 *
 * @category destructors
 * @since 0.2.0
 */
export const classNames = (d: Dataset): ReadonlyArray<string> =>
  d.classes ?? Array.from({ length: Math.max(2, outputs(d)) }, (_, i) => String(i))

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

const checkNames = (
  what: 'class' | 'feature',
  names: ReadonlyArray<string>,
  expected: number
): E.Either<DataError, ReadonlyArray<string>> => {
  if (!Array.isArray(names)) return E.left(invalidArgument('withNames', `${what} names must be a list of strings`))
  if (names.length !== expected)
    return E.left(
      invalidArgument(
        'withNames',
        `${names.length} ${what} names for ${expected} ${what === 'class' ? 'classes' : 'input columns'}`
      )
    )
  const seen = new Set<string>()
  for (const name of names) {
    if (typeof name !== 'string') return E.left(invalidArgument('withNames', `${what} names must be strings`))
    if (seen.has(name)) return E.left(invalidArgument('withNames', `${what} name ${JSON.stringify(name)} is repeated`))
    seen.add(name)
  }
  return E.right(Object.freeze(names.slice()))
}

/**
 * The data set with names for its classes (one per target column, or two for a single 0/1
 * column) and its input columns; each list distinct. Names left out are kept as they were.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data } from 'gradfold'
 * pipe(Data.threeClass, Data.withNames({ classes: ['a', 'b', 'c'] }), E.map(Data.classNames)) // right(['a', 'b', 'c'])
 * Data.withNames({ classes: ['a', 'b'] })(Data.threeClass) // left: withNames: 2 class names for 3 classes
 *
 * @category combinators
 * @since 0.2.0
 */
export const withNames =
  (names: Names) =>
  (d: Dataset): E.Either<DataError, Dataset> =>
    typeof names !== 'object' || names === null
      ? E.left(invalidArgument('withNames', 'the names must be a record { classes?, featureNames? }'))
      : !datasetKind.test(d)
        ? E.left(invalidArgument('withNames', `the data set is ${describe(d)}; expected ${datasetKind.expected}`))
        : pipe(
            E.Do,
            E.apS(
              'classes',
              names.classes === undefined
                ? E.right(d.classes)
                : checkNames('class', names.classes, outputs(d) === 1 ? 2 : outputs(d))
            ),
            E.apS(
              'featureNames',
              names.featureNames === undefined
                ? E.right(d.featureNames)
                : checkNames('feature', names.featureNames, features(d))
            ),
            E.map((checked) => unsafeDataset(d.inputs, d.targets, checked as Names))
          )

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * Right when the data set has the widths a model expects: `features` input columns and
 * `outputs` target columns (either may be left out); otherwise a `ShapeMismatch` naming both.
 *
 * @example
 * import { Data } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.validateWidths({ features: 3, outputs: 3 })(Data.threeClass) // right: Data.threeClass itself, 3 features and 3 outputs
 * Advanced.Data.validateWidths({ outputs: 2 })(Data.threeClass) // left: validateWidths: the model gives 2 outputs; targets [30, 3] have 3
 *
 * @category validation
 * @since 0.1.0
 */
export const validateWidths =
  (expected: { readonly features?: number; readonly outputs?: number }) =>
  (d: Dataset): E.Either<DataError, Dataset> =>
    guarded(
      'validateWidths',
      [
        ['expected', expected, record],
        ['expected.features', (expected as Record<string, unknown> | null)?.['features'], optional(finite)],
        ['expected.outputs', (expected as Record<string, unknown> | null)?.['outputs'], optional(finite)],
        ['the data set', d, datasetKind]
      ],
      () => widthsAgree(expected, d)
    )

const widthsAgree = (
  expected: { readonly features?: number; readonly outputs?: number },
  d: Dataset
): E.Either<DataError, Dataset> => {
  const { features: f, outputs: o } = expected
  if (f !== undefined && f !== features(d))
    return E.left(
      shapeMismatch(
        'validateWidths',
        [d.inputs.shape],
        `the model takes ${f} features; inputs ${showShape(d.inputs.shape)} have ${features(d)}`
      )
    )
  if (o !== undefined && o !== outputs(d))
    return E.left(
      shapeMismatch(
        'validateWidths',
        [d.targets.shape],
        `the model gives ${o} outputs; targets ${showShape(d.targets.shape)} have ${outputs(d)}`
      )
    )
  return E.right(d)
}
