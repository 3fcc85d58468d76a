import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../src/ad/index.js'
import * as NN from '../src/nn/index.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import { lawSeed } from './config.js'
import * as _ from './compiled.js'
import { compileForward } from '../src/ad/forwardProgram.js'
import * as Advanced from '../src/advanced.js'

// Generated programs: random compositions of every op of `ad/ops` (with scalar broadcasting,
// products, reductions along an axis, activations, softmax), nn's dense layers and losses and two custom ops of
// a user's own, over parameters, a batch's inputs and targets, and a constant, of odd shapes,
// whose elements include ±0, subnormals and values large enough to overflow.

const element: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.double({ min: -3, max: 3, noNaN: true }), weight: 8 },
  {
    arbitrary: fc.constantFrom(0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, -1e-310, 700, -710, 1e200, -1e300),
    weight: 2
  }
)

const tensorOf = (shape: ReadonlyArray<number>, elements = element): fc.Arbitrary<Tensor> =>
  fc
    .array(elements, { minLength: shape.reduce((a, d) => a * d, 1), maxLength: shape.reduce((a, d) => a * d, 1) })
    .map((xs) => unsafeMake(shape, Float64Array.from(xs)))

/** softplus ln(1 + eˣ), a user's op with its own pullback σ(x). */
const softplus = AD.customOp<Float64Array>({
  name: 'softplus',
  forward: ([x]) => E.right({ shape: x!.shape, data: x!.data.map((v) => Math.log1p(Math.exp(v))), saved: x!.data }),
  pullback: (g, x) => [g.map((gi, i) => gi * AD.logistic(x[i]!))]
})

/** The identity as a user's op that hands its input's array back, and the gradient too. */
const passThrough = AD.customOp<null>({
  name: 'passThrough',
  forward: ([x]) => E.right({ shape: x!.shape, data: x!.data, saved: null }),
  pullback: (g) => [g]
})

type Unary = (a: AD.Var) => AD.Var
type Binary = (a: AD.Var, b: AD.Var, s: AD.Var) => AD.Var

const unary: ReadonlyArray<Unary> = [
  AD.neg,
  AD.scale(-1.7),
  AD.addScalar(0.3),
  AD.square,
  AD.pow(3),
  AD.pow(0.5),
  AD.sqrt,
  AD.exp,
  AD.log,
  AD.log2,
  AD.sigmoid,
  AD.tanh,
  AD.relu,
  AD.leakyRelu(0.1),
  AD.abs,
  AD.softmax,
  AD.logSoftmax,
  (a) => AD.transpose(AD.transpose(a)),
  softplus,
  passThrough
]

const binary: ReadonlyArray<Binary> = [
  (a, b) => AD.add(b)(a),
  (a, b) => AD.sub(b)(a),
  (a, b) => AD.mul(b)(a),
  (a, b) => AD.div(b)(a),
  (a, b) => AD.maximum(b)(a),
  (a, b) => AD.minimum(b)(a),
  (a, b) => AD.xlogy(a, 2)(b),
  (a, b) => AD.xlogy(a)(b),
  // [r, c] · ([c, r] · [r, c]): a product back to a's shape
  (a, b) => pipe(a, AD.matmul(pipe(AD.transpose(b), AD.matmul(b)))),
  (a, b) => pipe(a, AD.addRow(AD.sumAxis(0)(b))),
  (a, b) => pipe(a, AD.addRow(AD.meanAxis(0)(b))),
  (a, b) => AD.where(conditionOf(a))(a, b),
  (a, _b, s) => AD.mul(s)(a), // a rank-0 parameter broadcast
  (a, b) => AD.add(AD.sum(b))(a), // a rank-0 value broadcast
  (a, _b, s) => AD.div(a)(s),
  (a, b) => AD.mul(AD.mean(AD.meanAxis(1)(b)))(a),
  // dense layers, fused with each activation, with and without a bias: [r, c] · [c, c] + [c]
  ...(['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu'] as const).map(
    (act): Binary =>
      (a, b) =>
        Advanced.NN.denseActivation(act)({ w: pipe(AD.transpose(b), AD.matmul(b)), b: AD.sumAxis(0)(b) })(a)
  ),
  (a, b) => Advanced.NN.denseActivation('sigmoid')({ w: pipe(AD.transpose(b), AD.matmul(b)) })(a),
  (a, _b, s) => NN.dense({ w: pipe(AD.transpose(a), AD.matmul(a), AD.mul(s)) })(a),
  // weights straight from a parameter: x·W can overflow where tanh or σ of it would not
  (a, b) => Advanced.NN.denseActivation('tanh')({ w: AD.transpose(b) })(a),
  (a, b) => Advanced.NN.denseActivation('sigmoid')({ w: AD.transpose(b), b: AD.sumAxis(1)(a) })(a)
]

/** A constant condition of a's shape (read from its shape, never its data): 1, 0, 1, 0, … */
function conditionOf(a: AD.Var): Tensor {
  const n = a.value.shape.reduce((x, d) => x * d, 1)
  return unsafeMake(
    a.value.shape,
    Float64Array.from({ length: n }, (_v, i) => (i + 1) % 2)
  )
}

