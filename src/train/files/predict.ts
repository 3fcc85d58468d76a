/**
 * Predicting with a model file, from raw rows: the rows are prepared (categories one-hot, missing
 * cells) and standardised as the model's training inputs were, run through the network, and, when the model was trained on logits, turned into
 * probabilities (`softmaxCrossEntropy`: softmax of each row; `sigmoidBinaryCrossEntropy`: the
 * sigmoid of each output). Otherwise the network's outputs are the answer as they are: class
 * probabilities for a softmax or sigmoid output layer, values for regression.
 *
 * A class is the column of the largest output (the first on ties), or, for a single output, the
 * second class name when the output is at least ½ and the first otherwise; it is reported by
 * its name (`"0"`, `"1"`, … when the model has none).
 *
 * Law: `predict(m)(rows)` is the network's forward pass on `standardizeInputs(m.standardizer)
 * (rows)` followed by the loss's link function, bit for bit.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { sigmoid } from '../../ad/ops/activations.js'
import { softmax } from '../../ad/ops/softmax.js'
import type { AdError } from '../../ad/AdError.js'
import { evaluate, type Traced } from '../../ad/valueAndGrad.js'
import type { Var } from '../../ad/Var.js'
import type { DataError } from '../../data/DataError.js'
import { standardizeInputs } from '../../data/Standardizer.js'
import { applyPreparation, type PreparedRows } from '../../data/Preparation.js'
import { inputsOfTable, recordsTable, type Table, type TableInputs } from '../../data/table.js'
import { mlp, type MlpParams } from '../../nn/mlp.js'
import { argmaxRows } from '../../tensor/kernels.js'
import { fromNested } from '../../tensor/nested.js'
import { isTensor, unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { shapeMismatch, showShape, type TensorError } from '../../tensor/TensorError.js'
import { validateModelFile, type ModelFile } from './ModelFile.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Rows to predict from: a `[n, inputs]` tensor or a list of `n` rows of numbers (the network's
 * inputs before standardisation); or raw rows by column name, as records (`[{ island: 'Dream',
 * bill_length_mm: 39.5, … }]`) or a table (`Data.Table`, e.g. a parsed CSV file), which the
 * model's preparation turns into inputs (categories one-hot, missing cells as it was trained)
 * or, without one, whose columns named as the model's features are read as numbers.
 *
 * @category model
 * @since 0.2.0
 */
export type Rows =
  Tensor | ReadonlyArray<ReadonlyArray<number>> | ReadonlyArray<Readonly<Record<string, unknown>>> | Table

/**
 * Why a prediction failed: rows of the wrong width or with non-finite values, or a forward pass
 * that did not go through.
 *
 * @category model
 * @since 0.2.0
 */
export type PredictError = DataError | AdError | TensorError

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const isTable = (rows: unknown): rows is Table =>
  typeof rows === 'object' && rows !== null && !isTensor(rows) && 'header' in rows && 'rows' in rows

const isRecordRow = (row: unknown): boolean => typeof row === 'object' && row !== null && !Array.isArray(row)

/** A table's (or records') inputs as the model takes them: prepared, or its feature columns read. */
const tableInputs = (m: ModelFile, table: Table): E.Either<PredictError, Tensor> =>
  m.preparation !== null
    ? E.map((r: PreparedRows) => r.inputs)(applyPreparation(m.preparation)(table))
    : E.map((r: TableInputs) => r.inputs)(
        inputsOfTable({
          features: m.featureNames ?? Array.from({ length: m.architecture.sizes[0]! }, (_, i) => `x${i + 1}`)
        })(table)
      )

