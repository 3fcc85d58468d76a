/**
 * A model's loss and gradient by its compiled program: `forward` and `loss`, whatever functions
 * they are (the library's own or a user's), traced once for parameters of one structure and a
 * batch of one shape (`Advanced.AD.compile`), the batch's inputs and targets the program's inputs, then
 * run at every step over the program's buffers. The programs are kept per model record, so a
 * run resumed again and again (`fitFrom` an epoch at a time) reuses them; a model whose trace
 * escapes (it reads a value outside the library's ops) is remembered as not compiling and runs
 * interpreted. Nothing is recognised by the identity of a function: the model record only keys
 * the cache. Measuring a model on a whole data set (`lossAndPredictions`, so every epoch's
 * record) runs its forward-only program the same way (`ad/forwardProgram.ts`), kept per model
 * record, parameter structure and data shape, where its buffers are small.
 *
 * Law (laws/compiled.ts, and the step and fusion laws through `Train`): the answer is
 * `valueAndGrad`'s, bit for bit; wherever the program gives up, `valueAndGrad` runs and names
 * the failure. The forward-only answer is the tape's evaluation, bit for bit (`forwardEqualsTape`).
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { AdError } from '../../ad/AdError.js'
import { compileForward, type ForwardProgram } from '../../ad/forwardProgram.js'
import { compile, type Program } from '../../ad/program.js'
import { valueAndGradWith, type Traced } from '../../ad/valueAndGrad.js'
import type { Var } from '../../ad/Var.js'
import type { Batch } from '../../data/EpochPlan.js'
import { sameShape, unsafeMake, type Shape, type Tensor } from '../../tensor/Tensor.js'
import { compileLayout, type Layout } from '../../tree/layout.js'
import type { Leaf, Params } from '../../tree/Tree.js'
import type { Model } from '../Model.js'

// -------------------------------------------------------------------------------------
// the programs kept
// -------------------------------------------------------------------------------------

interface Kept {
  readonly layout: Layout
  readonly inputs: Shape
  readonly targets: Shape
  /** undefined: the model does not compile for these shapes (it runs interpreted). */
  readonly program: Program | undefined
}

/** The programs compiled so far, per model record, for each parameter layout and batch shape. */
const kept = new WeakMap<object, Array<Kept>>()

/** The most programs kept for one model: a run with batches of many shapes keeps the latest. */
const MAX_KEPT = 8

const asTensor = (x: Leaf): Tensor => (typeof x === 'number' ? unsafeMake([], Float64Array.of(x)) : x)

/** The function a model's program computes: the loss of the batch's predictions, params from leaves. */
const lossOf =
  <P extends Params>(model: Model<P>, layout: Layout) =>
  (params: ReadonlyArray<Var>, [inputs, targets]: ReadonlyArray<Tensor>): Var =>
    pipe(inputs!, model.forward(layout.build(params as never) as Traced<P>), model.loss(targets!))

/**
 * The program of `model` for parameters of `layout` (whose leaves are `list`) and `batch`'s
 * shapes: compiled at its first call for these shapes, then kept; undefined when it does not
 * compile.
 *
 * @internal
 */
export const programOf = <P extends Params>(
  model: Model<P>,
  layout: Layout,
  params: P,
  list: ReadonlyArray<Leaf>,
  batch: Batch
): Program | undefined => {
  let programs = kept.get(model)
  if (programs === undefined) kept.set(model, (programs = []))
  for (const k of programs) {
    if (!sameShape(k.inputs, batch.inputs.shape) || !sameShape(k.targets, batch.targets.shape)) continue
    // another run's layout of the same structure will do: its program builds the same records
    if (k.layout === layout || k.layout.read(params) !== undefined) return k.program
  }
  const program = compile(lossOf(model, layout), list.map(asTensor), [batch.inputs, batch.targets])
  if (programs.length >= MAX_KEPT) programs.shift()
  programs.push({ layout, inputs: batch.inputs.shape, targets: batch.targets.shape, program })
  return program
}

/**
 * The leaves of a program's gradients, as fresh values shaped like the parameters' leaves.
 *
 * @internal
 */
export const gradientLeaves = (program: Program, list: ReadonlyArray<Leaf>): Array<Leaf> => {
  const out: Array<Leaf> = new Array(list.length)
  for (let k = 0; k < list.length; k++) {
    const x = list[k]!
    const g = program.grads[k]!
    out[k] = typeof x === 'number' ? g[0]! : unsafeMake(x.shape, g.slice())
  }
  return out
}

const leafData = (list: ReadonlyArray<Leaf>): Array<Float64Array> =>
  list.map((x) => (typeof x === 'number' ? Float64Array.of(x) : x.data))