const losses: ReadonlyArray<(y: Tensor, a: AD.Var) => AD.Var> = [
  (_y, a) => AD.sum(a),
  (_y, a) => AD.mean(a),
  (y, a) => NN.mse(y)(a),
  (y, a) => NN.mse(y, { reduction: 'sum' })(a),
  (y, a) => NN.halfSumSquares(y)(a),
  (y, a) => NN.softmaxCrossEntropy(y)(a),
  (y, a) => NN.sigmoidBinaryCrossEntropy(y)(a),
  (y, a) => NN.crossEntropy(y, { base: 2 })(AD.softmax(a)),
  (_y, a) => AD.sum(AD.logSumExp(a))
]

interface Recipe {
  readonly steps: ReadonlyArray<readonly [number, number, number]>
  readonly loss: number
  readonly reuse: number
}

/** The values a recipe makes: the parameters, inputs and constant, then each step's op applied to values made before it. */
const poolOf = (
  recipe: Recipe,
  constant: Tensor,
  [p0, p1, s]: ReadonlyArray<AD.Var>,
  [x, y]: ReadonlyArray<Tensor>
): ReadonlyArray<AD.Var> => {
  const pool: Array<AD.Var> = [p0!, p1!, AD.lift(x!), AD.lift(y!), AD.lift(constant)]
  for (const [op, i, j] of recipe.steps) {
    const a = pool[i % pool.length]!
    const b = pool[j % pool.length]!
    pool.push(op % 2 === 0 ? unary[(op >> 1) % unary.length]!(a) : binary[(op >> 1) % binary.length]!(a, b, s!))
  }
  return pool
}

/** The function a recipe describes: the loss of its last value, plus a sum of one reused. */
const programOf =
  (recipe: Recipe, constant: Tensor) =>
  (params: ReadonlyArray<AD.Var>, inputs: ReadonlyArray<Tensor>): AD.Var => {
    const pool = poolOf(recipe, constant, params, inputs)
    const loss = losses[recipe.loss % losses.length]!(inputs[1]!, pool[pool.length - 1]!)
    return recipe.reuse % 3 === 0 ? loss : AD.add(AD.sum(pool[recipe.reuse % pool.length]!))(loss)
  }

/** A recipe as a model: its last value the predictions, of which its loss is taken (against the targets). */
const modelOf = (
  recipe: Recipe,
  constant: Tensor
): {
  readonly forward: (params: ReadonlyArray<AD.Var>, inputs: ReadonlyArray<Tensor>) => AD.Var
  readonly loss: (inputs: ReadonlyArray<Tensor>, predictions: AD.Var) => AD.Var
} => ({
  forward: (params, inputs) => poolOf(recipe, constant, params, inputs).at(-1)!,
  loss: (inputs, predictions) => losses[recipe.loss % losses.length]!(inputs[1]!, predictions)
})

const recipe: fc.Arbitrary<Recipe> = fc.record({
  steps: fc.array(fc.tuple(fc.nat(99), fc.nat(30), fc.nat(30)), { minLength: 1, maxLength: 8 }),
  loss: fc.nat(99),
  reuse: fc.nat(99)
})

const pointOf = (r: number, c: number, elements = element): fc.Arbitrary<_.Point> =>
  fc
    .tuple(
      tensorOf([r, c], elements),
      tensorOf([r, c], elements),
      tensorOf([], elements),
      tensorOf([r, c], elements),
      tensorOf([r, c], elements)
    )
    .map(([p0, p1, s, x, y]) => ({ params: [p0, p1, s], inputs: [x, y] }))

const generated = fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 5 })).chain(([r, c]) =>
  fc.record({
    recipe,
    constant: tensorOf([r, c]),
    at: pointOf(r, c),
    runs: fc.array(pointOf(r, c), { minLength: 1, maxLength: 3 })
  })
)

/** Runs `run` where the engine refuses to make a function from source (a strict CSP): how often it was asked. */
const refusingSource = (run: () => void): number => {
  const made = globalThis.Function
  let asked = 0
  globalThis.Function = function refused(): never {
    asked++
    throw new EvalError('refused: unsafe-eval is not allowed')
  } as unknown as FunctionConstructor
  try {
    run()
  } finally {
    globalThis.Function = made
  }
  return asked
}

/** Recipes at points of moderate values, where most traces succeed: a law over them runs programs, not only failures. */
const moderate = (): ReadonlyArray<{ readonly recipe: Recipe; readonly constant: Tensor; readonly at: _.Point }> => {
  const small = fc.double({ min: 0.25, max: 2, noNaN: true })
  const points = fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
    .chain(([r, c]) => fc.record({ recipe, constant: tensorOf([r, c], small), at: pointOf(r, c, small) }))
  return fc.sample(points, { seed: lawSeed, numRuns: 200 })
}

