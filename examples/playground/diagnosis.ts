// Why a network is stuck, in numbers: the explanation of a step of η = 0 on all 30 samples
// (`Train.explainThreeTwoThree`) holds every unit's activation a and σ′ = ∂a/∂z = a(1 − a) for
// every sample, and the gradient of the loss over the whole data set. A sigmoid unit whose σ′
// is near 0 on a class's samples is saturated there: whatever reaches it from the loss is
// multiplied by σ′ on its way back to the weights below.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as NN from '../../src/nn/index.js'
import * as Train from '../../src/train/index.js'
import type { Problem } from './session.js'
import * as Advanced from '../../src/advanced.js'

/** A unit's activation and σ′, their means over all samples and over each class's samples. */
export interface UnitState {
  readonly name: string
  readonly a: number
  readonly sigmaPrime: number
  readonly byClass: ReadonlyArray<{ readonly a: number; readonly sigmaPrime: number }>
}

export interface Diagnosis {
  /** h1, h2, ŷ1, ŷ2, ŷ3. */
  readonly units: ReadonlyArray<UnitState>
  /** The size of the gradient of the loss over all 30 samples: `‖∂L/∂(w1…w6)‖` and `‖∂L/∂(w7…w12)‖`. */
  readonly hiddenGradient: number
  readonly outputGradient: number
}

const CLASSES = [0, 1, 2] as const

const oneHot = (c: number): Advanced.NN.Triple => [c === 0 ? 1 : 0, c === 1 ? 1 : 0, c === 2 ? 1 : 0]

const mean = (xs: ReadonlyArray<number>): number => xs.reduce((s, x) => s + x, 0) / xs.length

const unitState = (u: Advanced.Train.UnitExplanation): UnitState => {
  const of = (keep: (s: number) => boolean) => {
    const kept = u.samples.filter((_, s) => keep(s))
    return { a: mean(kept.map((v) => v.a)), sigmaPrime: mean(kept.map((v) => v.dadz ?? Number.NaN)) }
  }
  const all = of(() => true)
  return { name: u.name, ...all, byClass: CLASSES.map((c) => of((s) => Advanced.Data.threeClassLabels[s] === c)) }
}

/** The units' σ′ and the gradient's size at `weights`, on the 30 samples. */
export const diagnose = (weights: NN.ThreeTwoThree): E.Either<Problem, Diagnosis> =>
  pipe(
    Train.explainThreeTwoThree(0)(weights, {
      inputs: Advanced.Data.threeClassInputs,
      targets: Advanced.Data.threeClassLabels.map(oneHot)
    }),
    E.map((e) => ({
      units: e.units.filter((u) => u.layer > 0).map(unitState),
      hiddenGradient: Math.hypot(...e.weights.slice(0, 6).map((w) => w.gradient)),
      outputGradient: Math.hypot(...e.weights.slice(6).map((w) => w.gradient))
    }))
  )
