/**
 * A run described as data: what a checkpoint needs beside the progress, so that it can be
 * resumed with nothing else in hand. The network's architecture (an `NN.mlp`'s sizes,
 * activations and biases, and the loss, as a model file says them), the optimizer as its spec
 * (each block with its hyperparameters), the batching, the epoch budget, the stop rules as
 * their specs and the rest of the fit config that is plain data. The data sets are not part of
 * it: `validation` only says whether the run had a validation set, which the caller hands back.
 *
 * Laws: `decodeRun(encodeRun(a)(config))` is a config that trains as `config` does, bit for
 * bit (the resume law in laws/resume.ts); `RunSpecC` gives back what it encoded, through JSON;
 * decoding never throws.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import { pipe } from '#fp-ts/function.js'
import * as t from 'io-ts'
import { CountC } from '../../codec/CountC.js'
import { exactType } from '../../codec/exact.js'
import { plainFirst } from '../../codec/JsonC.js'
import { validateBatching, type Batching } from '../../data/Batching.js'
import { mlpOf, type Mlp, type MlpParams } from '../../nn/mlp.js'
import { decodeOptimizer, OptimizerSpecC, encodeOptimizer, type OptimizerSpec } from '../../optim/OptimizerSpec.js'
import type { OptimError } from '../../optim/OptimError.js'
import { describe } from '../../tensor/describe.js'
import { isRecord } from '../../tensor/guards.js'
import { unsafeMake } from '../../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'
import type { FitConfig } from '../loop/fit.js'
import type { Watch } from '../bookkeeping/History.js'
import type { Task } from '../bookkeeping/metrics.js'
import { ArchitectureC, type Architecture } from './ModelFile.js'
import { decodeModelSpec } from './ModelSpec.js'
import {
  all,
  any,
  lossBelow,
  maxEpochs,
  noImprovement,
  targetAccuracy,
  type StopRule
} from '../bookkeeping/stopRules.js'
import { encodeStop, StopSpecC, type StopSpec } from './StopSpec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A run of an `NN.mlp` network, as data.
 *
 * @category model
 * @since 0.2.0
 */
export interface RunSpec {
  readonly architecture: Architecture
  readonly optimizer: OptimizerSpec
  readonly batching: Batching
  readonly maxEpochs: number
  readonly stop: StopSpec | null
  readonly evaluateEvery: number | null
  readonly watch: Watch | null
  readonly perClass: boolean | null
  readonly task: Task | null
  /** Whether the run had a validation set (the caller hands it back: data is not stored). */
  readonly validation: boolean
}

/**
 * A run built again from its spec: the network, the fit config (without a validation set) and
 * a parameter template of the network's shapes.
 *
 * @category model
 * @since 0.2.0
 */
export interface BuiltRun {
  readonly net: Mlp
  readonly config: FitConfig<MlpParams, unknown>
  readonly template: MlpParams
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const sameList = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): boolean =>
  a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]))

/** Whether the network whose forward pass the config runs is the architecture's. */
const fits = (a: Architecture, net: Mlp | undefined): boolean =>
  net !== undefined && sameList(a.sizes, net.sizes) && sameList(a.activations, net.activations) && a.bias === net.bias

const refuse = (why: string): E.Either<InvalidArgument, never> => E.left(invalidArgument('encodeRun', why))

const stopRule = (s: StopSpec): E.Either<InvalidArgument, StopRule> => {
  switch (s._tag) {
    case 'MaxEpochs':
      return maxEpochs(s.epochs)
    case 'TargetAccuracy':
      return targetAccuracy(s.target, s.on)
    case 'LossBelow':
      return lossBelow(s.threshold)
    case 'NoImprovement':
      return noImprovement(s.patience)
    case 'Any':
    case 'All':
      return E.map((rules: ReadonlyArray<StopRule>) => (s._tag === 'Any' ? any : all)(...rules))(
        E.sequenceArray(s.rules.map(stopRule))
      )
  }
}

const BatchingC = new t.Type<Batching, Batching, unknown>(
  'Batching',
  (u): u is Batching => E.isRight(validateBatching(u)),
  (u, c) => {
    const b = validateBatching(u)
    return E.isRight(b) ? t.success(b.right) : t.failure(u, c, b.left.message)
  },
  (b) => b
)

const WatchC = t.union([
  exactType({ metric: t.keyof({ loss: null, accuracy: null, mse: null, mae: null, r2: null }) }, 'Watch'),
  exactType(
    {
      metric: t.keyof({ loss: null, accuracy: null, mse: null, mae: null, r2: null }),
      on: t.keyof({ train: null, validation: null })
    },
    'Watch'
  )
])

const nullable = <A, O>(c: t.Type<A, O, unknown>) => t.union([c, t.null])

/** Parameters of the architecture's shapes, every value 0 (after `decodeModelSpec` checked the sizes). */
const templateOf = (a: Architecture): MlpParams =>
  a.sizes.slice(1).map((out, i) => {
    const w = unsafeMake([a.sizes[i]!, out], new Float64Array(a.sizes[i]! * out))
    return a.bias ? { w, b: unsafeMake([out], new Float64Array(out)) } : { w }
  })

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Run specs as JSON.
 *
 * @example
 * import { Codec } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Codec.decode(Advanced.Train.RunSpecC)({ architecture: null }) // left: architecture: expected Architecture (a record), got null
 *
 * @category codecs
 * @since 0.2.0
 */
