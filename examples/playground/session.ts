// The playground's model of a training session: the founding text's 3-2-3 network on the
// bundled 3-class data, stepped by gradfold itself one batch at a time. Pure: every function
// takes a session and answers a new one (or a Left); the page only draws what it is given.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as Data from '../../src/data/index.js'
import * as NN from '../../src/nn/index.js'
import * as Random from '../../src/random/index.js'
import * as Train from '../../src/train/index.js'
import * as Advanced from '../../src/advanced.js'

/** Whatever went wrong, as every gradfold error describes itself: a message a student can read. */
export interface Problem {
  readonly message: string
}

/** The founding text's three ways of descending. */
export type Mode = 'batch' | 'stochastic' | 'mini-batch'

/** What a student can set. */
export interface Settings {
  readonly mode: Mode
  readonly learningRate: number
  /** Draws the initial weights and the shuffles. */
  readonly seed: number
}

/** Where a session stands: the weights, the place in the epoch, the loss after every step. */
export interface Session {
  readonly settings: Settings
  readonly weights: NN.ThreeTwoThree
  /** The key of the shuffles: epoch k's order is drawn from (shuffleKey, k) alone. */
  readonly shuffleKey: Random.Key
  readonly epoch: number
  /** The index of the next batch within the epoch. */
  readonly batch: number
  readonly steps: number
  /** The loss over all 30 samples with the current weights. */
  readonly loss: number
  /** The share of the 30 samples classified right, and each class's share (its recall). */
  readonly accuracy: number
  readonly classAccuracy: ReadonlyArray<number>
}

/** One step: the explanation of its numbers, the rows of the data set it stepped on, and the session after it. */
export interface Stepped {
  readonly session: Session
  readonly explanation: Train.Explanation<NN.MlpParams>
  readonly rows: ReadonlyArray<number>
}

/** Samples of a mini-batch: the text's mini-batches hold 6 of the 30. */
export const MINI_BATCH = 6

export const data: Data.Dataset = Data.threeClass

export const batching = (mode: Mode): E.Either<Problem, Data.Batching> =>
  mode === 'batch'
    ? E.right(Data.fullBatch())
    : mode === 'stochastic'
      ? E.right(Data.stochastic({ shuffle: true }))
      : Data.miniBatch(MINI_BATCH, { shuffle: true })

/** The plan of the session's current epoch. */
const currentPlan = (s: Session): E.Either<Problem, Advanced.Data.EpochPlan> =>
  pipe(
    batching(s.settings.mode),
    E.chainW((b) => Advanced.Data.plan(b)(data, s.shuffleKey, s.epoch))
  )

/** The founding text's network in its mlp form with its loss, the model every `Train` function takes. */
export const model: Train.Model<NN.MlpParams> = {
  forward: NN.threeTwoThreeMlp.forward,
  loss: (y) => NN.halfSumSquares(y)
}

/** What `evaluate` measures on the whole data set. */
export type Measured = Pick<Session, 'loss' | 'accuracy' | 'classAccuracy'>

/** The mean of `½ Σ (ŷ − y)²` over the whole data set, the share of rows classified right, and each class's share. */
export const evaluate = (weights: NN.ThreeTwoThree): E.Either<Problem, Measured> =>
  pipe(
    Advanced.NN.threeTwoThreeToMlp(weights),
    E.chainW(Train.measure(model, { perClass: true })(data)),
    E.map((m) => ({
      loss: m.loss,
      accuracy: 'accuracy' in m ? m.accuracy : Number.NaN,
      classAccuracy: 'classes' in m && m.classes !== undefined ? m.classes.map((c) => c.recall) : []
    }))
  )

/** The loss over the whole data set alone (one cell of the loss surface). */
export const lossAt = (weights: NN.ThreeTwoThree): E.Either<Problem, number> =>
  pipe(
    Advanced.NN.threeTwoThreeToMlp(weights),
    E.chainW(Advanced.Train.lossAndPredictions(model)(data)),
    E.map((m) => m.loss)
  )

/** A new session: weights drawn from the seed as `NN.threeTwoThreeMlp.init` draws them. */
export const start = (settings: Settings): E.Either<Problem, Session> =>
  pipe(
    Random.key(settings.seed),
    E.map(Random.split2),
    E.bindTo('keys'),
    E.bindW('init', ({ keys }) => NN.threeTwoThreeMlp.init(keys[0])),
    E.bindW('weights', ({ init }) => Advanced.NN.threeTwoThreeFromMlp(init)),
    E.bindW('measured', ({ weights }) => evaluate(weights)),
    E.map(({ keys, weights, measured }) => ({
      settings,
      weights,
      shuffleKey: keys[1],
      epoch: 0,
      batch: 0,
      steps: 0,
      ...measured
    }))
  )

/** The samples the next step descends on, and their rows in the data set. */
export const nextBatch = (s: Session): E.Either<Problem, { batch: Advanced.Data.Batch; rows: ReadonlyArray<number> }> =>
  pipe(
    currentPlan(s),
    E.chainW((p) =>
      pipe(
        E.Do,
        E.apSW('batch', Advanced.Data.batchAt(s.batch)(p)),
        E.apSW('rows', Advanced.Data.batchIndices(s.batch)(p))
      )
    )
  )

/** The position after the batch at `s.batch`: the next batch, or the first of the next epoch. */
const advance = (s: Session): E.Either<Problem, Pick<Session, 'epoch' | 'batch'>> =>
  pipe(
    currentPlan(s),
    E.map((p) =>
      s.batch + 1 < p.batchCount ? { epoch: s.epoch, batch: s.batch + 1 } : { epoch: s.epoch + 1, batch: 0 }
    )
  )

/**
 * One step of gradient descent on the next batch, `w ← w − η·∂L/∂w`, explained by
 * `Train.explainStep` on the network's mlp form: its sums are taken in the matrix order
 * `Train.step` takes them, so the new weights are `Train.step`'s with `Optim.sgd(η)`, bit for bit.
 */
export const step = (s: Session): E.Either<Problem, Stepped> =>
  pipe(
    nextBatch(s),
    E.bindTo('next'),
    E.bindW('params', () => Advanced.NN.threeTwoThreeToMlp(s.weights)),
    E.bindW('explanation', ({ next: { batch }, params }) =>
      Train.explainStep({ network: NN.threeTwoThreeMlp, learningRate: s.settings.learningRate })(params, batch)
    ),
    E.bindW('weights', ({ explanation }) => Advanced.NN.threeTwoThreeFromMlp(explanation.updated)),
    E.bindW('measured', ({ weights }) => evaluate(weights)),
    E.bindW('position', () => advance(s)),
    E.map(({ next, explanation, weights, measured, position }) => ({
      explanation,
      rows: next.rows,
      session: { ...s, ...position, ...measured, weights, steps: s.steps + 1 }
    }))
  )

/** The same session with other settings: the weights stay, the epoch starts afresh. */
export const retune =
  (settings: Settings) =>
  (s: Session): Session => ({ ...s, settings, epoch: s.epoch + (s.batch > 0 ? 1 : 0), batch: 0 })