/**
 * The loss of `batch` and the gradient's leaves at `params` (whose leaves by `layout` are
 * `list`): by the model's compiled program, or by `valueAndGrad` where it does not compile or
 * gives up. The same answer either way, bit for bit.
 *
 * @internal
 */
export const compiledLossAndGrad =
  (layout: Layout) =>
  <P extends Params>(model: Model<P>) => {
    // the program of the last batch shape, found without looking at the cache again
    let last: { readonly inputs: Shape; readonly targets: Shape; readonly program: Program | undefined } | undefined
    return (
      batch: Batch,
      params: P,
      list: ReadonlyArray<Leaf>
    ): E.Either<AdError, { readonly value: number; readonly grads: ReadonlyArray<Leaf> }> => {
      if (
        last === undefined ||
        !sameShape(last.inputs, batch.inputs.shape) ||
        !sameShape(last.targets, batch.targets.shape)
      ) {
        const found = programOf(model, layout, params, list, batch)
        last = { inputs: batch.inputs.shape, targets: batch.targets.shape, program: found }
      }
      const program = last.program
      const value = program?.run(leafData(list), [batch.inputs.data, batch.targets.data])
      if (program !== undefined && value !== undefined) return E.right({ value, grads: gradientLeaves(program, list) })
      return valueAndGradWith(layout)((p: Traced<P>) =>
        pipe(batch.inputs, model.forward(p), model.loss(batch.targets))
      )(params, list)
    }
  }

// -------------------------------------------------------------------------------------
// measuring
// -------------------------------------------------------------------------------------

interface KeptForward {
  readonly layout: Layout
  readonly inputs: Shape
  readonly targets: Shape
  /** undefined: not compiled for these shapes (the model's trace escapes, or its buffers would be too big). */
  readonly program: ForwardProgram | undefined
}

/** The forward-only programs compiled so far, per model record, for each parameter layout and data shape. */
const keptForward = new WeakMap<object, Array<KeptForward>>()

/**
 * The most float64 elements a forward-only program's buffers may hold (2 MB; a program is kept
 * per model, parameter structure and data shape): a data set large enough to need more is
 * measured by the tape, whose buffers do not outlive the measurement.
 */
const MAX_FORWARD_SIZE = 1 << 18

/** The function a model's forward-only program computes: the predictions, then their loss. */
const predictionsAndLoss =
  <P extends Params>(model: Model<P>, layout: Layout) =>
  (params: ReadonlyArray<Var>, [inputs, targets]: ReadonlyArray<Tensor>): ReadonlyArray<Var> => {
    const predictions = model.forward(layout.build(params as never) as Traced<P>)(inputs!)
    return [predictions, model.loss(targets!)(predictions)]
  }

/** The kept forward-only program for `params` and `batch`'s shapes, with `params`' leaves; compiled at the first call. */
const forwardOf = <P extends Params>(
  model: Model<P>,
  params: P,
  batch: Batch
): { readonly program: ForwardProgram | undefined; readonly list: ReadonlyArray<Leaf> } | undefined => {
  let programs = keptForward.get(model)
  if (programs === undefined) keptForward.set(model, (programs = []))
  for (const k of programs) {
    if (!sameShape(k.inputs, batch.inputs.shape) || !sameShape(k.targets, batch.targets.shape)) continue
    const list = k.layout.read(params)
    if (list !== undefined) return { program: k.program, list }
  }
  const layout = compileLayout(params)
  const list = layout?.read(params)
  if (layout === undefined || list === undefined) return undefined
  const compiled = compileForward(predictionsAndLoss(model, layout), list.map(asTensor), [batch.inputs, batch.targets])
  const program = compiled !== undefined && compiled.size <= MAX_FORWARD_SIZE ? compiled : undefined
  if (programs.length >= MAX_KEPT) programs.shift()
  programs.push({ layout, inputs: batch.inputs.shape, targets: batch.targets.shape, program })
  return { program, list }
}

/**
 * The loss of `batch` (a whole data set) and the predictions at `params`, by the model's
 * compiled forward-only program, kept per model record, parameter structure and data shape;
 * undefined where it does not compile or gives up (the caller runs the tape, which answers the
 * same, or names the failure). The loss and predictions are the tape's, bit for bit.
 *
 * @internal
 */
export const compiledLossAndPredictions =
  <P extends Params>(model: Model<P>) =>
  (batch: Batch) =>
  (params: P): { readonly loss: number; readonly predictions: Tensor } | undefined => {
    const found = forwardOf(model, params, batch)
    const program = found?.program
    if (found === undefined || program === undefined) return undefined
    const outs = program.run(leafData(found.list), [batch.inputs.data, batch.targets.data])
    const predictions = outs?.[0]
    const loss = outs?.[1]
    if (predictions === undefined || loss === undefined || loss.length !== 1) return undefined
    return { loss: loss[0]!, predictions: unsafeMake(program.shapes[0]!, predictions.slice()) }
  }
