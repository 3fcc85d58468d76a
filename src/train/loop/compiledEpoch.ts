/**
 * The compiled epoch kernel: any model (its compiled program, `train/loop/compiled.ts`) trained by any
 * optimizer (its flat rule, or its tree rule on the buffers where it has none), a span of steps
 * at a time over buffers of its own. It copies the
 * parameters and the optimizer's state into its buffers at a span's start, runs each batch's
 * program and the optimizer's flat rule on them, and hands back immutable results at the span's
 * end: the state after the span and each step's batch loss.
 *
 * Law (laws/fusion.ts, laws/step.ts through `fit`): a span through this kernel equals the same
 * steps through the general step, bit for bit, failures included: wherever a program or the
 * optimizer's rule gives up, the kernel answers `none` and the general step runs that span and
 * names the failure.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import type { Program } from '../../ad/program.js'
import { size, type Dataset } from '../../data/Dataset.js'
import { compileOptimizer, flatRuleOf, fromTree, type FlatStep } from '../../optim/FlatRule.js'
import type { AnyTransformation } from '../../optim/chain.js'
import { isTensor, unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { isResident, keptArray } from '../../tensor/kernelsInto.js'
import { compileLayout, type Layout } from '../../tree/layout.js'
import type { Params, Tree } from '../../tree/Tree.js'
import { programOf } from './compiled.js'
import type { EpochConfig, EpochKernel } from './epoch.js'
import type { EpochPlan } from '../../data/EpochPlan.js'
import { epochConfigKind } from '../kinds.js'
import { afterSteps, type TrainState } from '../bookkeeping/TrainState.js'

/** A batch of `rows` samples, as the program's inputs: its shapes are all a program is traced for. */
const batchOf = (data: Dataset, rows: number, xs: Float64Array, ys: Float64Array): Dataset => {
  const fin = data.inputs.shape[1]!
  const fout = data.targets.shape[1]!
  return {
    ...data,
    inputs: unsafeMake([rows, fin], xs.subarray(0, rows * fin)),
    targets: unsafeMake([rows, fout], ys.subarray(0, rows * fout))
  }
}

/** Rows shorter than this are gathered element by element: a view per row would cost more than its copy. */
const SHORT_ROW = 32

/** Rows `order[start]`, …, `order[start + m − 1]` of the `width`-wide matrix `from`, copied into the first `m` rows of `into`. */
const gather = (
  into: Float64Array,
  from: Float64Array,
  order: ReadonlyArray<number>,
  start: number,
  m: number,
  width: number
): void => {
  if (width < SHORT_ROW)
    for (let r = 0; r < m; r++) {
      const at = order[start + r]! * width
      for (let c = 0; c < width; c++) into[r * width + c] = from[at + c]!
    }
  else
    for (let r = 0; r < m; r++) {
      const at = order[start + r]! * width
      into.set(from.subarray(at, at + width), r * width)
    }
}

/**
 * A compiled kernel: an epoch kernel that may also hand its parameters off (`handOff`): the state
 * it answers then holds the buffers it ran on, without a copy, and its next span runs on its other
 * set of buffers. Only a loop that reads that state for nothing but its next span, and copies it
 * (`detached`) before it leaves the loop, may ask for it.
 */
type Kernel<P, S> = (
  state: TrainState<P, S>,
  plan: EpochPlan,
  from: number,
  to: number,
  handOff?: boolean
) => ReturnType<EpochKernel<P, S>>

/**
 * The parameters handed off by a kernel, each with how to copy it into buffers of its own: a
 * fresh large array costs far more than its copy (a page fault for each page of it), and an epoch
 * that nothing measures needs no parameters of its own.
 */
const handedOff = new WeakMap<object, () => unknown>()

/**
 * `state`, with parameters of its own if a kernel had handed its buffers off in them: what a loop
 * that asked for hand-offs does to every state that leaves it.
 *
 * @internal
 */
export const detached = <P, S>(state: TrainState<P, S>): TrainState<P, S> => {
  const copy = typeof state.params === 'object' && state.params !== null ? handedOff.get(state.params) : undefined
  return copy === undefined ? state : { ...state, params: copy() as P }
}

/**
 * The compiled kernels made so far, per model record and optimizer, each with its parameters'
 * layout: a run resumed again and again reuses its kernel (a kernel answers a span from its
 * state alone, whatever ran before).
 */
const kept = new WeakMap<object, WeakMap<object, Array<{ readonly layout: Layout; readonly kernel: unknown }>>>()

/**
 * The compiled kernel for `config` and parameters of `params`' structure (every leaf a tensor),
 * or undefined when the parameters are not such a tree; made
 * once per model record, optimizer and parameter structure.
 *
 * @internal
 */
export const compiledKernel = <P extends Params, S>(
  config: EpochConfig<P, S>,
  params: P
): EpochKernel<P, S> | undefined => {
  return epochConfigKind.test(config) ? keptKernel(config, params) : undefined
}

/** The fewest parameters (numbers) a kernel hands off rather than copies. */
const HAND_OFF_MIN = 1 << 14

/** The most batches whose views a kernel keeps for an unshuffled data set. */
const MAX_VIEWS = 4096

