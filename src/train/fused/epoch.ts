/**
 * The fused epoch: for a model made by `NN.mlp` with one of the library's losses, trained by
 * one of the library's optimizers (any `chain` of its transformations, with clipping,
 * schedules and `maskOf` masks), the parameter layout is compiled once per run and a span of
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
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Params } from '../../tree/Tree.js'
import { size } from '../../data/Dataset.js'
import { mlpOf } from '../../nn/mlp.js'
import { ruleOf } from '../../optim/UpdateRule.js'
import { firstNonFinite, isTensor, unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { leafList, unsafeRebuild, type Leaf, type Tree } from '../../tree/Tree.js'
import { epoch, epochWithSteps, type EpochConfig, type EpochKernel } from '../epoch.js'
import { epochConfigKind, stateKind } from '../kinds.js'
import { compileNetwork, layerPlan, lossKind, type LayerPlan } from './network.js'
import { compileOptimizer } from './optimizer.js'

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

const sameLayout = (a: ReadonlyArray<Leaf>, shapes: ReadonlyArray<ReadonlyArray<number>>): boolean =>
  a.length === shapes.length &&
  a.every((x, k) => isTensor(x) && x.shape.length === shapes[k]!.length && x.shape.every((d, i) => d === shapes[k]![i]))

/**
 * The fused kernel for `config` and parameters shaped like `params`, or undefined when the
 * model, loss or optimizer is not one it can run. Compiled once; each span then checks that
 * the state's parameters still have the compiled layout.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * // an mlp with a loss and an optimizer the kernels know compiles; a model written by hand does not
 * const line: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [2, 3, 1], activations: ['tanh', 'identity'] })),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.map(({ net, sgd, params }) => [
 *     Train.fusedKernel({ model: { forward: net.forward, loss: NN.mse }, optimizer: sgd, batching: Data.fullBatch() }, params) !== undefined,
 *     Train.fusedKernel({ model: line, optimizer: sgd, batching: Data.fullBatch() }, { w: 0 }) !== undefined
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
  const rule = ruleOf(config.optimizer)
  if (spec === undefined || loss === undefined || rule === undefined) return undefined
  const layers = layersOf(spec.sizes, [...spec.activations], params)
  if (layers === undefined) return undefined
  const template = params as Tree
  const shapes = leafList(template).map((x) => (x as Tensor).shape)
  const optimizer = compileOptimizer(rule, template)
  const fin = layers[0]!.fanIn
  const fout = layers[layers.length - 1]!.fanOut
  let compiled: { readonly rows: number; readonly net: ReturnType<typeof compileNetwork> } | undefined
  return (state, p, from, to) => {
    // O.none: the general step runs this span (and names the failure, if one of its steps fails)
    const data = p.dataset
    if (data.inputs.shape[1] !== fin || data.targets.shape[1] !== fout) return O.none
    const list = leafList(state.params as Tree)
    if (!sameLayout(list, shapes)) return O.none
    const weights = list.map((x) => (x as Tensor).data.slice())
    if (weights.some((w) => firstNonFinite(w) >= 0)) return O.none
    const stage = optimizer(state.optState)
    if (stage === undefined) return O.none
    if (compiled === undefined || compiled.rows < p.batchSize) {
      compiled = { rows: p.batchSize, net: compileNetwork(layers, loss, p.batchSize) }
    }
    const net = compiled.net
    const grads = weights.map((w) => new Float64Array(w.length))
    const n = size(data)
    const order = O.isSome(p.order) ? p.order.value : undefined
    const xs = order === undefined ? undefined : new Float64Array(p.batchSize * fin)
    const ys = order === undefined ? undefined : new Float64Array(p.batchSize * fout)
    const losses: Array<number> = []
    for (let i = from; i < to; i++) {
      const start = i * p.batchSize
      const end = Math.min(start + p.batchSize, n)
      const m = end - start
      // unshuffled batches are read where they stand in the data set; shuffled ones gathered
      let value: number
      if (order === undefined || xs === undefined || ys === undefined) {
        value = net.lossAndGrad(weights, grads, data.inputs.data, start * fin, data.targets.data, start * fout, m)
      } else {
        for (let r = 0; r < m; r++) {
          const at = order[start + r]!
          for (let c = 0; c < fin; c++) xs[r * fin + c] = data.inputs.data[at * fin + c]!
          for (let c = 0; c < fout; c++) ys[r * fout + c] = data.targets.data[at * fout + c]!
        }
        value = net.lossAndGrad(weights, grads, xs, 0, ys, 0, m)
      }
      if (Number.isNaN(value)) return O.none
      if (!stage.apply(grads, weights)) return O.none // the weights are still those before the step
      for (let k = 0; k < weights.length; k++) {
        const w = weights[k]!
        const u = grads[k]!
        for (let e = 0; e < w.length; e++) w[e] = w[e]! + u[e]!
        if (firstNonFinite(w) >= 0) return O.none
      }
      losses.push(value)
    }
    const next = unsafeRebuild(
      template,
      weights.map((w, k) => unsafeMake(shapes[k]!, w))
    ) as P
    return O.some(
      E.right({
        state: { ...state, params: next, optState: stage.save() as S, step: state.step + (to - from) },
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
 * // the parameters' and the state's types are named: they cannot be read off the configuration's
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [2, 3, 1], activations: ['tanh', 'identity'] })),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.map(({ net, sgd, params }) => {
 *     type State = Optim.ScaleByLearningRateState
 *     const config: Train.EpochConfig<NN.MlpParams, State> = { model: { forward: net.forward, loss: NN.mse }, optimizer: sgd, batching: Data.fullBatch() }
 *     return Train.withFusedKernel<NN.MlpParams, State, typeof config>(config, params)
 *   }),
 *   E.map((config) => config.kernel !== undefined)
 * ) // right(true): the configuration now carries its kernel
 *
 * @category compiling
 * @since 0.2.0
 */
export const withFusedKernel = <P extends Params, S, C extends EpochConfig<P, S>>(config: C, params: P): C => {
  if (!epochConfigKind.test(config) || config.kernel !== undefined) return config
  const kernel = fusedKernel<P, S>(config, params)
  return kernel === undefined ? config : { ...config, kernel }
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
 * E.getOrElse(() => 0)(run(Train.fusedEpoch)) === E.getOrElse(() => 1)(run(Train.epoch)) // true
 *
 * @category epochs
 * @since 0.2.0
 */
export const fusedEpoch = <P extends Params, S>(config: EpochConfig<P, S>) => fused<P, S>(config, false)

/**
 * `Train.epochWithSteps`, fused where it can be.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Optim, Random, Train } from 'gradfold'
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
 *       E.apSW('fused', Train.fusedEpochWithSteps(config)(state, data)),
 *       E.apSW('plain', Train.epochWithSteps(config)(state, data)),
 *       E.map(({ fused, plain }) => fused.steps.every((s, i) => Object.is(s.loss, plain.steps[i]!.loss)))
 *     )
 *   })
 * ) // right(true)
 *
 * @category epochs
 * @since 0.2.0
 */
export const fusedEpochWithSteps = <P extends Params, S>(config: EpochConfig<P, S>) => fused<P, S>(config, true)
