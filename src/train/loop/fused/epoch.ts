/**
 * The fused epoch: for a model made by `NN.mlp` with one of the library's losses, trained by
 * one of the library's optimizers (any `chain` of its transformations, with clipping,
 * schedules and `validateMask` masks), the parameter layout is compiled once per run and a span of
 * steps runs in one kernel: it copies the parameters and the optimizer state into buffers of its
 * own, steps through the span's batches mutating only those buffers, and hands back immutable
 * results: the state after the span (parameters and optimizer state of the general path's
 * structure) and each step's batch loss.
 *
 * Law (laws/fusion.ts): `fusedEpoch(config)` equals `epoch(config)` bit for bit, whatever the
 * network, loss, optimizer, batching and seed, failures included: whatever the kernel cannot
 * express (another model or loss, a user's own transformation, a mask that reads leaf values,
 * parameters not of the spec's shape) it does not compile, and a span in which a step would
 * fail (a non-finite value anywhere) it gives up, so that the general path runs it and names
 * the failure.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import type { Params } from '../../../tree/Tree.js'
import { size } from '../../../data/Dataset.js'
import { mlpOf } from '../../../nn/mlp.js'
import { compileOptimizer, flatRuleOf, type FlatStep } from '../../../optim/FlatRule.js'
import { isTensor, unsafeMake, type Tensor } from '../../../tensor/Tensor.js'
import type { Tree } from '../../../tree/Tree.js'
import { epoch, epochWithSteps, type EpochConfig, type EpochKernel } from '../epoch.js'
import { epochConfigKind, stateKind } from '../../kinds.js'
import { afterSteps } from '../../bookkeeping/TrainState.js'
import { compileNetwork, layerPlan, lossKind, type LayerPlan } from './network.js'
import { compiledKernel } from '../compiledEpoch.js'

// -------------------------------------------------------------------------------------
// compiling
// -------------------------------------------------------------------------------------

/** The layers of `params` when they are an MLP of `spec`'s activations: `{ w, b? }` per layer, shapes chained. */
const layersOf = (
  sizes: ReadonlyArray<number>,
  activations: Parameters<typeof layerPlan>[3][],
  params: unknown
): ReadonlyArray<LayerPlan> | undefined => {
  if (!Array.isArray(params) || params.length !== activations.length) return undefined
  const out: Array<LayerPlan> = []
  let fanIn = sizes[0]!
  for (let i = 0; i < params.length; i++) {
    const l = params[i] as Readonly<Record<string, unknown>>
    if (typeof l !== 'object' || l === null || Array.isArray(l)) return undefined
    const keys = Object.keys(l)
    const w = l['w']
    const b = l['b']
    const bias = keys.length === 2 && 'b' in l
    if (!(keys.length === 1 || bias) || !isTensor(w) || w.shape.length !== 2 || w.shape[0] !== fanIn) return undefined
    const fanOut = w.shape[1]!
    if (bias && !(isTensor(b) && b.shape.length === 1 && b.shape[0] === fanOut)) return undefined
    if (fanIn === 0 || fanOut === 0) return undefined
    out.push(layerPlan(fanIn, fanOut, bias, activations[i]!))
    fanIn = fanOut
  }
  return out
}

/**
 * The leaves of MLP parameters of `layers`' layout (per layer `b` then `w`, as the tree
 * flattens), or undefined when `params` are not exactly such parameters: read directly, for a
 * check that costs next to nothing at every span.
 */
const mlpLeaves = (layers: ReadonlyArray<LayerPlan>, params: unknown): ReadonlyArray<Tensor> | undefined => {
  if (!Array.isArray(params) || params.length !== layers.length) return undefined
  const out: Array<Tensor> = []
  for (let i = 0; i < layers.length; i++) {
    const l = params[i] as Readonly<Record<string, unknown>> | null
    const plan = layers[i]!
    if (typeof l !== 'object' || l === null || Array.isArray(l)) return undefined
    const w = l['w']
    const b = l['b']
    if (!isTensor(w) || !matrixOf(w, plan.fanIn, plan.fanOut)) return undefined
    if (plan.bias) {
      if (!isTensor(b) || b.shape.length !== 1 || b.shape[0] !== plan.fanOut) return undefined
      out.push(b)
    }
    if (Object.keys(l).length !== (plan.bias ? 2 : 1)) return undefined
    out.push(w)
  }
  return out
}