const asMatrix = (m: ModelFile, rows: Rows): E.Either<PredictError, Tensor> => {
  const inputs = m.architecture.sizes[0] as number
  if (!isTensor(rows) && Array.isArray(rows) && rows.length === 0)
    return E.right(unsafeMake([0, inputs], new Float64Array(0)))
  if (isTable(rows)) return tableInputs(m, rows)
  if (Array.isArray(rows) && rows.every(isRecordRow))
    return E.chainW((t: Table) => tableInputs(m, t))(recordsTable(rows))
  return pipe(
    isTensor(rows) ? E.right(rows) : fromNested(rows as ReadonlyArray<ReadonlyArray<number>>),
    E.chainW((x) =>
      x.shape.length === 2 && x.shape[1] === inputs
        ? E.right(x)
        : E.left(
            shapeMismatch('predict', [x.shape], `the model takes rows of ${inputs} inputs; given ${showShape(x.shape)}`)
          )
    )
  )
}

const link = (m: ModelFile): ((v: Var) => Var) =>
  m.architecture.loss === 'softmaxCrossEntropy' || m.architecture.loss === 'sparseSoftmaxCrossEntropy'
    ? softmax
    : m.architecture.loss === 'sigmoidBinaryCrossEntropy'
      ? sigmoid
      : (v) => v

const forward = (m: ModelFile, x: Tensor): E.Either<PredictError, Tensor> => {
  const outputs = m.architecture.sizes[m.architecture.sizes.length - 1] as number
  if (x.shape[0] === 0) return E.right(unsafeMake([0, outputs], new Float64Array(0)))
  const head = link(m)
  return pipe(
    mlp({ sizes: m.architecture.sizes, activations: m.architecture.activations, bias: m.architecture.bias }),
    E.chainW((net) => evaluate((p: Traced<MlpParams>) => head(net.forward(p)(x)))(m.params))
  )
}

// -------------------------------------------------------------------------------------
// predictions
// -------------------------------------------------------------------------------------

/**
 * The model's answer for each raw row, `[n, outputs]`: class probabilities for a classifier,
 * values for a regression.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { NN, Tensor, Train } from 'gradfold'
 * // one layer, w = [[1, -1]], no bias, trained on logits: softmax([x, −x])
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [1, 2], activations: ['identity'], bias: false })),
 *   E.apSW('w', Tensor.fromNested([[1, -1]])),
 *   E.chainW(({ net, w }) => Train.modelFile({ net, loss: 'softmaxCrossEntropy', params: [{ w }], classes: ['no', 'yes'] })),
 *   E.chainW((model) => Train.predict(model)([[0], [1]])),
 *   E.map(Tensor.toArray)
 * ) // right([0.5, 0.5, 0.8807…, 0.1192…])
 *
 * @category predictions
 * @since 0.2.0
 */
export const predict =
  (m: ModelFile) =>
  (rows: Rows): E.Either<PredictError, Tensor> =>
    pipe(
      validateModelFile('predict', m),
      E.chainW(() => asMatrix(m, rows)),
      E.chain((x) => (m.standardizer === null || x.shape[0] === 0 ? E.right(x) : standardizeInputs(m.standardizer)(x))),
      E.chain((x) => forward(m, x))
    )

/**
 * The name of the class the model picks for each raw row.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { NN, Tensor, Train } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [1, 2], activations: ['identity'], bias: false })),
 *   E.apSW('w', Tensor.fromNested([[1, -1]])),
 *   E.chainW(({ net, w }) => Train.modelFile({ net, loss: 'softmaxCrossEntropy', params: [{ w }], classes: ['no', 'yes'] })),
 *   E.chainW((model) => Train.predictClasses(model)([[2], [-2]]))
 * ) // right(['no', 'yes'])
 *
 * @category predictions
 * @since 0.2.0
 */
export const predictClasses =
  (m: ModelFile) =>
  (rows: Rows): E.Either<PredictError, ReadonlyArray<string>> =>
    pipe(
      predict(m)(rows),
      E.map((p) => {
        const [n, k] = p.shape as readonly [number, number]
        const names = m.classes ?? Array.from({ length: Math.max(2, k) }, (_, i) => String(i))
        if (k === 1) return Array.from(p.data, (y) => names[y >= 0.5 ? 1 : 0] as string)
        return Array.from(argmaxRows(p.data, { rows: n, cols: k }), (i) => names[i] as string)
      })
    )
