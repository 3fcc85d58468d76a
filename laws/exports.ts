/**
 * The root entry's exports, walked programmatically (nested namespaces such as `NN.Information`
 * included), and how each is held to totality: codecs on JSON and hostile values, differentiable
 * ops inside a trace (`traced`), exports that take library-built values on values of their
 * declared types (laws/libraryTyped.ts), and every other function on plain data
 * (`plainDataExports`), so that a new export is covered by one of them without being listed.
 *
 * @since 0.3.0
 */
import * as t from 'io-ts'
import * as Advanced from '../src/advanced.js'
import * as Gradfold from '../src/index.js'
import { libraryTyped } from './libraryTyped.js'

// -------------------------------------------------------------------------------------
// the exports, walked programmatically
// -------------------------------------------------------------------------------------

/**
 * Exports by name (`Namespace.name`), with their values.
 *
 * @category model
 * @since 0.3.0
 */
export type Exports = ReadonlyArray<readonly [name: string, value: unknown]>

const isNamespace = (u: unknown): u is object => Object.prototype.toString.call(u) === '[object Module]'

/**
 * Nested namespaces whose exports take no plain data: `Advanced.Tensor.kernels` are the loops over typed
 * arrays that every tensor operation ends in, called (by ops and `AD.customOp`) with buffers and
 * lengths already checked.
 */
const typedArrayNamespaces: ReadonlyArray<string> = ['Advanced.Tensor.kernels']

/**
 * Every export of every namespace of the root entry, as `Namespace.name`, nested ones (`NN.Information`) included,
 * and of `gradfold/advanced`'s, as `Advanced.Namespace.name`.
 */
const exportsOf = (prefix: string, mod: object): Exports =>
  Object.entries(mod).flatMap(([k, v]) =>
    !isNamespace(v)
      ? [[`${prefix}${k}`, v] as const]
      : typedArrayNamespaces.includes(`${prefix}${k}`)
        ? []
        : exportsOf(`${prefix}${k}.`, v)
  )

/**
 * Every export of the root entry and of `gradfold/advanced`, but the typed-array kernels.
 *
 * @category exports
 * @since 0.3.0
 */
export const exportsOfRoot: Exports = [...exportsOf('', Gradfold), ...exportsOf('Advanced.', Advanced)]

/**
 * An io-ts codec.
 *
 * @category exports
 * @since 0.3.0
 */
export const isCodec = (u: unknown): u is t.Type<unknown, unknown, unknown> => u instanceof t.Type

/**
 * Differentiable ops and the layers and losses built from them. They answer a `Var`, not an
 * Either: they run inside the function given to `AD.valueAndGrad`, `AD.grad` or `AD.evaluate`,
 * and stop the trace on anything they cannot use (a shape mismatch, an operand that is no Var,
 * tensor or number, an unknown activation or loss name), which that boundary answers as a Left.
 * Called outside a trace they throw, so the plain-data law would fail them; the law that fits
 * them (laws/totality.laws.test.ts): called inside `valueAndGrad` with `fc.anything()` (and the
 * traced parameter itself) for each argument, `valueAndGrad` answers an Either and never throws.
 *
 * @category exports
 * @since 0.3.0
 */
export const traced: ReadonlyArray<string> = [
  'AD.abs',
  'AD.add',
  'AD.addRow',
  'AD.addScalar',
  'Advanced.AD.applyKernel',
  'AD.customOp',
  'AD.whereElse',
  'AD.div',
  'AD.exp',
  'AD.leakyRelu',
  'AD.lift',
  'AD.log',
  'AD.log2',
  'AD.logSoftmax',
  'AD.logSumExp',
  'AD.matmul',
  'AD.maximum',
  'AD.mean',
  'AD.meanAxis',
  'AD.minimum',
  'AD.mul',
  'AD.neg',
  'AD.pow',
  'AD.relu',
  'AD.scale',
  'AD.sigmoid',
  'AD.softmax',
  'AD.sqrt',
  'AD.square',
  'AD.sub',
  'AD.sum',
  'AD.sumAxis',
  'AD.tanh',
  'AD.toNumber',
  'AD.transpose',
  'AD.where',
  'AD.xlogy',
  'Advanced.NN.activate',
  'NN.binaryCrossEntropy',
  'NN.huber',
  'NN.meanAbsoluteError',
  'NN.sparseSoftmaxCrossEntropy',
  'NN.crossEntropy',
  'NN.dense',
  'Advanced.NN.denseActivation',
  'NN.halfSumSquares',
  'NN.identity',
  'NN.leakyRelu',
  'NN.lossByName',
  'NN.mse',
  'NN.relu',
  'NN.sigmoid',
  'NN.sigmoidBinaryCrossEntropy',
  'NN.softmax',
  'NN.softmaxCrossEntropy',
  'NN.tanh',
  'Advanced.NN.threeTwoThreeBatchLoss',
  'NN.threeTwoThreeForward',
  'NN.threeTwoThreeLoss',
  'Advanced.NN.threeTwoThreeOutputsLoss',
  'Advanced.Train.experimentLoss'
]

/**
 * Every function export that takes plain data: all but the codecs, the traced ops and the
 * library-typed exports.
 *
 * @category exports
 * @since 0.3.0
 */
export const plainDataExports: Exports = exportsOfRoot.filter(
  ([name, v]) => typeof v === 'function' && !isCodec(v) && !traced.includes(name) && !(name in libraryTyped)
)
