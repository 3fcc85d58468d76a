import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { adagrad, adam, adamw, momentum, nesterov, rmsprop, sgd } from '../src/optim/alias.js'
import { chain, type AnyTransformation } from '../src/optim/chain.js'
import { clipByGlobalNorm } from '../src/optim/clipByGlobalNorm.js'
import { gradientTransformation as transformation } from '../src/optim/GradientTransformation.js'
import { masked } from '../src/optim/masked.js'
import type { OptimError } from '../src/optim/OptimError.js'
import { scale } from '../src/optim/scale.js'
import { scaleByAdam } from '../src/optim/scaleByAdam.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import { paths, type Tree } from '../src/tree/Tree.js'
import { unsafeNorm } from '../src/tree/vectorSpace.js'
import { unsafeZipWith } from '../src/tree/zipWith.js'
import {
  decayRate,
  epsilon,
  finiteDouble,
  gradientTransformation,
  learningRate,
  nonCommutingTriple,
  signedTrajectoryInputs,
  trajectoryInputs,
  treeOfSkeleton,
  treeSkeleton,
  type NamedTransformation,
  type TrajectoryInputs
} from './arbitraries.js'
import { lawParameters } from './config.js'
import * as laws from './optim.js'

// Records of several shapes, kept small so that 200 runs of multi-step trajectories stay quick.
const small = { maxDepth: 2, maxChildren: 3, shape: { maxRank: 2, maxDim: 3 } } as const
const threeSteps = trajectoryInputs(3, small)
const signedThreeSteps = signedTrajectoryInputs(3, small)

/** `law` applied to the built transformations; false when one of them failed to build. */
const withBuilt = (
  ts: ReadonlyArray<NamedTransformation>,
  law: (built: ReadonlyArray<AnyTransformation>) => boolean
): boolean => {
  const built = ts.map((t) => t.built)
  return built.every(E.isRight) && law(built.map((b) => (b as E.Right<AnyTransformation>).right))
}

/** Trajectory inputs with a mask choosing each leaf (by path) independently. */
const maskedInputs = (inputs: fc.Arbitrary<TrajectoryInputs>) =>
  inputs.chain((i) => {
    const ps = paths(i.params)
    return fc.array(fc.boolean(), { minLength: ps.length, maxLength: ps.length }).map((bits) => {
      const chosen = new Set(ps.filter((_, k) => bits[k] === true))
      return { inputs: i, mask: (path: string) => chosen.has(path), chosen: [...chosen] }
    })
  })

/** A gradient and a bound at or above its norm (exactly at it one time in four). */
const gradUnderBound = treeSkeleton(small).chain((s) =>
  fc
    .tuple(treeOfSkeleton(s), treeOfSkeleton(s), fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })))
    .map(([grad, params, slack]) => ({
      grad,
      params,
      maxNorm: unsafeNorm(grad) * (1 + slack)
    }))
)

describe('optim: algebra of transformations', () => {
  it('chain is associative: chain(a, chain(b, c)) and chain(chain(a, b), c) take the same steps, bit for bit', () => {
    fc.assert(
      fc.property(
        gradientTransformation,
        gradientTransformation,
        gradientTransformation,
        threeSteps,
        (a, b, c, inputs) => withBuilt([a, b, c], ([x, y, z]) => laws.chainAssociates(x!, y!, z!, inputs))
      ),
      lawParameters
    )
  })
  it('chain is associative on transformations that do not commute (a clip, a scale, Adam or RMSprop)', () => {
    fc.assert(
      fc.property(nonCommutingTriple, threeSteps, ([a, b, c], inputs) =>
        withBuilt([a, b, c], ([x, y, z]) => laws.chainAssociates(x!, y!, z!, inputs))
      ),
      lawParameters
    )
  })
  it('chain(a, b) runs a, then b on a’s updates, bit for bit', () => {
    fc.assert(
      fc.property(gradientTransformation, gradientTransformation, threeSteps, (a, b, inputs) =>
        withBuilt([a, b], ([x, y]) => laws.chainAppliesInOrder(x!, y!, inputs))
      ),
      lawParameters
    )
    fc.assert(
      fc.property(nonCommutingTriple, threeSteps, ([a, b], inputs) =>
        withBuilt([a, b], ([x, y]) => laws.chainAppliesInOrder(x!, y!, inputs))
      ),
      lawParameters
    )
  })
  it('identity is the unit of chain on both sides, bit for bit', () => {
    fc.assert(
      fc.property(gradientTransformation, threeSteps, (t, inputs) =>
        withBuilt([t], ([x]) => laws.identityIsUnitOfChain(x!, inputs))
      ),
      lawParameters
    )
  })
  it('scale(1) is the identity, bit for bit', () => {
    fc.assert(fc.property(signedThreeSteps, laws.scaleOneIsIdentity), lawParameters)
  })
})