const matrixOf = (x: Tensor, rows: number, cols: number): boolean =>
  x.shape.length === 2 && x.shape[0] === rows && x.shape[1] === cols

/**
 * MLP parameters of `layers`' layout from their leaves (in the order of {@link mlpLeaves}),
 * each a fresh tensor: the maker, with the layers' shapes made (and frozen) once.
 */
const mlpParamsOf = (layers: ReadonlyArray<LayerPlan>) => {
  const shapes = layers.map((l) => ({ w: Object.freeze([l.fanIn, l.fanOut]), b: Object.freeze([l.fanOut]) }))
  return (leaves: ReadonlyArray<Float64Array>): { readonly tree: Tree; readonly leaves: ReadonlyArray<Tensor> } => {
    const out: Array<Tree> = []
    const tensors: Array<Tensor> = []
    let k = 0
    for (let i = 0; i < layers.length; i++) {
      const shape = shapes[i]!
      if (layers[i]!.bias) {
        const b = unsafeMake(shape.b, new Float64Array(leaves[k++]!))
        const w = unsafeMake(shape.w, new Float64Array(leaves[k++]!))
        tensors.push(b, w)
        out.push({ b, w })
      } else {
        const w = unsafeMake(shape.w, new Float64Array(leaves[k++]!))
        tensors.push(w)
        out.push({ w })
      }
    }
    return { tree: out, leaves: tensors }
  }
}

/**
 * The fused kernel for `config` and parameters shaped like `params`, or undefined when the
 * model, loss or optimizer is not one it can run. Compiled once; each span then checks that
 * the state's parameters still have the compiled layout.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // an mlp with a loss and an optimizer the kernels know compiles; a model written by hand does not
 * const line: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [2, 3, 1], activations: ['tanh', 'identity'] })),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.map(({ net, sgd, params }) => [
 *     Advanced.Train.fusedKernel({ model: { forward: net.forward, loss: NN.mse }, optimizer: sgd, batching: Data.fullBatch() }, params) !== undefined,
 *     Advanced.Train.fusedKernel({ model: line, optimizer: sgd, batching: Data.fullBatch() }, { w: 0 }) !== undefined
 *   ])
 * ) // right([true, false])
 *
 * @category compiling
 * @since 0.2.0
 */
export const fusedKernel = <P extends Params, S>(
  config: EpochConfig<P, S>,
  params: P
): EpochKernel<P, S> | undefined => {
  if (!epochConfigKind.test(config)) return undefined
  const spec = mlpOf(config.model.forward)
  const loss = lossKind(config.model.loss)
  const rule = flatRuleOf(config.optimizer)
  if (spec === undefined || loss === undefined || rule === undefined) return undefined
  const layers = layersOf(spec.sizes, [...spec.activations], params)
  if (layers === undefined) return undefined
  const template = params as Tree
  const first = mlpLeaves(layers, params)
  if (first === undefined) return undefined
  const optimizer = compileOptimizer(rule, template)
  const mlpParams = mlpParamsOf(layers)
  // plain SGD adds −rate·g to each weight: a non-finite gradient makes the sum non-finite, so
  // the sums' check covers the gradients' (law: laws/fusion.ts, failures included)
  const plain = rule.rate !== undefined
  const fin = layers[0]!.fanIn
  const fout = layers[layers.length - 1]!.fanOut
  // the kernel's own buffers, kept from span to span: the parameters are copied in at a span's
  // start and copied out, as fresh tensors, at its end
  const weights = first.map((x) => new Float64Array(x.data.length))
  const grads = first.map((x) => new Float64Array(x.data.length))
  let compiled:
    | {
        readonly rows: number
        readonly net: ReturnType<typeof compileNetwork>
        readonly xs: Float64Array
        readonly ys: Float64Array
      }
    | undefined
  // what the last span answered, when it succeeded: a span from its state skips reading the
  // parameters' structure and loading the optimizer's state (the stage holds it already)
  let last:
    | {
        readonly params: unknown
        readonly leaves: ReadonlyArray<Tensor>
        readonly optState: unknown
        readonly stage: FlatStep
      }
    | undefined
  return (state, p, from, to) => {
    // O.none: the general step runs this span (and names the failure, if one of its steps fails)
    const data = p.dataset
    if (data.inputs.shape[1] !== fin || data.targets.shape[1] !== fout) return O.none
    const before = last
    last = undefined // this span spoils the stage's buffers until it succeeds
    const list =
      before !== undefined && state.params === before.params ? before.leaves : mlpLeaves(layers, state.params)
    if (list === undefined) return O.none
    let bad = 0
    for (let k = 0; k < list.length; k++) {
      const src = list[k]!.data
      const w = weights[k]!
      for (let e = 0; e < w.length; e++) {
        const v = src[e]!
        bad += v - v
        w[e] = v
      }
    }
    if (bad !== 0) return O.none
    const stage = before !== undefined && state.optState === before.optState ? before.stage : optimizer(state.optState)
    if (stage === undefined) return O.none
    if (compiled === undefined || compiled.rows < p.batchSize) {
      compiled = {
        rows: p.batchSize,
        net: compileNetwork(layers, loss, p.batchSize),
        xs: new Float64Array(p.batchSize * fin),
        ys: new Float64Array(p.batchSize * fout)
      }
    }
    const { net, xs, ys } = compiled
    const n = size(data)
    const order = O.isSome(p.order) ? p.order.value : undefined
    const inputs = data.inputs.data
    const targets = data.targets.data
    const losses: Array<number> = new Array(to - from)
    for (let i = from; i < to; i++) {
      const start = i * p.batchSize
      const end = Math.min(start + p.batchSize, n)
      const m = end - start
      // unshuffled batches are read where they stand in the data set; shuffled ones gathered
      let value: number
      if (order === undefined) {
        value = net.lossAndGrad(weights, grads, inputs, start * fin, targets, start * fout, m, plain)
      } else {
        for (let r = 0; r < m; r++) {
          const at = order[start + r]!
          for (let c = 0; c < fin; c++) xs[r * fin + c] = inputs[at * fin + c]!
          for (let c = 0; c < fout; c++) ys[r * fout + c] = targets[at * fout + c]!
        }
        value = net.lossAndGrad(weights, grads, xs, 0, ys, 0, m, plain)
      }
      if (value - value !== 0) return O.none
      if (stage.descend(grads, weights) !== 0) return O.none
      losses[i - from] = value
    }
    const params = mlpParams(weights)
    const optState = stage.save()
    last = { params: params.tree, leaves: params.leaves, optState, stage }
    return O.some(
      E.right({
        state: afterSteps(state, params.tree as P, optState as S, to - from),
        losses
      })
    )
  }
}