export const RunSpecC: t.Type<RunSpec, unknown, unknown> = plainFirst(
  exactType(
    {
      architecture: ArchitectureC,
      optimizer: OptimizerSpecC,
      batching: BatchingC,
      maxEpochs: CountC,
      stop: nullable(StopSpecC),
      evaluateEvery: nullable(CountC),
      watch: nullable(WatchC),
      perClass: nullable(t.boolean),
      task: nullable(t.keyof({ classification: null, regression: null })),
      validation: t.boolean
    },
    'RunSpec'
  ) as t.Type<RunSpec, unknown, unknown>
)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The spec of a run whose model is the `NN.mlp` network of `architecture` (its loss named
 * there) and whose optimizer and stop rules the library built with numbers (no schedule, no
 * mask, no rule written by hand): a Left names what cannot be said as data.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Optim, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const architecture: Advanced.Train.Architecture = { sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], bias: true, loss: 'halfSumSquares' }
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp(architecture)),
 *   E.apSW('optimizer', Optim.adam({ lr: 0.01 })),
 *   E.chainW(({ net, optimizer }) =>
 *     Train.encodeRun(architecture)({ model: { forward: net.forward, loss: NN.halfSumSquares }, optimizer, batching: Data.fullBatch(), maxEpochs: 10 })
 *   ),
 *   E.map((run) => run.optimizer)
 * ) // right({ _tag: 'chain', parts: [{ _tag: 'scaleByAdam', b1: 0.9, b2: 0.999, eps: 1e-8 }, { _tag: 'scaleByLearningRate', lr: 0.01 }] })
 *
 * @category constructors
 * @since 0.2.0
 */
export const encodeRun =
  (architecture: Architecture) =>
  <S>(config: FitConfig<MlpParams, S>): E.Either<InvalidArgument, RunSpec> => {
    const a = ArchitectureC.decode(architecture)
    if (E.isLeft(a))
      return refuse(`the architecture is ${describe(architecture)}; expected { sizes, activations, bias, loss }`)
    if (!isRecord(config) || !isRecord(config.model))
      return refuse(`the config is ${describe(config)}; expected a fit config`)
    if (!fits(a.right, mlpOf(config.model.forward)))
      return refuse("the config's model does not run the NN.mlp network of the architecture")
    const optimizer = encodeOptimizer(config.optimizer)
    if (O.isNone(optimizer))
      return refuse('the optimizer cannot be said as data (a schedule, a mask, or a transformation made elsewhere)')
    const stop =
      config.stop === undefined ? O.some(null) : O.map((s: StopSpec): StopSpec | null => s)(encodeStop(config.stop))
    if (O.isNone(stop)) return refuse('a stop rule was written by hand, and cannot be said as data')
    const batching = validateBatching(config.batching)
    if (E.isLeft(batching)) return refuse(batching.left.message)
    return E.right({
      architecture: a.right,
      optimizer: optimizer.value,
      batching: batching.right,
      maxEpochs: config.maxEpochs,
      stop: stop.value,
      evaluateEvery: config.evaluateEvery ?? null,
      watch: config.watch ?? null,
      perClass: config.perClass ?? null,
      task: config.task ?? null,
      validation: config.validation !== undefined
    })
  }

/**
 * The network, the fit config and a parameter template a spec describes, built by the
 * library's constructors (which check everything again). The config has no validation set: when
 * `run.validation`, hand it back with `{ ...config, validation }`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Train } from 'gradfold'
 * const run: Train.RunSpec = {
 *   architecture: { sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], bias: true, loss: 'halfSumSquares' },
 *   optimizer: { _tag: 'scaleByLearningRate', lr: 0.5 },
 *   batching: Data.fullBatch(), maxEpochs: 10, stop: null, evaluateEvery: null, watch: null, perClass: null, task: null, validation: false
 * }
 * E.map((b: Train.BuiltRun) => [b.net.sizes, b.config.maxEpochs])(Train.decodeRun(run)) // right([[3, 2, 3], 10])
 *
 * @category constructors
 * @since 0.2.0
 */
export const decodeRun = (run: RunSpec): E.Either<InvalidArgument | OptimError, BuiltRun> =>
  pipe(
    E.Do,
    E.apS(
      'spec',
      E.mapLeft((e: t.Errors) => invalidArgument('decodeRun', `not a run spec (${e.length} errors)`))(
        RunSpecC.decode(run)
      )
    ),
    E.bindW('built', ({ spec }) => decodeModelSpec(spec.architecture)),
    E.bindW('optimizer', ({ spec }) => decodeOptimizer(spec.optimizer)),
    E.bindW('stop', ({ spec }) => (spec.stop === null ? E.right(undefined) : stopRule(spec.stop))),
    E.map(({ spec, built, optimizer, stop }): BuiltRun => ({
      net: built.net,
      template: templateOf(spec.architecture),
      config: {
        model: built.model,
        optimizer,
        batching: spec.batching,
        maxEpochs: spec.maxEpochs,
        ...(stop === undefined ? {} : { stop }),
        ...(spec.evaluateEvery === null ? {} : { evaluateEvery: spec.evaluateEvery }),
        ...(spec.watch === null ? {} : { watch: spec.watch }),
        ...(spec.perClass === null ? {} : { perClass: spec.perClass }),
        ...(spec.task === null ? {} : { task: spec.task })
      }
    }))
  )
