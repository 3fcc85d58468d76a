// What the playground page must show, computed by gradfold alone, without the page's code: the
// weights gradfold's training loop reaches, a step's explanation, the predicted classes, the
// loss, the units' σ′. The browser test runs these functions twice: in its own process (Node),
// and bundled into a blank page of the same Chromium that runs the playground, whose Math.exp
// and Math.log can round differently from Node's (the library's sigmoid and loss call them), so
// that the page can be held to the bit against the library in its own engine.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Data, NN, Optim, Random, Train } from '../../src/index.js'
import * as Advanced from '../../src/advanced.js'

export type Mode = 'batch' | 'stochastic' | 'mini-batch'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left: ${JSON.stringify(e.left)}`)
  return e.right
}

const model: Train.Model<NN.MlpParams> = { forward: NN.threeTwoThreeMlp.forward, loss: (y) => NN.halfSumSquares(y) }

const batchingOf = (mode: Mode): Data.Batching =>
  mode === 'batch'
    ? Data.fullBatch()
    : mode === 'stochastic'
      ? Data.stochastic({ shuffle: true })
      : right(Data.miniBatch(6, { shuffle: true }))

/** The keys a seed gives: the initial weights' and the shuffles'. */
const keysOf = (seed: number) => Random.split2(right(Random.key(seed)))

/** The weights `NN.threeTwoThreeMlp.init` draws from the first key of `seed`. */
export const initialWeights = (seed: number): NN.ThreeTwoThree =>
  right(pipe(NN.threeTwoThreeMlp.init(keysOf(seed)[0]), E.chainW(Advanced.NN.threeTwoThreeFromMlp)))

/**
 * gradfold's training loop for `steps` steps from `start`: `Train.step` with `Optim.sgd(η)` on
 * each batch of each epoch's plan (shuffled by the second key of `seed`), in order.
 */
const run = (mode: Mode, start: NN.ThreeTwoThree, seed: number, learningRate: number, steps: number) => {
  const optimizer = right(Optim.sgd(learningRate))
  const key = keysOf(seed)[1]
  let state = Train.initialState(optimizer)(right(Advanced.NN.threeTwoThreeToMlp(start)), key)
  const weights: Array<NN.ThreeTwoThree> = [start]
  const batches: Array<Advanced.Data.Batch> = []
  for (let epoch = 0; weights.length <= steps; epoch++) {
    const plan = right(Advanced.Data.plan(batchingOf(mode))(Data.threeClass, key, epoch))
    for (let i = 0; i < plan.batchCount && weights.length <= steps; i++) {
      const batch = right(Advanced.Data.batchAt(i)(plan))
      state = right(Train.step(model, optimizer)(state, batch))
      weights.push(right(Advanced.NN.threeTwoThreeFromMlp(state.params)))
      batches.push(batch)
    }
  }
  return { weights, batches }
}

/** The weights before the first step and after each of `steps` steps. */
export const trainRun = (
  mode: Mode,
  start: NN.ThreeTwoThree,
  seed: number,
  learningRate: number,
  steps: number
): ReadonlyArray<NN.ThreeTwoThree> => run(mode, start, seed, learningRate, steps).weights

/** A weight's line of a step's explanation, as the chain-rule table shows it. */
export interface WeightLine {
  readonly name: string
  readonly value: number
  readonly gradient: number
  readonly updated: number
  readonly terms: ReadonlyArray<ReadonlyArray<{ readonly symbol: string; readonly value: number }>>
}

/** Step `steps` of a run from `seed`'s initial weights: the weights after it, its explanation as Markdown and by weight. */
export const lastStep = (mode: Mode, seed: number, learningRate: number, steps: number) => {
  const r = run(mode, initialWeights(seed), seed, learningRate, steps)
  const e = right(
    Train.explainStep({ network: NN.threeTwoThreeMlp, learningRate })(
      right(Advanced.NN.threeTwoThreeToMlp(r.weights[steps - 1]!)),
      r.batches[steps - 1]!
    )
  )
  return {
    weights: r.weights[steps]!,
    markdown: Train.renderExplanation('markdown')(e),
    loss: e.loss,
    lines: e.weights.map((w): WeightLine => ({
      name: w.name,
      value: w.value,
      gradient: w.gradient,
      updated: w.updated,
      terms: w.terms
    }))
  }
}

/** `Train.predictClasses` of a model file holding the weights. */
export const predictClasses = (w: NN.ThreeTwoThree, rows: ReadonlyArray<Advanced.NN.Triple>): ReadonlyArray<string> =>
  right(
    pipe(
      Advanced.NN.threeTwoThreeToMlp(w),
      E.chainW((params) => Train.modelFile({ net: NN.threeTwoThreeMlp, loss: 'halfSumSquares', params })),
      E.chainW((m) => Train.predictClasses(m)(rows))
    )
  )

/** The loss on all 30 samples, and each class's accuracy (its recall), by `Train.measure`. */
export const measure = (w: NN.ThreeTwoThree): { loss: number; recalls: ReadonlyArray<number> } => {
  const m = right(
    pipe(Advanced.NN.threeTwoThreeToMlp(w), E.chainW(Train.measure(model, { perClass: true })(Data.threeClass)))
  )
  return { loss: m.loss, recalls: 'classes' in m && m.classes !== undefined ? m.classes.map((c) => c.recall) : [] }
}

/** The loss on all 30 samples alone, by `Train.measure`. */
export const lossAt = (w: NN.ThreeTwoThree): number =>
  right(pipe(Advanced.NN.threeTwoThreeToMlp(w), E.chainW(Train.measure(model)(Data.threeClass)))).loss

/** Each hidden and output unit's σ′ = ∂a/∂z, the mean over the 30 samples, from the explanation of a step of η = 0. */
export const sigmaPrimes = (w: NN.ThreeTwoThree): ReadonlyArray<readonly [string, number]> => {
  const e = right(
    Train.explainThreeTwoThree(0)(w, {
      inputs: Advanced.Data.threeClassInputs,
      targets: Advanced.Data.threeClassLabels.map((c): Advanced.NN.Triple => [
        c === 0 ? 1 : 0,
        c === 1 ? 1 : 0,
        c === 2 ? 1 : 0
      ])
    })
  )
  return e.units
    .filter((u) => u.layer > 0)
    .map((u) => [u.name, u.samples.reduce((s, v) => s + v.dadz!, 0) / u.samples.length] as const)
}