// -------------------------------------------------------------------------------------
// epochs
// -------------------------------------------------------------------------------------

/**
 * `config` with the fused kernel for parameters shaped like `params` plugged in, when it has
 * none of its own and one compiles; `config` itself otherwise. `fit` runs every run through it.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // the parameters' and the state's types are named: they cannot be read off the configuration's
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [2, 3, 1], activations: ['tanh', 'identity'] })),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.map(({ net, sgd, params }) => {
 *     type State = Advanced.Optim.ScaleByLearningRateState
 *     const config: Train.EpochConfig<NN.MlpParams, State> = { model: { forward: net.forward, loss: NN.mse }, optimizer: sgd, batching: Data.fullBatch() }
 *     return Advanced.Train.withFusedKernel<NN.MlpParams, State, typeof config>(config, params)
 *   }),
 *   E.map((config) => config.kernel !== undefined)
 * ) // right(true): the configuration now carries its kernel
 *
 * @category compiling
 * @since 0.2.0
 */
export const withFusedKernel = <P extends Params, S, C extends EpochConfig<P, S>>(config: C, params: P): C => {
  if (!epochConfigKind.test(config) || config.kernel !== undefined) return config
  // the hand-written MLP network where it applies, the model's compiled program for any other
  const kernel = keptKernel<P, S>(config, params) ?? compiledKernel<P, S>(config, params)
  return kernel === undefined ? config : { ...config, kernel }
}

// The kernels compiled so far, by model, loss, optimizer and parameter layout: a run resumed
// again and again (`fitFrom` a few epochs at a time, as a checkpointing loop or the benchmark
// calls it) reuses its kernel, whose code V8 has optimised already, rather than compiling a new
// one whose closures it would optimise afresh. Kept only as long as the model's forward pass,
// its loss and the optimizer are. A kernel answers a span from its state alone, whatever ran
// before (what it keeps from span to span is keyed by the state it last answered).
const kept = new WeakMap<object, WeakMap<object, WeakMap<object, Map<string, EpochKernel<never, never>>>>>()

