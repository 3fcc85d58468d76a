/**
 * Training steps on the pool's threads with the parameters kept flat: an `EpochKernel` (plug it
 * into a run's config as `kernel`, for `Train.run`, `Train.fit` or `Train.epoch`) that runs a
 * whole span of steps in one call. The parameters live in one `Float64Array` in shared memory
 * for the span: the workers read it during a step (nobody writes it then), the main thread
 * writes it between steps. Each step publishes the batch's shards to the workers (a few words
 * in the control block; the data set is copied into shared memory once) and sleeps until they
 * are done (`Atomics.wait`: the main thread leaves the cores to the workers). Once every shard
 * is done, the workers combine the shards' gradients in the fixed pairwise tree, each on its
 * slice of the parameters (`combine.ts`): for plain SGD at a fixed rate they take the whole
 * step, writing the new parameters, and go on to the next batch of the span without the main
 * thread (a run of whole batches is one job: the workers meet after each step's update, worker
 * 0 writing each step's loss; shuffled batches are gathered for the job first); for any other
 * optimizer they write the mean gradient into a
 * preallocated buffer, and the main thread applies the optimizer compiled for flat buffers
 * (each transformation's flat rule, `optim/FlatRule.ts`; a user's transformation without one
 * runs its tree rule there, `Advanced.Optim.fromTree`). A tree is built once, at the span's end:
 * for plain SGD over views of an array in shared memory that the workers fill after the span's
 * last step, each with its slice (a fresh array's first touch costs a page fault per 4 KB page,
 * W1's 800 KB about 2 ms of one thread here: the workers share it, and this thread copies nothing);
 * nothing writes that array again.
 *
 * Every number is computed as `Train.run` with `Node.threadedGradients` computes it (the same
 * shards, the same tree of sums, then the optimizer's own formulas), so a run with the kernel is
 * that run, bit for bit, for any number of threads (law: `laws/shards.laws.test.ts`). A span in
 * which anything is off (a shard's error, a non-finite sum, update or parameter, an optimizer
 * state the flat rule cannot load) is run again from its start by the common loop over steps
 * (`Advanced.Train.advance`), each step's gradient from the threads, which names the failure exactly as
 * that run does. A closed pool makes the next span fail, saying so. A worker that exited or hangs
 * ends the span at the latest `answerWithin` ms (the pool's option) after the last shard any
 * worker finished, with a `StepFailed` naming it and carrying the last good state (the state
 * before the step, or the span's start when the workers may have begun to write the step's
 * SGD update); the pool then refuses every later span.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import type * as TE from '#fp-ts/TaskEither.js'
import type { AdError } from '../../ad/AdError.js'
import type { ValueAndGrad } from '../../ad/valueAndGrad.js'
import type { EpochPlan } from '../../data/EpochPlan.js'
import type { MlpParams } from '../../nn/mlp.js'
import { transformationKind, type GradientTransformation } from '../../optim/GradientTransformation.js'
import { compileOptimizer, flatRuleOf, fromTree, type FlatRule } from '../../optim/FlatRule.js'
import { firstNonFinite, isTensor, unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'
import { flattenInto } from '../../tree/flatten.js'
import { leafList, unsafeRebuild, type Leaf } from '../../tree/Tree.js'
import { decodeModelSpec, type ModelSpec } from '../../train/files/ModelSpec.js'
import { splitShards } from '../../train/parallel/shards.js'
import { advance, type EpochCursor, type EpochKernel, type Span, type StepRecord } from '../../train/loop/epoch.js'
import type { Gradients } from '../../train/loop/step.js'
import type { Model } from '../../train/Model.js'
import { fullBatch } from '../../data/Batching.js'
import { stepFailed, type StepFailed } from '../../train/TrainError.js'
import type { TrainState } from '../../train/bookkeeping/TrainState.js'
import { drop, refusal, register, runSync, type Combine, type Hub, type Job, type WorkerFailed } from './hub.js'
import { combined, hubOf, type ThreadPool } from './pool.js'
import { LOSSES, MAX_STEPS, mlpTemplate, type BufferSet } from './shared.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** The most numbers the shuffled rows gathered for one job take. */
const GATHER = 1 << 21

const shared = (length: number): Float64Array => new Float64Array(new SharedArrayBuffer(length * 8))

/** `data` where the workers can read it: itself when it is shared already, else a shared copy. */
const sharedOf = (data: Float64Array): Float64Array => {
  if (data.buffer instanceof SharedArrayBuffer) return data
  const out = shared(data.length)
  out.set(data)
  return out
}

/** Views of `flat`, one a leaf of the given sizes, in flatten order. */
const views = (flat: Float64Array, sizes: ReadonlyArray<number>): ReadonlyArray<Float64Array> => {
  let at = 0
  return sizes.map((n) => flat.subarray(at, (at += n)))
}