/** `compiledKernel` for a config known to be an epoch config. */
const keptKernel = <P extends Params, S>(config: EpochConfig<P, S>, params: P): Kernel<P, S> | undefined => {
  let byOptimizer = kept.get(config.model)
  if (byOptimizer === undefined) kept.set(config.model, (byOptimizer = new WeakMap()))
  let made = byOptimizer.get(config.optimizer)
  if (made === undefined) byOptimizer.set(config.optimizer, (made = []))
  for (const k of made) if (k.layout.read(params) !== undefined) return k.kernel as Kernel<P, S>
  const layout = compileLayout(params)
  const kernel = layout === undefined ? undefined : makeKernel(config, params, layout)
  if (layout !== undefined && kernel !== undefined) made.push({ layout, kernel })
  return kernel
}

/**
 * `config`'s epoch (its model, optimizer and batching) with the compiled kernel for parameters
 * of `params`' structure plugged in, when it has no kernel of its own and one compiles; `config`
 * itself otherwise. Every loop over steps
 * (`fit`, `fitFrom`, `run`, streaming) runs its spans through it.
 *
 * @internal
 */
export const withCompiledKernel = <P extends Params, S, C extends EpochConfig<P, S>>(
  config: C,
  params: P
): EpochConfig<P, S> => {
  return config.kernel !== undefined || !epochConfigKind.test(config) ? config : withKeptKernel(config, params)
}

/**
 * `withCompiledKernel` for a config whose model and optimizer the caller has checked (a run's
 * loop, after `validateRun`), and which has no kernel of its own. With `handOff`, the kernel
 * hands its parameters off at the end of each span of an epoch `handOff` names (by its number,
 * 1-based): the caller reads such a state for nothing but the next span, and passes every state
 * that leaves it through `detached`.
 *
 * @internal
 */
export const withKeptKernel = <P extends Params, S>(
  config: EpochConfig<P, S>,
  params: P,
  handOff?: (epoch: number) => boolean
): EpochConfig<P, S> => {
  const made = keptKernel<P, S>(config, params)
  if (made === undefined) return config
  const kernel: EpochKernel<P, S> =
    handOff === undefined ? made : (state, plan, from, to) => made(state, plan, from, to, handOff(state.epoch + 1))
  // the epoch's own fields, not a copy of the whole config: a run resumed at every epoch makes one per call
  return { model: config.model, optimizer: config.optimizer, batching: config.batching, kernel }
}

