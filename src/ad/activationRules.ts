/**
 * The table of element-wise activations with their derivatives: for each, the loop that
 * applies it and the loop that pulls a gradient back through it, side by side. The ops of
 * `ad/ops/activations.ts` and the fused dense layer of `nn/dense.ts` both run these loops, so
 * that a fused layer computes, bit for bit, what the separate ops compute (law: laws/nn.ts).
 *
 * Each loop reads its arrays and fills a fresh one (the identity hands its input back), and
 * each is its own function, so the per-element arithmetic stays inline: no closure is called
 * per element.
 *
 * @since 0.2.0
 */
import * as Elementary from '../math/index.js'
import { loop, num, UNROLL, type Scope } from './codegen/emit.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An element-wise activation `f` as two loops: `apply(x) = f(x)` and
 * `pullback(g, x, y) = g ⊙ f′(x)`, given `x` and `y = f(x)` (whichever is cheaper to read).
 *
 * @category model
 * @since 0.2.0
 */
export interface ActivationRule {
  readonly name: string
  /** `f(x)`, element by element, into a fresh array. */
  readonly apply: (x: Float64Array) => Float64Array
  /** `g ⊙ f′(x)`, given the incoming gradient `g`, the input `x` and the output `y = f(x)`. */
  readonly pullback: (g: Float64Array, x: Float64Array, y: Float64Array) => Float64Array
  /**
   * `apply`'s loop into `out` (a compiled program's buffer).
   *
   * @since 0.3.0
   */
  readonly applyInto: (x: Float64Array, out: Float64Array) => void
  /**
   * `pullback`'s loop into `out`.
   *
   * @since 0.3.0
   */
  readonly pullbackInto: (g: Float64Array, x: Float64Array, y: Float64Array, out: Float64Array) => void
  /**
   * The two loops' arithmetic as source, over element names, for a compiled program's
   * generated function (`ad/codegen`): `f(x)` and `g ⊙ f′`.
   *
   * @since 0.3.0
   */
  readonly source?: RuleSource
}

/**
 * An activation's element arithmetic as source: `value` is `f(x)`, `grad` is `g·f′` from the
 * element names `g`, `x` and `y`, the very expressions of the rule's loops.
 *
 * @category model
 * @since 0.3.0
 */
export interface RuleSource {
  /** The activation of the element named `x`, as an expression. */
  readonly value: (scope: Scope, x: string) => string
  /** The input's gradient element from the output's gradient `g`, the input `x` and the output `y`. */
  readonly grad: (scope: Scope, g: string, x: string, y: string) => string
}

/**
 * The statements of a generated function that write `rule` of the `n` elements of array `x`
 * into array `out`: written out element by element for `n` up to `UNROLL`, else one call of the
 * rule's own loop, `applyInto`. Same bits either way (the same arithmetic per element). The
 * rule's loop is one function that the engine optimises once for every program; a loop written
 * into each generated function runs unoptimised (each value boxed) until the engine optimises
 * that function, and the call it makes per element (the sigmoid's logistic) may stay out of
 * line even then: a cold 1000-epoch W2 fit allocated 85 MB with the loops written out.
 *
 * @internal
 */
export const activationStatements = (
  rule: ActivationRule,
  source: RuleSource,
  scope: Scope,
  x: string,
  out: string,
  n: number
): string =>
  n > UNROLL
    ? `${scope.bind(rule.applyInto)}(${x}, ${out});\n`
    : loop(n, (i) => `${out}[${i}] = ${source.value(scope, `${x}[${i}]`)};`)

/**
 * The statements that write the pullback `g ⊙ f′` of the `n` elements into array `gx`, from the
 * arrays of the output's gradient `g`, the input `x` and the output `y`: as
 * `activationStatements` writes the forward step, the rule's own loop (`pullbackInto`) beyond
 * `UNROLL` elements.
 *
 * @internal
 */
export const activationPullbackStatements = (
  rule: ActivationRule,
  source: RuleSource,
  scope: Scope,
  arrays: { readonly g: string; readonly x: string; readonly y: string; readonly gx: string },
  n: number
): string => {
  const { g, x, y, gx } = arrays
  return n > UNROLL
    ? `${scope.bind(rule.pullbackInto)}(${g}, ${x}, ${y}, ${gx});\n`
    : loop(n, (i) => `${gx}[${i}] = ${source.grad(scope, `${g}[${i}]`, `${x}[${i}]`, `${y}[${i}]`)};`)
}

/** A rule from its two loops into a buffer: `apply` and `pullback` run them on fresh arrays. */
const rule = (
  name: string,
  applyInto: ActivationRule['applyInto'],
  pullbackInto: ActivationRule['pullbackInto'],
  source: RuleSource
): ActivationRule => ({
  name,
  apply: (x) => {
    const y = new Float64Array(x.length)
    applyInto(x, y)
    return y
  },
  pullback: (g, x, y) => {
    const gx = new Float64Array(g.length)
    pullbackInto(g, x, y, gx)
    return gx
  },
  applyInto,
  pullbackInto,
  source
})