/** The layout of MLP parameters as a key: each layer's shape and whether it has a bias; undefined for anything else. */
const layoutKey = (params: unknown): string | undefined => {
  if (!Array.isArray(params)) return undefined
  let key = ''
  for (const l of params as ReadonlyArray<unknown>) {
    if (typeof l !== 'object' || l === null) return undefined
    const w = (l as Readonly<Record<string, unknown>>)['w']
    if (!isTensor(w)) return undefined
    key += `${w.shape.join('x')}${'b' in l ? '+b' : ''};`
  }
  return key
}

/** `fusedKernel(config, params)`, compiled once per model, loss, optimizer and layout. */
const keptKernel = <P extends Params, S>(config: EpochConfig<P, S>, params: P): EpochKernel<P, S> | undefined => {
  const layout = layoutKey(params)
  const { forward, loss } = config.model
  const optimizer = config.optimizer as object
  if (layout === undefined) return fusedKernel<P, S>(config, params)
  let byLoss = kept.get(forward)
  if (byLoss === undefined) kept.set(forward, (byLoss = new WeakMap()))
  let byOptimizer = byLoss.get(loss)
  if (byOptimizer === undefined) byLoss.set(loss, (byOptimizer = new WeakMap()))
  let byLayout = byOptimizer.get(optimizer)
  if (byLayout === undefined) byOptimizer.set(optimizer, (byLayout = new Map()))
  const found = byLayout.get(layout)
  if (found !== undefined) return found as unknown as EpochKernel<P, S>
  const kernel = fusedKernel<P, S>(config, params)
  if (kernel !== undefined) byLayout.set(layout, kernel as unknown as EpochKernel<never, never>)
  return kernel
}

/** The epoch with the kernel compiled at its first call, for the parameters it first sees. */
const fused = <P extends Params, S>(config: EpochConfig<P, S>, keepSteps: boolean) => {
  let run: ReturnType<typeof epoch<P, S>> | undefined
  return (...args: Parameters<ReturnType<typeof epoch<P, S>>>) => {
    // junk in place of the state: the general epoch answers the Left that names it
    if (!stateKind.test(args[0])) return (keepSteps ? epochWithSteps : epoch)(config)(...args)
    run ??= (keepSteps ? epochWithSteps : epoch)(withFusedKernel<P, S, EpochConfig<P, S>>(config, args[0].params))
    return run(...args)
  }
}

/**
 * `Train.epoch`, fused where it can be: the same report, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // one epoch of the founding text's network on the bundled data, fused and not: the same bits
 * const run = (f: typeof Train.epoch) =>
 *   pipe(
 *     E.Do,
 *     E.apS('sgd', Optim.sgd(0.5)),
 *     E.apSW('key', Random.key(0)),
 *     E.bindW('params', ({ key }) => NN.threeTwoThreeMlp.init(key)),
 *     E.chainW(({ sgd, key, params }) =>
 *       f({ model: { forward: NN.threeTwoThreeMlp.forward, loss: NN.halfSumSquares }, optimizer: sgd, batching: Data.stochastic() })(
 *         Train.initialState(sgd)(params, key),
 *         Data.threeClass
 *       )
 *     ),
 *     E.map((r) => r.batchLoss)
 *   )
 * E.getOrElse(() => 0)(run(Advanced.Train.fusedEpoch)) === E.getOrElse(() => 1)(run(Train.epoch)) // true
 *
 * @category epochs
 * @since 0.2.0
 */
export const fusedEpoch = <P extends Params, S>(config: EpochConfig<P, S>) => fused<P, S>(config, false)

/**
 * `Advanced.Train.epochWithSteps`, fused where it can be.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // a one-weight linear network: fused, its steps' losses are the plain epoch's, to the bit
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [1, 1], activations: ['identity'], bias: false })),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.chainW(({ net, sgd, key, data, params }) => {
 *     const config = { model: { forward: net.forward, loss: NN.mse }, optimizer: sgd, batching: Data.stochastic() }
 *     const state = Train.initialState(sgd)(params, key)
 *     return pipe(
 *       E.Do,
 *       E.apSW('fused', Advanced.Train.fusedEpochWithSteps(config)(state, data)),
 *       E.apSW('plain', Advanced.Train.epochWithSteps(config)(state, data)),
 *       E.map(({ fused, plain }) => fused.steps.every((s, i) => Object.is(s.loss, plain.steps[i]!.loss)))
 *     )
 *   })
 * ) // right(true)
 *
 * @category epochs
 * @since 0.2.0
 */
export const fusedEpochWithSteps = <P extends Params, S>(config: EpochConfig<P, S>) => fused<P, S>(config, true)