describe('optim: optimizers', () => {
  it('one sgd(η) step is exactly p − η·g', () => {
    fc.assert(
      fc.property(
        learningRate,
        treeSkeleton(small).chain((s) => fc.tuple(treeOfSkeleton(s), treeOfSkeleton(s))),
        (lr, [p, g]) => laws.sgdStepIsExact(lr, p, g)
      ),
      lawParameters
    )
  })
  it('momentum and nesterov with μ = 0 take sgd’s steps, bit for bit', () => {
    fc.assert(fc.property(learningRate, signedThreeSteps, laws.zeroMomentumIsSgd), lawParameters)
  })
  it('adamw with weightDecay 0 takes adam’s steps, bit for bit', () => {
    const options = fc.record({ lr: learningRate, b1: decayRate, b2: decayRate, eps: epsilon })
    fc.assert(fc.property(options, threeSteps, laws.zeroDecayAdamwIsAdam), lawParameters)
  })
})

describe('optim: clipping', () => {
  it('clipByGlobalNorm leaves a gradient under the bound unchanged, bit for bit', () => {
    fc.assert(
      fc.property(gradUnderBound, ({ grad, params, maxNorm }) => laws.clipKeepsSmallGradients(maxNorm, grad, params)),
      lawParameters
    )
  })
  it('clipByGlobalNorm never raises a magnitude, and the norm it answers is within γ₃ₙ₊₁₁ of the bound', () => {
    const bound = fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), finiteDouble(1e3).map(Math.abs))
    const pair = treeSkeleton(small).chain((s) => fc.tuple(treeOfSkeleton(s), treeOfSkeleton(s)))
    fc.assert(
      fc.property(bound, pair, (maxNorm, [grad, params]) => laws.clipNeverRaisesNorm(maxNorm, grad, params)),
      lawParameters
    )
  })
})

describe('optim: masks', () => {
  it('masked passes unchosen leaves through bit for bit and gives the chosen ones the inner updates', () => {
    fc.assert(
      fc.property(gradientTransformation, maskedInputs(threeSteps), (t, { inputs, mask }) =>
        withBuilt([t], ([x]) => laws.maskedLeavesUntouched(mask, x!, inputs))
      ),
      lawParameters
    )
  })
  it('frozen parameter leaves stay bit for bit what they were, −0 included', () => {
    fc.assert(
      fc.property(gradientTransformation, maskedInputs(signedThreeSteps), (t, { inputs, mask }) =>
        withBuilt([t], ([x]) => laws.frozenLeavesUntouched(mask, x!, inputs))
      ),
      lawParameters
    )
  })
})

describe('optim: codecs, determinism, purity', () => {
  // Every block, and every optimizer, chained and masked so that every state shape occurs.
  const optimizers: ReadonlyArray<readonly [string, E.Either<OptimError, AnyTransformation>]> = [
    ['sgd', sgd(0.1)],
    ['momentum', momentum(0.1, 0.9)],
    ['nesterov', nesterov(0.1, 0.9)],
    ['adam', adam({ lr: 0.01 })],
    ['adamw', adamw({ lr: 0.01 })],
    ['rmsprop', rmsprop({})],
    ['adagrad', adagrad({})]
  ]
  const anyTransformation: fc.Arbitrary<NamedTransformation> = fc.oneof(
    gradientTransformation,
    fc.constantFrom(...optimizers.map(([name, built]) => ({ name, built }))),
    fc.tuple(gradientTransformation, gradientTransformation).map(([a, b]) => ({
      name: `chain(${a.name}, ${b.name})`,
      built: pipe(
        E.Do,
        E.bind('x', () => a.built),
        E.bind('y', () => b.built),
        E.map(({ x, y }): AnyTransformation => chain(x, y))
      )
    }))
  )
  it('every state survives JSON and its codec bit for bit, and resumes the same run', () => {
    fc.assert(
      fc.property(anyTransformation, signedThreeSteps, (t, inputs) =>
        withBuilt([t], ([x]) => laws.stateRoundTrips(x!, inputs))
      ),
      lawParameters
    )
  })
  it('masked states survive JSON and their codec too', () => {
    fc.assert(
      fc.property(anyTransformation, maskedInputs(signedThreeSteps), (t, { inputs, mask }) =>
        withBuilt([t], ([x]) => laws.stateRoundTrips(masked(mask, x!), inputs))
      ),
      lawParameters
    )
  })
  it('the same inputs give bit-identical trajectories', () => {
    fc.assert(
      fc.property(anyTransformation, threeSteps, (t, inputs) =>
        withBuilt([t], ([x]) => laws.updateIsDeterministic(x!, inputs))
      ),
      lawParameters
    )
  })
  it('no update writes into its gradient, state or parameters', () => {
    fc.assert(
      fc.property(anyTransformation, threeSteps, (t, inputs) => withBuilt([t], ([x]) => laws.updateIsPure(x!, inputs))),
      lawParameters
    )
  })
})