/** The registered buffers for one data set: its rows in shared memory, and a batch to gather shuffled rows into. */
interface DataSets {
  readonly inputs: Float64Array
  readonly targets: Float64Array
  readonly shards: number
  readonly whole: BufferSet
  readonly gather: BufferSet
}

/** The failure of the step after `lastGood`: the pool's workers stopped answering. */
const stalled = <S>(why: string, lastGood: TrainState<MlpParams, S>): StepFailed<MlpParams, S> =>
  stepFailed('gradient', invalidArgument('Node.threadedKernel', why), lastGood)

/** The kernel proper, for a hub that serves and an optimizer with a flat rule. */
const kernelOf = <S>(
  hub: Hub,
  spec: ModelSpec,
  model: Model<MlpParams>,
  shardSize: number,
  optimizer: GradientTransformation<S>,
  rule: FlatRule
): EpochKernel<MlpParams, S> => {
  const template = mlpTemplate(spec)
  const shapes = leafList(template).map((x) => (x as Tensor).shape)
  const sizes = shapes.map((s) => s.reduce((a, d) => a * d, 1))
  const n = sizes.reduce((a, b) => a + b, 0)
  const width = n + 1
  const fin = spec.sizes[0]!
  const fout = spec.sizes[spec.sizes.length - 1]!
  const loader = compileOptimizer(rule, template)
  // plain SGD at a fixed rate runs in one pass; its stage then only counts the step, over leaves of no numbers
  const rate = typeof rule.rate === 'number' ? rule.rate : undefined
  const nothing = sizes.map(() => new Float64Array(0))
  const combine: Combine = rate === undefined ? { apply: 'mean', lr: 0 } : { apply: 'sgd', lr: rate }
  const params = shared(n) // the parameters during a span: read by the workers, written between steps
  const weights = views(params, sizes)
  const update = shared(n) // the mean gradient (written by the workers), turned into the update in place
  const updates = views(update, sizes)
  const batching = fullBatch() // read by nothing: the plan is given
  let sets: DataSets | undefined

  /**
   * The parameters as a tree whose leaves hold `arrays` (in the layout's order): copies of the
   * flat parameters, or views over a copy of them that nothing writes again.
   */
  const treeOf = (arrays: ReadonlyArray<Float64Array>): MlpParams =>
    unsafeRebuild(
      template,
      arrays.map((w, k) => unsafeMake(shapes[k]!, w) as Leaf)
    ) as MlpParams

  /** The buffers for `plan`'s data set and batch size, registered once and kept while they serve. */
  const setsFor = (plan: EpochPlan): DataSets => {
    const data = plan.dataset
    const shards = Math.ceil(plan.batchSize / shardSize)
    if (
      sets !== undefined &&
      (sets.inputs === data.inputs.data || sets.whole.inputs === data.inputs.data) &&
      (sets.targets === data.targets.data || sets.whole.targets === data.targets.data) &&
      sets.shards >= shards &&
      sets.gather.inputs.length >= plan.batchSize * fin * gatherSteps(plan)
    )
      return sets
    if (sets !== undefined) for (const s of [sets.whole, sets.gather]) drop(hub, s)
    const out = shared(shards * width)
    const made: DataSets = {
      inputs: data.inputs.data,
      targets: data.targets.data,
      shards,
      whole: register(hub, {
        spec,
        params,
        inputs: sharedOf(data.inputs.data),
        targets: sharedOf(data.targets.data),
        out,
        update
      }),
      gather: register(hub, {
        spec,
        params,
        inputs: shared(plan.batchSize * fin * gatherSteps(plan)),
        targets: shared(plan.batchSize * fout * gatherSteps(plan)),
        out,
        update
      })
    }
    sets = made
    return made
  }

  /** How many shuffled batches are gathered for one job: as many as fit in about 16 MB. */
  const gatherSteps = (plan: EpochPlan): number =>
    Math.max(1, Math.min(MAX_STEPS, plan.batchCount, Math.floor(GATHER / (plan.batchSize * (fin + fout)))))

  /** The number of steps from batch `i` (before `to`) one job takes: consecutive whole batches for plain SGD, else one. */
  const stepsFrom = (plan: EpochPlan, i: number, to: number): number => {
    const total = plan.dataset.inputs.shape[0]!
    const most = Math.min(to - i, O.isNone(plan.order) ? MAX_STEPS : gatherSteps(plan))
    if (rate === undefined || (i + 1) * plan.batchSize > total) return 1
    let steps = 1
    while (steps < most && (i + steps + 1) * plan.batchSize <= total) steps++
    return steps
  }

  /**
   * Batches `i … i + steps − 1` of `plan` (whole batches when more than one), sharded on the
   * threads at the parameters in `params`, the workers combining each step's gradient as
   * `combine` says (and taking the steps one after the other, for plain SGD): the job, and the
   * rows of a batch.
   */
  const shardsOfBatches = (
    plan: EpochPlan,
    s: DataSets,
    i: number,
    steps: number,
    then?: Combine
  ): { readonly job: Job; readonly rows: number } => {
    const start = i * plan.batchSize
    const rows = Math.min(start + plan.batchSize, plan.dataset.inputs.shape[0]!) - start
    const job = then === undefined ? undefined : { ...then, steps, stride: plan.batchSize }
    if (O.isNone(plan.order)) return { job: runSync(hub, s.whole, start, shardSize, rows, job), rows }
    const order = plan.order.value
    const [x, y, xs, ys] = [s.whole.inputs, s.whole.targets, s.gather.inputs, s.gather.targets]
    for (let r = 0; r < rows * steps; r++) {
      const at = order[start + r]!
      xs.set(x.subarray(at * fin, (at + 1) * fin), r * fin)
      ys.set(y.subarray(at * fout, (at + 1) * fout), r * fout)
    }
    return { job: runSync(hub, s.gather, 0, shardSize, rows, job), rows }
  }

  /**
   * Each step's gradient from the threads, as the common loop's gradient source: the batch
   * copied into the gathering buffers, its shards computed on the threads, combined here in
   * the fixed tree (`Node.threadedGradients`'s numbers); a pool that stopped answering is the
   * step's failure.
   */
  const gradients =
    (s: DataSets): Gradients<MlpParams> =>
    (batch, p) => {
      const rows = batch.inputs.shape[0]!
      flattenInto(p, params)
      s.gather.inputs.set(batch.inputs.data)
      s.gather.targets.set(batch.targets.data)
      const job = runSync(hub, s.gather, 0, shardSize, rows)
      if (job.stalled !== undefined) return E.left(invalidArgument('Node.threadedKernel', job.stalled))
      const failed = job.failures[0]
      const vg = failed === undefined ? combined(p, rows, s.whole.out, job.count) : E.left(failed.error)
      return vg as E.Either<AdError, ValueAndGrad<MlpParams>>
    }

  /** Steps `from … last` by the common loop over steps (`Advanced.Train.advance`), each step's gradient from the threads: it names a failure as that run does. */
  const general = (
    state: TrainState<MlpParams, S>,
    plan: EpochPlan,
    s: DataSets,
    from: number,
    last: number
  ): E.Either<StepFailed<MlpParams, S>, Span<MlpParams, S>> => {
    const losses: Array<number> = []
    const cursor: EpochCursor<MlpParams, S> = { _tag: 'EpochCursor', plan, state, done: from, lossSum: 0, samples: 0 }
    const options = { gradients: gradients(s), onStep: (r: StepRecord) => void losses.push(r.loss) }
    const r = advance({ model, optimizer, batching }, options)(last + 1 - from)(cursor)
    if (E.isRight(r)) return E.right({ state: r.right.state, losses })
    // the config and cursor are the kernel's own: a step's failure is all `advance` can answer
    return E.left(r.left as StepFailed<MlpParams, S>)
  }

  return (state, plan, from, to) => {
    const no = refusal(hub)
    if (no !== undefined)
      return O.some(E.left(stepFailed('gradient', invalidArgument('Node.threadedKernel', no.message), state)))
    const list = leafList(state.params)
    const fits =
      list.length === shapes.length &&
      list.every(
        (x: Leaf, k) =>
          isTensor(x) && x.shape.length === shapes[k]!.length && x.shape.every((d, j) => d === shapes[k]![j])
      )
    const data = plan.dataset
    if (!fits || data.inputs.shape[1] !== fin || data.targets.shape[1] !== fout) return O.none // the general step names it
    const s = setsFor(plan)
    flattenInto(state.params, params)
    const stage = loader(state.optState)
    if (stage === undefined || firstNonFinite(params) >= 0) return O.some(general(state, plan, s, from, to - 1))
    const losses: Array<number> = []
    // plain SGD: the parameters the span answers, copied by the workers after its last job (undefined: copy them here)
    let answer: Float64Array | undefined
    /** The state after the span's steps so far, its parameters from the flat ones (the span's own, before its first). */
    const reached = (): TrainState<MlpParams, S> =>
      losses.length === 0
        ? state
        : {
            ...state,
            params: treeOf(answer === undefined ? weights.map((w) => w.slice()) : views(answer, sizes)),
            optState: stage.save() as S,
            step: state.step + losses.length
          }
    for (let i = from; i < to;) {
      // the workers combine the shards, each on its slice: the mean gradient, or the whole SGD
      // step (for a run of whole batches, step after step, without this thread); after the
      // span's last SGD step they also copy the parameters, each its slice, into a fresh array
      // (whose fresh pages then fault on the workers at once, not on this thread alone)
      const steps = stepsFrom(plan, i, to)
      const into = rate !== undefined && i + steps >= to ? shared(n) : undefined
      const { job, rows } = shardsOfBatches(
        plan,
        s,
        i,
        steps,
        into === undefined ? combine : { ...combine, copyInto: into }
      )
      if (job.stalled !== undefined) {
        // a worker exited or hangs: the last good state is after the steps every worker
        // combined, unless workers may have begun to write the next step's new parameters
        // (the SGD step, once every shard of it was done): then the span's start
        if (rate !== undefined && job.shardsDone) return O.some(E.left(stalled(job.stalled, state)))
        for (let j = 0; j < job.applied && rate !== undefined; j++) {
          stage.apply(nothing, nothing)
          losses.push(hub.numbers[LOSSES + j]! / rows)
        }
        return O.some(E.left(stalled(job.stalled, reached())))
      }
      for (let j = 0; j < steps; j++) {
        const value = hub.numbers[LOSSES + j]! / rows
        let ok = job.failures.length === 0 && job.finite && Number.isFinite(value)
        // plain SGD: the stage only counts the step
        if (rate !== undefined) ok &&= stage.apply(nothing, nothing) === 0
        else ok = ok && stage.descend(updates, weights) === 0
        // the step cannot be taken here: the span again, from its start, the general way, names the failure
        if (!ok) return O.some(general(state, plan, s, from, i + steps - 1))
        losses.push(value)
      }
      i += steps
      answer = into // the last job went right: every worker copied its slice
    }
    return O.some(E.right({ state: reached(), losses }))
  }
}

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/**
 * A kernel that trains the model `spec` describes with `optimizer`, each step's gradient in
 * shards of `shardSize` on `pool`'s threads, the parameters flat for a whole span; ready once
 * the pool's threads are. Put it in the config (`{ ...config, kernel }`) of `Train.run`,
 * `Train.fit` or `Train.epoch`: the run is the one `Node.threadedGradients` gives, bit for bit,
 * for any number of threads. Any optimizer serves: the library's run their flat rules, a
 * transformation of one's own its tree rule on the buffers (`Advanced.Optim.fromTree`).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Optim, Random, Train } from 'gradfold'
 * import * as Node from 'gradfold/node'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
 * const pool = Node.threadPool(2)
 * const built = Advanced.Train.decodeModelSpec(spec)
 * const sgd = Optim.sgd(0.5)
 * const key = Random.key(0)
 * if (E.isRight(pool) && E.isRight(built) && E.isRight(sgd) && E.isRight(key)) {
 *   const kernel = await Node.threadedKernel(pool.right)(spec, 8)(sgd.right)()
 *   const params = built.right.net.init(key.right)
 *   if (E.isRight(kernel) && E.isRight(params)) {
 *     const config = { model: built.right.model, optimizer: sgd.right, batching: Data.fullBatch(), maxEpochs: 5, kernel: kernel.right }
 *     await Train.run(config)(Train.start(config)(params.right, key.right), Data.threeClass)() // right: 5 epochs, every step sharded on the threads
 *   }
 *   await Node.closePool(pool.right)()
 * }
 *
 * @category gradients
 * @since 0.2.0
 */
export const threadedKernel =
  (pool: ThreadPool) =>
  (spec: ModelSpec, shardSize: number) =>
  <S>(optimizer: GradientTransformation<S>): TE.TaskEither<InvalidArgument | WorkerFailed, EpochKernel<MlpParams, S>> =>
  async () => {
    const hub = hubOf(pool)
    if (E.isLeft(hub)) return hub
    const no = refusal(hub.right)
    if (no !== undefined) return E.left(no)
    const built = decodeModelSpec(spec, 'sum')
    if (E.isLeft(built)) return built
    const checked = splitShards(shardSize)(1)
    if (E.isLeft(checked)) return checked
    if (!transformationKind.test(optimizer))
      return E.left(invalidArgument('Node.threadedKernel', `the optimizer is not ${transformationKind.expected}`))
    // a transformation without a flat rule of its own (a user's) runs its tree rule on the buffers
    const rule = flatRuleOf(optimizer) ?? fromTree(optimizer)
    const ready = await hub.right.ready
    return E.isLeft(ready) ? ready : E.right(kernelOf(hub.right, spec, built.right.model, shardSize, optimizer, rule))
  }
