// The founding text's three descents side by side: from the same weights, at the same learning
// rate and for the same number of steps (one gradient evaluation each), batch, stochastic and
// mini-batch descent each take their path through the twelve weights; the loss surface over two
// of the weights, the other ten held where the paths start, is the ground they are drawn on.
// Every path is gradfold's own run (`Advanced.Train.openEpoch` and `Advanced.Train.advance`, `Optim.sgd`), every
// cell of the surface gradfold's loss over the 30 samples.
import * as E from 'fp-ts/lib/Either.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as NN from '../../src/nn/index.js'
import * as Optim from '../../src/optim/index.js'
import * as Random from '../../src/random/index.js'
import * as Train from '../../src/train/index.js'
import { batching, data, lossAt, model, type Mode, type Problem } from './session.js'
import * as Advanced from '../../src/advanced.js'

/** The name of one of the twelve weights. */
export type WeightName = keyof NN.ThreeTwoThree

export const WEIGHT_NAMES: ReadonlyArray<WeightName> = [
  'w1',
  'w2',
  'w3',
  'w4',
  'w5',
  'w6',
  'w7',
  'w8',
  'w9',
  'w10',
  'w11',
  'w12'
]

export const MODES: ReadonlyArray<Mode> = ['batch', 'stochastic', 'mini-batch']

/** The weights before the first step and after each: `steps + 1` records. */
export type Path = ReadonlyArray<NN.ThreeTwoThree>

/** Where the three descents start and how far they go. */
export interface Race {
  readonly start: NN.ThreeTwoThree
  /** The key of the shuffles (the session's): epoch k's order is drawn from (key, k) alone. */
  readonly key: Random.Key
  readonly learningRate: number
  readonly steps: number
}

/** The three paths, and the loss over all 30 samples where each ends. */
export interface Descents extends Race {
  readonly paths: Readonly<Record<Mode, Path>>
  readonly endLoss: Readonly<Record<Mode, number>>
}

/** `steps` steps of `mode` from the start: a run of gradfold's training loop, every step's weights kept. */
export const descend =
  (race: Race) =>
  (mode: Mode): E.Either<Problem, Path> =>
    pipe(
      E.Do,
      E.apSW('optimizer', Optim.sgd(race.learningRate)),
      E.apSW('batching', batching(mode)),
      E.apSW('params', Advanced.NN.threeTwoThreeToMlp(race.start)),
      E.chainW(({ optimizer, batching, params }) => {
        const kept: Array<NN.MlpParams> = [params]
        const onStep: Advanced.Train.StepHook<NN.MlpParams, unknown> = (_, s) => void kept.push(s.params)
        const advance = Advanced.Train.advance({ model, optimizer, batching }, { onStep })
        let state = Train.initialState(optimizer)(params, race.key)
        while (kept.length <= race.steps) {
          const cursor = pipe(
            Advanced.Train.openEpoch(batching)(state, data),
            E.chainW(advance(race.steps + 1 - kept.length))
          )
          if (E.isLeft(cursor)) return cursor
          state = Advanced.Train.isComplete(cursor.right)
            ? Advanced.Train.closeEpoch(cursor.right).state
            : cursor.right.state
        }
        return pipe(kept, RA.traverse(E.Applicative)(Advanced.NN.threeTwoThreeFromMlp))
      })
    )

/** The three descents of the race, each ending where its own steps lead. */
export const descents = (race: Race): E.Either<Problem, Descents> =>
  pipe(
    E.Do,
    E.apSW('batch', descend(race)('batch')),
    E.apSW('stochastic', descend(race)('stochastic')),
    E.apSW('mini-batch', descend(race)('mini-batch')),
    E.bindW('ends', (paths) =>
      pipe(
        MODES,
        RA.traverse(E.Applicative)((m) => lossAt(paths[m][paths[m].length - 1]!))
      )
    ),
    E.map(({ ends, ...paths }) => ({
      ...race,
      paths,
      endLoss: { batch: ends[0]!, stochastic: ends[1]!, 'mini-batch': ends[2]! }
    }))
  )

// -------------------------------------------------------------------------------------
// the loss surface
// -------------------------------------------------------------------------------------

/** The loss over all 30 samples on a grid of two weights, the other ten held at `start`'s values. */
export interface Surface {
  readonly start: NN.ThreeTwoThree
  readonly x: WeightName
  readonly y: WeightName
  readonly xs: ReadonlyArray<number>
  readonly ys: ReadonlyArray<number>
  /** Row `j` (the `y` weight at `ys[j]`), column `i` (the `x` weight at `xs[i]`): `losses[j * xs.length + i]`. */
  readonly losses: ReadonlyArray<number>
}

/** `n` evenly spaced values around `centre`, wide enough for every value given and at least ±`least`. */
export const axisAround = (centre: number, values: ReadonlyArray<number>, n: number, least = 0.25): Array<number> => {
  const half = Math.max(least, 1.3 * Math.max(0, ...values.map((v) => Math.abs(v - centre))))
  return Array.from({ length: n }, (_, i) => centre - half + (2 * half * i) / (n - 1))
}

/** The surface over weights `x` and `y` on the grid `xs` × `ys`. */
export const surface = (
  start: NN.ThreeTwoThree,
  x: WeightName,
  y: WeightName,
  xs: ReadonlyArray<number>,
  ys: ReadonlyArray<number>
): E.Either<Problem, Surface> =>
  pipe(
    ys.flatMap((b) => xs.map((a) => ({ ...start, [x]: a, [y]: b }))),
    RA.traverse(E.Applicative)(lossAt),
    E.map((losses) => ({ start, x, y, xs, ys, losses }))
  )

/** The surface over `x` and `y` around the start of the descents, wide enough to hold their three paths. */
export const surfaceFor = (d: Descents, x: WeightName, y: WeightName, n: number): E.Either<Problem, Surface> => {
  const along = (w: WeightName): ReadonlyArray<number> => MODES.flatMap((m) => d.paths[m].map((p) => p[w]))
  return surface(d.start, x, y, axisAround(d.start[x], along(x), n), axisAround(d.start[y], along(y), n))
}