// -------------------------------------------------------------------------------------
// scalars
// -------------------------------------------------------------------------------------

/**
 * The logistic sigmoid `1 / (1 + e⁻ˣ)` of one number, without overflow for any finite `x`:
 * for negative `x` it is computed as `eˣ / (1 + eˣ)`.
 *
 * @example
 * import { AD } from 'gradfold'
 * AD.logistic(0) // 0.5
 * AD.logistic(-1000) // 0: e⁻¹⁰⁰⁰ / (1 + e⁻¹⁰⁰⁰), where 1 / (1 + e¹⁰⁰⁰) would divide by ∞
 *
 * @category scalars
 * @since 0.2.0
 */
export const logistic = (v: number): number => {
  if (typeof v !== 'number') return Number.NaN
  if (v >= 0) return 1 / (1 + Elementary.exp(-v))
  const e = Elementary.exp(v)
  return e / (1 + e)
}

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

/**
 * `σ(x) = 1 / (1 + e⁻ˣ)`; `σ′ = σ(1 − σ)`, read from the output.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.AD.sigmoidRule.apply(Float64Array.of(0)) // Float64Array [0.5]
 * Advanced.AD.sigmoidRule.pullback(Float64Array.of(1), Float64Array.of(0), Float64Array.of(0.5)) // Float64Array [0.25]
 *
 * @category rules
 * @since 0.2.0
 */
export const sigmoidRule: ActivationRule = rule(
  'sigmoid',
  (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = logistic(x[i]!)
  },
  (g, _x, y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = g[i]! * y[i]! * (1 - y[i]!)
  },
  {
    value: (scope, x) => `${scope.bind(logistic)}(${x})`,
    grad: (_, g, __, y) => `${g} * ${y} * (1 - ${y})`
  }
)

/**
 * `tanh x`; `tanh′ = 1 − tanh²`, read from the output.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.AD.tanhRule.pullback(Float64Array.of(2), Float64Array.of(0), Float64Array.of(0)) // Float64Array [2]
 *
 * @category rules
 * @since 0.2.0
 */
export const tanhRule: ActivationRule = rule(
  'tanh',
  (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = Elementary.tanh(x[i]!)
  },
  (g, _x, y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = g[i]! * (1 - y[i]! * y[i]!)
  },
  {
    value: (scope, x) => `${scope.bind(Elementary.tanh)}(${x})`,
    grad: (_, g, __, y) => `${g} * (1 - ${y} * ${y})`
  }
)

/**
 * The identity; its pullback hands the gradient back unchanged.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * const x = Float64Array.of(1, 2)
 * Advanced.AD.identityRule.apply(x) === x // true: nothing to compute, nothing copied
 *
 * @category rules
 * @since 0.2.0
 */
export const identityRule: ActivationRule = {
  name: 'identity',
  apply: (x) => x,
  pullback: (g) => g,
  applyInto: (x, y) => y.set(x),
  pullbackInto: (g, _x, _y, gx) => gx.set(g),
  source: { value: (_, x) => x, grad: (_, g) => g }
}

/**
 * The (leaky) rectifier with slope `alpha` below 0: `x` where `x > 0`, else `α·x`; its
 * derivative `1` where `x > 0`, else `α` (the subgradient at 0 is `α`, 0 for `relu`, as
 * PyTorch and TensorFlow take it). Named `relu` for `α = 0`, `leakyRelu` otherwise.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.AD.rectifierRule(0.1).apply(Float64Array.of(-2, 3)) // Float64Array [-0.2, 3]
 *
 * @category rules
 * @since 0.2.0
 */
export const rectifierRule = (alpha: number): ActivationRule => (alpha === 0 ? reluRule : leakyRule(alpha))

/**
 * The rectifier, without a branch: `x·[x > 0]` is `x` where `x > 0` and `0·x` elsewhere (NaN for
 * NaN), as the branch takes it, bit for bit; a branch on the sign of data mispredicts about every
 * other element, and its pullback runs 4× slower for it.
 */
const reluRule: ActivationRule = rule(
  'relu',
  (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!
      y[i] = v * +(v > 0)
    }
  },
  (g, x, _y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = g[i]! * +(x[i]! > 0)
  },
  {
    value: (_, x) => `(${x} * +(${x} > 0))`,
    grad: (_, g, x) => `(${g} * +(${x} > 0))`
  }
)

/** The leaky rectifier of slope `alpha` below 0. */
const leakyRule = (alpha: number): ActivationRule =>
  rule(
    'leakyRelu',
    (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!
        y[i] = v > 0 ? v : alpha * v
      }
    },
    (g, x, _y, gx) => {
      for (let i = 0; i < g.length; i++) gx[i] = x[i]! > 0 ? g[i]! : alpha * g[i]!
    },
    {
      value: (_, x) => `(${x} > 0 ? ${x} : ${num(alpha)} * ${x})`,
      grad: (_, g, x) => `(${x} > 0 ? ${g} : ${num(alpha)} * ${g})`
    }
  )
