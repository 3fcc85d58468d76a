// What the network predicts, in a picture a student can read: the 30 samples have three inputs,
// so they are drawn on a fixed plane, the plane x1 + x2 + x3 = 2 that holds the three class
// centres (2, 0, 0), (0, 2, 0) and (0, 0, 2). Each sample sits at its orthogonal projection on
// that plane; the regions behind them are the classes `Train.predictClasses` gives the points of
// the plane itself. A sample off the plane keeps its own prediction, computed from its own three
// inputs, and the page marks it when that prediction is wrong.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as NN from '../../src/nn/index.js'
import * as Train from '../../src/train/index.js'
import type { Problem } from './session.js'
import * as Advanced from '../../src/advanced.js'

/** A point of the plane in its own coordinates: `u` along x1 − x2, `v` towards x3. */
export interface PlanePoint {
  readonly u: number
  readonly v: number
}

const CENTRE = 2 / 3
const E1: Advanced.NN.Triple = [Math.SQRT1_2, -Math.SQRT1_2, 0]
const E2: Advanced.NN.Triple = [-1 / Math.sqrt(6), -1 / Math.sqrt(6), 2 / Math.sqrt(6)]

/** The orthogonal projection of an input onto the plane x1 + x2 + x3 = 2. */
export const toPlane = (x: Advanced.NN.Triple): PlanePoint => {
  const d = [x[0] - CENTRE, x[1] - CENTRE, x[2] - CENTRE]
  return { u: d[0]! * E1[0] + d[1]! * E1[1], v: d[0]! * E2[0] + d[1]! * E2[1] + d[2]! * E2[2] }
}

/** The input at a point of the plane. */
export const fromPlane = (p: PlanePoint): Advanced.NN.Triple => [
  CENTRE + p.u * E1[0] + p.v * E2[0],
  CENTRE + p.u * E1[1] + p.v * E2[1],
  CENTRE + p.v * E2[2]
]

/** The window of the plane the page shows. */
export const VIEW = { u: [-2.4, 2.4], v: [-1.9, 2.6] } as const

/** The classes the network predicts for `rows`, by `Train.predictClasses` of a model file holding `weights`. */
export const predictClasses =
  (weights: NN.ThreeTwoThree) =>
  (rows: ReadonlyArray<Advanced.NN.Triple>): E.Either<Problem, ReadonlyArray<string>> =>
    pipe(
      Advanced.NN.threeTwoThreeToMlp(weights),
      E.chainW((params) => Train.modelFile({ net: NN.threeTwoThreeMlp, loss: 'halfSumSquares', params })),
      E.chainW((m) => Train.predictClasses(m)(rows))
    )

/** The predicted class of each cell centre of a `columns` × `rows` grid over the view, row 0 at the top. */
export interface Regions {
  readonly columns: number
  readonly rows: number
  /** Each cell centre's input (row-major from the top left), and its predicted class. */
  readonly points: ReadonlyArray<Advanced.NN.Triple>
  readonly classes: ReadonlyArray<string>
}

/** The regions of the plane each class takes, on a grid of `columns` × `rows` cells. */
export const regions =
  (columns: number, rows: number) =>
  (weights: NN.ThreeTwoThree): E.Either<Problem, Regions> => {
    const [u0, u1] = VIEW.u
    const [v0, v1] = VIEW.v
    const points = Array.from({ length: columns * rows }, (_, k) =>
      fromPlane({
        u: u0 + ((u1 - u0) * ((k % columns) + 0.5)) / columns,
        v: v1 - ((v1 - v0) * (Math.floor(k / columns) + 0.5)) / rows
      })
    )
    return pipe(
      predictClasses(weights)(points),
      E.map((classes) => ({ columns, rows, points, classes }))
    )
  }