describe('optim: the laws can fail', () => {
  const built = (t: E.Either<OptimError, AnyTransformation>): AnyTransformation => {
    if (E.isLeft(t)) throw new Error(t.left.message)
    return t.right
  }
  const clip = built(clipByGlobalNorm(0.5))
  const triple = built(scale(3))
  const adamBlock = built(scaleByAdam({}))
  /** Fresh each time: one of the broken updates below writes into its gradient. */
  const inputs = (): TrajectoryInputs => ({
    params: { w: unsafeMake([3], Float64Array.of(1, -2, 3)), b: 0.5 },
    grads: [
      { w: unsafeMake([3], Float64Array.of(0.4, -1.5, 2)), b: -0.25 },
      { w: unsafeMake([3], Float64Array.of(-0.3, 0.7, 1.1)), b: 0.6 },
      { w: unsafeMake([3], Float64Array.of(2.5, 0.1, -0.9)), b: 0.05 }
    ]
  })

  it('chainAppliesInOrder rejects a chain applied backwards', () => {
    const backwards: laws.Compose = (a, b) => chain(b, a)
    expect(laws.chainAppliesInOrder(clip, triple, inputs(), backwards)).toBe(false)
    expect(laws.chainAppliesInOrder(adamBlock, triple, inputs(), backwards)).toBe(false)
    expect(laws.chainAppliesInOrder(clip, triple, inputs())).toBe(true)
  })

  it('chainAssociates rejects a combinator that averages the two updates instead of composing them', () => {
    const averaged: laws.Compose = (a, b) =>
      transformation<readonly [unknown, unknown]>(
        (p) => [a.init(p), b.init(p)],
        (g, [sa, sb], p) => {
          const ra = a.update(g, sa, p)
          const rb = b.update(g, sb, p)
          if (E.isLeft(ra)) return ra
          if (E.isLeft(rb)) return rb
          return E.right([unsafeZipWith((x, y) => (x + y) / 2)(rb.right[0])(ra.right[0]), [ra.right[1], rb.right[1]]])
        },
        chain(a, b).stateC
      )
    expect(laws.chainAssociates(clip, triple, adamBlock, inputs(), averaged)).toBe(false)
    expect(laws.chainAssociates(clip, triple, adamBlock, inputs())).toBe(true)
  })

  it('stateRoundTrips rejects a state codec that rounds to single precision', () => {
    const C = adamBlock.stateC(inputs().params)
    const lossy = new t.Type<unknown, unknown, unknown>('LossyAdamState', C.is, C.validate, (s) =>
      JSON.parse(JSON.stringify(C.encode(s)), (_k, v: unknown) => (typeof v === 'number' ? Math.fround(v) : v))
    )
    expect(laws.stateRoundTrips({ ...adamBlock, stateC: () => lossy }, inputs())).toBe(false)
    expect(laws.stateRoundTrips(adamBlock, inputs())).toBe(true)
  })

  it('updateIsPure rejects an update that writes into the gradient it was given', () => {
    const scribbling = transformation<unknown>(
      triple.init,
      (g, s, p) => {
        ;(g as { readonly w: Tensor }).w.data[0] = 0
        return triple.update(g, s, p)
      },
      triple.stateC
    )
    expect(laws.updateIsPure(scribbling, inputs())).toBe(false)
    expect(laws.updateIsPure(triple, inputs())).toBe(true)
  })

  it('updateIsDeterministic rejects an update that counts its calls behind the state’s back', () => {
    let calls = 0
    const counting = transformation<unknown>(
      triple.init,
      (g, s, p) => {
        calls += 1
        return E.map(([u, n]: readonly [Tree, unknown]): readonly [Tree, unknown] => [
          unsafeZipWith((x) => x * calls)(u)(u),
          n
        ])(triple.update(g, s, p))
      },
      triple.stateC
    )
    expect(laws.updateIsDeterministic(counting, inputs())).toBe(false)
    expect(laws.updateIsDeterministic(triple, inputs())).toBe(true)
  })
})