describe(`compiled programs (seed ${lawSeed})`, () => {
  it('equal the interpreted tape bit for bit, values, gradients and failures, at the traced point and at others', () => {
    fc.assert(
      fc.property(generated, ({ recipe, constant, at, runs }) =>
        _.compiledEqualsTape(programOf(recipe, constant), at, runs)
      ),
      { numRuns: 300 }
    )
  })

  it('equal the tape for each op alone, applied to the parameters, its gradient reaching them', () => {
    // every op's emitted code held to its kernel on its own, not only where a random recipe reaches it
    const ops = [...unary.map((_, k) => 2 * k), ...binary.map((_, k) => 2 * k + 1)]
    for (const op of ops) {
      const alone: Recipe = { steps: [[op, 0, 1]], loss: 0, reuse: 0 }
      const points = fc
        .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 5 }))
        .chain(([r, c]) =>
          fc.record({ constant: tensorOf([r, c]), at: pointOf(r, c), runs: fc.array(pointOf(r, c), { maxLength: 2 }) })
        )
      fc.assert(
        fc.property(points, ({ constant, at, runs }) => _.compiledEqualsTape(programOf(alone, constant), at, runs)),
        { numRuns: 25 }
      )
    }
  })

  it('equal the tape when interpreted, where the engine makes no function from source (a strict CSP)', () => {
    const asked = refusingSource(() =>
      fc.assert(
        fc.property(generated, ({ recipe, constant, at, runs }) =>
          _.compiledEqualsTape(programOf(recipe, constant), at, runs)
        ),
        { numRuns: 100 }
      )
    )
    expect(asked).toBeGreaterThan(0)
  })

  it('compile the generated programs (a law that holds because they compile, not because they fail)', () => {
    // at points of moderate values most traces succeed: the law above runs programs, not only failures
    const compiled = moderate().filter(
      ({ recipe, constant, at }) => Advanced.AD.compile(programOf(recipe, constant), at.params, at.inputs) !== undefined
    )
    expect(compiled.length).toBeGreaterThan(60)
  })

  it('forward only: answer the predictions and their loss as the tape evaluates them, bit for bit, failures included', () => {
    fc.assert(
      fc.property(generated, ({ recipe, constant, at, runs }) => {
        const { forward, loss } = modelOf(recipe, constant)
        return _.forwardEqualsTape(forward, loss, at, runs)
      }),
      { numRuns: 300 }
    )
  })

  it('forward only: equal the tape when interpreted, where the engine makes no function from source', () => {
    const asked = refusingSource(() =>
      fc.assert(
        fc.property(generated, ({ recipe, constant, at, runs }) => {
          const { forward, loss } = modelOf(recipe, constant)
          return _.forwardEqualsTape(forward, loss, at, runs)
        }),
        { numRuns: 100 }
      )
    )
    expect(asked).toBeGreaterThan(0)
  })

  it('forward only: compile the generated models (the law above runs programs, not only failures)', () => {
    const compiled = moderate().filter(({ recipe, constant, at }) => {
      const { forward, loss } = modelOf(recipe, constant)
      const both = (ps: ReadonlyArray<AD.Var>, xs: ReadonlyArray<Tensor>): ReadonlyArray<AD.Var> => {
        const predictions = forward(ps, xs)
        return [predictions, loss(xs, predictions)]
      }
      return compileForward(both, at.params, at.inputs) !== undefined
    })
    expect(compiled.length).toBeGreaterThan(60)
  })

  it('do not compile a function that reads a traced value or an input outside the ops', () => {
    const point: _.Point = {
      params: [unsafeMake([2], Float64Array.of(1, -2))],
      inputs: [unsafeMake([2], Float64Array.of(3, 4))]
    }
    const readsParameter = ([w]: ReadonlyArray<AD.Var>): AD.Var => pipe(w!, AD.scale(AD.toNumber(AD.sum(w!))), AD.sum)
    const readsValue = ([w]: ReadonlyArray<AD.Var>): AD.Var => pipe(w!, AD.scale(AD.square(w!).value.data[0]!), AD.sum)
    const readsInput = ([w]: ReadonlyArray<AD.Var>, [x]: ReadonlyArray<Tensor>): AD.Var =>
      pipe(w!, AD.scale(x!.data[1]!), AD.sum)
    const stopsGradient = ([w]: ReadonlyArray<AD.Var>): AD.Var =>
      pipe(w!, AD.mul(AD.constant(AD.exp(w!).value)), AD.sum)
    const branchesOnTraced = ([w]: ReadonlyArray<AD.Var>): AD.Var => pipe(AD.where(AD.relu(w!))(w!, 0), AD.sum)
    for (const f of [readsParameter, readsValue, readsInput, stopsGradient, branchesOnTraced])
      expect(_.escapedDoesNotCompile(f, point)).toBe(true)
    // reading shapes is not reading values: a batch size taken from the input's shape compiles
    const readsShape = ([w]: ReadonlyArray<AD.Var>, [x]: ReadonlyArray<Tensor>): AD.Var =>
      pipe(x!, AD.mul(w!), AD.sum, AD.scale(1 / x!.shape[0]!))
    expect(_.escapedDoesNotCompile(readsShape, point)).toBe(false)
  })
})
