// Checking your own code with gradfold's laws (the `gradfold/laws` entry, driven by fast-check):
// a layer you wrote, a gate y = x ⊙ σ(x·W + b), is checked against the founding text's limit
// definition of the derivative and its first-order approximation on generated weights and
// inputs; an optimizer you wrote, sign descent (p ← p − η·sign(g)), is checked for
// determinism, purity, a state that survives JSON, and being a unit-respecting link of a
// `chain`. A second version of the optimizer with a bug (a hidden step counter) shows a law
// catching it. Run with `npx tsx examples/laws-for-your-model.ts`.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { AD, Optim, Tensor, Tree } from '../src/index.js'
import { ADLaws, Arbitraries, OptimLaws } from '../laws/index.js'
import * as Advanced from '../src/advanced.js'

const runs = { seed: 42, numRuns: 100 }

// -------------------------------------------------------------------------------------
// your layer
// -------------------------------------------------------------------------------------

type Gate = { readonly w: Tensor.Tensor; readonly b: Tensor.Tensor }

/** `x ⊙ σ(x·W + b)`: `[n, k] → [n, k]` for `W` `[k, k]`, `b` `[k]`. */
const gate =
  (p: AD.Traced<Gate>) =>
  (x: Tensor.Tensor): AD.Var =>
    pipe(x, AD.matmul(p.w), AD.addRow(p.b), AD.sigmoid, AD.mul(x))

/** Generated gates of width 1–4 with a batch of 1–3 inputs, everything uniform in [−1, 1]. */
const cases = fc.record({ k: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 3 }) }).chain(({ k, n }) =>
  fc.record({
    params: fc.record({ w: Arbitraries.uniformTensor([k, k], -1, 1), b: Arbitraries.uniformTensor([k], -1, 1) }),
    x: Arbitraries.uniformTensor([n, k], -1, 1),
    direction: fc.array(Arbitraries.uniformDouble(-1, 1), { minLength: k * k + k, maxLength: k * k + k })
  })
)

const loss = (x: Tensor.Tensor) => (p: AD.Traced<Gate>) => pipe(gate(p)(x), AD.square, AD.sum)

// -------------------------------------------------------------------------------------
// your optimizer
// -------------------------------------------------------------------------------------

/** Sign descent: updates `−η·sign(g)`, no state. */
const signDescent = (eta: number): Optim.GradientTransformation<Optim.EmptyState> =>
  Optim.gradientTransformation(
    () => Advanced.Optim.emptyState,
    (grads, state) =>
      pipe(
        Tree.map((g) => -eta * Math.sign(g))(grads),
        E.map((updates) => [updates, state] as const)
      ),
    () => Advanced.Optim.EmptyStateC
  )

/** The same with a bug: a counter outside the state makes the step size drift from call to call. */
const buggy = (eta: number): Optim.GradientTransformation<Optim.EmptyState> => {
  let calls = 0
  return Optim.gradientTransformation(
    () => Advanced.Optim.emptyState,
    (grads, state) =>
      pipe(
        Tree.map((g) => -(eta / ++calls) * Math.sign(g))(grads),
        E.map((updates) => [updates, state] as const)
      ),
    () => Advanced.Optim.EmptyStateC
  )
}

const inputs = Arbitraries.trajectoryInputs(3)

/** `law` checked on `runs` cases drawn from `arbitrary`: whether it held, and after how many runs. */
const holds =
  <T>(arbitrary: fc.Arbitrary<T>, law: (t: T) => boolean) =>
  (): { readonly failed: boolean; readonly numRuns: number } =>
    fc.check(fc.property(arbitrary, law), runs)

type Law = readonly [string, () => { readonly failed: boolean; readonly numRuns: number }]

/** Four laws every optimizer should obey, by name. */
const optimizerLaws = (name: string, t: Optim.GradientTransformation<Optim.EmptyState>): ReadonlyArray<Law> => [
  [
    `${name}: the same inputs give the same steps, bit for bit`,
    holds(inputs, (i) => OptimLaws.updateIsDeterministic(t, i))
  ],
  [`${name}: changes none of its inputs`, holds(inputs, (i) => OptimLaws.updateIsPure(t, i))],
  [`${name}: its state survives a JSON round trip`, holds(inputs, (i) => OptimLaws.stateRoundTrips(t, i))],
  [`${name}: chain(identity, t) = t = chain(t, identity)`, holds(inputs, (i) => OptimLaws.identityIsUnitOfChain(t, i))]
]

// -------------------------------------------------------------------------------------
// the checks
// -------------------------------------------------------------------------------------

const laws: ReadonlyArray<Law> = [
  [
    'gate: AD agrees with central differences',
    holds(cases, ({ params, x }) => ADLaws.agreesWithCentralDifferences(loss(x), params))
  ],
  [
    'gate: f(x + t·d) − f(x − t·d) = 2t·∇f(x)ᵀd',
    holds(cases, ({ params, x, direction }) => ADLaws.firstOrderApproximationHolds(loss(x), params, direction))
  ],
  ...optimizerLaws('signDescent', signDescent(0.1)),
  ...optimizerLaws('buggy signDescent', buggy(0.1)).slice(0, 1)
]

for (const [name, check] of laws) {
  const { failed, numRuns } = check()
  console.log(
    `${failed ? 'FAILS' : 'holds'}  ${name} (${failed ? `counterexample after ${numRuns} runs` : `${numRuns} runs`})`
  )
}
