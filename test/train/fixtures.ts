// A least-squares problem for the training tests: y = 2·x₁ − x₂ + 1 on eight points, a linear
// model x·w + b, and mean squared error written with the differentiable ops.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as AD from '../../src/ad/index.js'
import { make, type Dataset } from '../../src/data/Dataset.js'
import { key as makeKey, type Key } from '../../src/random/Key.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import type { Model } from '../../src/train/Model.js'
import { getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'

export type Linear = { readonly w: Tensor; readonly b: Tensor }

const xs = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 1],
  [1, 2],
  [-1, 0.5],
  [0.5, -1]
]

export const data: Dataset = getRight(make(t(xs), t(xs.map(([a, b]) => [2 * a! - b! + 1]))))

export const linear: Model<Linear> = {
  forward: (p) => (x) => pipe(x, AD.matmul(p.w), AD.addRow(p.b)),
  loss: (y) => (yHat) => pipe(yHat, AD.sub(y), AD.square, AD.mean)
}

export const zeroLinear: Linear = { w: t([[0], [0]]), b: t([0]) }

export const runKey: Key = getRight(makeKey(7))

export const right = <A>(e: E.Either<unknown, A>): A => getRight(e)
