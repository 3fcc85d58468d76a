/**
 * A model described as data: an MLP's layer sizes, activations and bias, and the name of its
 * loss (`NN.LossName`), as a model file's `architecture` holds them. Unlike a `Model`, whose
 * forward pass and loss are closures, a spec is plain JSON, so it crosses to a worker thread, a
 * queue or a file and is rebuilt there into the same model.
 *
 * Law: `decodeModelSpec(spec)` built twice (in two threads, two processes) computes the same losses and
 * gradients, bit for bit, since both are built by the same code from the same data.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import type { Activation } from '../../nn/activations.js'
import { LossSpecC, lossByName, type LossSpec } from '../../nn/lossName.js'
import type { Reduction } from '../../nn/losses.js'
import { mlp, type Mlp, type MlpParams } from '../../nn/mlp.js'
import { array, arrayOf, boolean, getterIn, guarded, isRecord, number, optional, record } from '../../tensor/guards.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'
import type { Model } from '../Model.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An MLP and its loss, as data.
 *
 * @category model
 * @since 0.2.0
 */
export interface ModelSpec {
  readonly sizes: ReadonlyArray<number>
  readonly activations: ReadonlyArray<Activation>
  /** Whether layers have biases; true unless given. */
  readonly bias?: boolean
  readonly loss: LossSpec
}

/**
 * A spec built: the network and the model it trains, its loss reduced over the batch as asked.
 *
 * @category model
 * @since 0.2.0
 */
export interface BuiltSpec {
  readonly net: Mlp
  readonly model: Model<MlpParams>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The network and the model a spec describes, the loss reduced by the batch mean unless
 * `reduction` says `'sum'`; a Left names a bad size, activation or loss name.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [784, 128, 10], activations: ['relu', 'identity'], loss: 'softmaxCrossEntropy' }
 * E.map((b: Advanced.Train.BuiltSpec) => b.net.sizes)(Advanced.Train.decodeModelSpec(spec)) // right([784, 128, 10])
 *
 * @category constructors
 * @since 0.2.0
 */
export const decodeModelSpec = (
  spec: ModelSpec,
  reduction: Reduction = 'mean'
): E.Either<InvalidArgument, BuiltSpec> => {
  const getter = getterIn('ModelSpec', 'the spec', spec)
  return getter !== undefined ? E.left(getter) : checkedSpec(spec, reduction)
}

const checkedSpec = (spec: ModelSpec, reduction: Reduction): E.Either<InvalidArgument, BuiltSpec> =>
  guarded(
    'ModelSpec',
    [
      ['the spec', spec, record],
      ['sizes', isRecord(spec) ? spec.sizes : undefined, arrayOf(number, 'numbers')],
      ['activations', isRecord(spec) ? spec.activations : undefined, array],
      ['bias', isRecord(spec) ? spec.bias : undefined, optional(boolean)],
      [
        'loss',
        isRecord(spec) ? spec.loss : undefined,
        { expected: 'a loss name or { huber: δ }', test: (u) => typeof u === 'string' || isRecord(u) }
      ],
      ['the reduction', reduction, { expected: "'mean' or 'sum'", test: (u) => u === 'mean' || u === 'sum' }]
    ],
    () => built(spec, reduction)
  )

const built = (spec: ModelSpec, reduction: Reduction): E.Either<InvalidArgument, BuiltSpec> => {
  if (!LossSpecC.is(spec.loss))
    return E.left(invalidArgument('ModelSpec', `no loss is called ${JSON.stringify(spec.loss)}`))
  const net = mlp({ sizes: spec.sizes, activations: spec.activations, bias: spec.bias ?? true })
  return E.map((n: Mlp) => ({ net: n, model: { forward: n.forward, loss: lossByName(spec.loss, reduction) } }))(net)
}