const makeKernel = <P extends Params, S>(
  config: EpochConfig<P, S>,
  params: P,
  layout: Layout
): Kernel<P, S> | undefined => {
  // a transformation without a flat rule of its own (a user's) runs its tree rule on the buffers
  const rule = flatRuleOf(config.optimizer) ?? fromTree(config.optimizer as AnyTransformation)
  const first = layout.read(params)
  if (first === undefined) return undefined
  if (!first.every(isTensor)) return undefined
  const shapes = (first as ReadonlyArray<Tensor>).map((x) => x.shape)
  const optimizer = compileOptimizer(rule, params as Tree)
  // plain gradient descent checks each sum w + (−rate)·g, not finite exactly where g is not (or
  // the sum overflows): the program need not check the gradients before it
  const gradsChecked = rule.rate !== undefined
  const model = config.model
  // two sets of buffers: a span that hands its parameters off leaves them in its set, and the
  // next span runs on the other (the second made at the first hand-off). Large ones are resident
  // in the wasm kernel's memory: its products read them in place, and plain gradient descent
  // updates them there from the program's resident gradients
  const sets: Array<ReadonlyArray<Float64Array>> = [shapes.map((_, k) => keptArray((first[k] as Tensor).data.length))]
  let current = 0
  /** The buffers as the parameters' leaves: copies, or the buffers themselves (a hand-off). */
  const leavesOf = (ws: ReadonlyArray<Float64Array>, copy: boolean): Array<Tensor> =>
    ws.map((w, k) => unsafeMake(shapes[k]!, copy ? w.slice() : w))
  // only parameters this large are handed off: below, a fresh array costs no more than the bookkeeping
  const large = sets[0]!.reduce((n, w) => n + w.length, 0) >= HAND_OFF_MIN
  // the gathering buffer of a batch's inputs, resident where large: the products read it in place.
  // A resident one takes unshuffled batches too, by one copy: the two large products that read
  // a batch (x·W and xᵀ·g) would each copy it into the kernel's memory
  let xs: Float64Array = new Float64Array(0)
  let xsResident = false
  let ys = new Float64Array(0)
  // the programs by batch shape: rows, and the data set's widths
  const programs: Array<{ readonly rows: number; readonly data: Dataset; readonly program: Program | undefined }> = []
  const programFor = (data: Dataset, rows: number, state: P): Program | undefined => {
    for (const p of programs) if (p.rows === rows && p.data === data) return p.program
    const batch = batchOf(data, rows, xs, ys)
    const program = programOf(model, layout, state, layout.read(state) ?? first, batch)
    if (programs.length >= 16) programs.length = 0 // data sets come and go (a stream's chunks)
    programs.push({ rows, data, program })
    return program
  }
  // an unshuffled data set's batches as views, made once per data set and batch size (at most
  // MAX_VIEWS batches: a view is an object, and a step of one sample is short enough to feel one)
  let views:
    | {
        readonly data: Dataset
        readonly size: number
        readonly xs: Array<Float64Array>
        readonly ys: Array<Float64Array>
      }
    | undefined
  const viewsOf = (data: Dataset, batchSize: number, fin: number, fout: number): typeof views => {
    if (views !== undefined && views.data === data && views.size === batchSize) return views
    const n = size(data)
    const count = Math.ceil(n / batchSize)
    if (count > MAX_VIEWS) return undefined
    const xs: Array<Float64Array> = []
    const ys: Array<Float64Array> = []
    for (let i = 0; i < count; i++) {
      const start = i * batchSize
      const end = Math.min(start + batchSize, n)
      xs.push(data.inputs.data.subarray(start * fin, end * fin))
      ys.push(data.targets.data.subarray(start * fout, end * fout))
    }
    return (views = { data, size: batchSize, xs, ys })
  }
  let last:
    | {
        readonly params: unknown
        readonly leaves: ReadonlyArray<Tensor>
        readonly optState: unknown
        readonly stage: FlatStep
        /** Whether the parameters are known finite: a step made them. */
        readonly finite: boolean
      }
    | undefined
  return (state, p, from, to, handOff = false) => {
    const data = p.dataset
    const fin = data.inputs.shape[1]
    const fout = data.targets.shape[1]
    if (data.inputs.shape.length !== 2 || data.targets.shape.length !== 2 || fin === undefined || fout === undefined)
      return O.none
    const before = last
    last = undefined
    const continuing = before !== undefined && state.params === before.params
    const list = (continuing ? before.leaves : layout.read(state.params)) as ReadonlyArray<Tensor> | undefined
    // parameters this kernel answered after a step are the optimizer's, which it found finite
    const finite = continuing && before.finite
    if (list === undefined) return O.none
    const weights = sets[current]!
    for (let k = 0; k < list.length; k++) weights[k]!.set(list[k]!.data)
    const stage = before !== undefined && state.optState === before.optState ? before.stage : optimizer(state.optState)
    if (stage === undefined) return O.none
    if (xs.length < p.batchSize * fin || ys.length < p.batchSize * fout) {
      xs = keptArray(p.batchSize * fin)
      xsResident = isResident(xs)
      ys = new Float64Array(p.batchSize * fout)
      programs.length = 0
    }
    const n = size(data)
    const order = O.isSome(p.order) ? p.order.value : undefined
    const inputs = data.inputs.data
    const targets = data.targets.data
    const losses: Array<number> = new Array(to - from)
    const batch: Array<Float64Array> = [xs, ys]
    const whole = order === undefined && !xsResident ? viewsOf(data, p.batchSize, fin, fout) : undefined
    for (let i = from; i < to; i++) {
      const start = i * p.batchSize
      const m = Math.min(start + p.batchSize, n) - start
      const program = programFor(data, m, state.params)
      if (program === undefined) return O.none
      // unshuffled batches are read where they stand in the data set; shuffled ones gathered
      if (whole !== undefined) {
        batch[0] = whole.xs[i]!
        batch[1] = whole.ys[i]!
      } else if (order === undefined && !xsResident) {
        batch[0] = inputs.subarray(start * fin, (start + m) * fin)
        batch[1] = targets.subarray(start * fout, (start + m) * fout)
      } else if (order === undefined) {
        xs.set(inputs.subarray(start * fin, (start + m) * fin))
        batch[0] = m * fin === xs.length ? xs : xs.subarray(0, m * fin)
        batch[1] = targets.subarray(start * fout, (start + m) * fout)
      } else {
        gather(xs, inputs, order, start, m, fin)
        gather(ys, targets, order, start, m, fout)
        // a whole batch fills the gathering buffers: they are handed over as they are, not viewed
        batch[0] = m * fin === xs.length ? xs : xs.subarray(0, m * fin)
        batch[1] = m * fout === ys.length ? ys : ys.subarray(0, m * fout)
      }
      // after the span's first step the parameters are the optimizer's, which it found finite
      const value = program.run(weights, batch, i > from || finite, gradsChecked)
      if (value === undefined) return O.none
      if (stage.descend(program.grads, weights) !== 0) return O.none
      losses[i - from] = value
    }
    const handing = handOff && large
    const leaves = leavesOf(weights, !handing)
    const params = layout.build(leaves) as P
    const optState = stage.save()
    last = { params, leaves, optState, stage, finite: to > from || finite }
    if (handing) {
      // the copy, made when the state leaves its loop, is what the kernel continues from next
      handedOff.set(params as object, () => {
        const own = leavesOf(weights, true)
        const copy = layout.build(own)
        if (last?.params === params) last = { ...last, params: copy, leaves: own }
        return copy
      })
      current = 1 - current
      sets[current] ??= weights.map((w) => keptArray(w.length))
    }
    return O.some(E.right({ state: afterSteps(state, params, optState as S, to - from), losses }))
  }
}
