/**
 * Differentiable arithmetic, each op's forward loop beside its pullback (the chain rule for
 * that op). Binary ops take two values of one shape; a scalar (a number, or a rank-0 value)
 * is broadcast against any shape and its gradient is the sum over that shape.
 *
 * Data last, for `pipe`: `pipe(a, add(b))` is `a + b`, `pipe(a, sub(b))` is `a − b`.
 *
 * @since 0.1.0
 */
import * as Elementary from '../../math/index.js'
import { sameShape } from '../../tensor/Tensor.js'
import { shapeMismatch, showShape } from '../../tensor/TensorError.js'
import { abort } from '../AdError.js'
import { lift, withConstant, type Operand, type Var } from '../Var.js'
import { applyKernel, type Kernel } from '../kernel.js'
import { elementwise as emitted, loop, num, type Scope } from '../codegen/emit.js'

// -------------------------------------------------------------------------------------
// broadcasting a scalar
// -------------------------------------------------------------------------------------

const isScalar = (v: Var): boolean => v.value.shape.length === 0

/** A rank-0 value repeated; the pullback sums the gradient back into one. */
const broadcastKernel: Kernel = {
  forward: ([x], out) => void out.fill(x![0]!),
  pullback: (g, _, __, [gx]) => {
    let s = 0
    for (let i = 0; i < g.length; i++) s += g[i]!
    gx![0] = s
  },
  emit: {
    kind: 'block',
    forward: ({ ins: [x], out, size }) => `{ const s = ${x}[0];\n${loop(size, (i) => `${out}[${i}] = s;`)}}\n`,
    pullback: ({ g, grads: [gx], size }) => `{ let s = 0;\n${loop(size, (i) => `s += ${g}[${i}];`)}${gx}[0] = s; }\n`
  }
}

/** A rank-0 value repeated over `shape`. */
const expand = (v: Var, shape: ReadonlyArray<number>): Var => applyKernel('broadcast', shape, broadcastKernel, [v])

/**
 * Two operands of one shape, a scalar broadcast if need be; anything else stops the trace.
 * Shared by every binary op of `ad/ops` (arithmetic, `xlogy`, the piecewise ops).
 *
 * @internal
 */
export const aligned = (op: string, x: Operand, y: Operand): readonly [Var, Var] => {
  const a = lift(x)
  const b = lift(y)
  if (sameShape(a.value.shape, b.value.shape)) return [a, b]
  if (isScalar(a)) return [expand(a, b.value.shape), b]
  if (isScalar(b)) return [a, expand(b, a.value.shape)]
  return abort(
    shapeMismatch(
      op,
      [a.value.shape, b.value.shape],
      `shapes ${showShape(a.value.shape)} and ${showShape(b.value.shape)} differ and neither is a scalar`
    )
  )
}

// -------------------------------------------------------------------------------------
// binary
// -------------------------------------------------------------------------------------

const addKernel: Kernel = {
  forward: ([a, b], out) => {
    for (let i = 0; i < out.length; i++) out[i] = a![i]! + b![i]!
  },
  pullback: (g, _, __, [ga, gb]) => {
    ga?.set(g)
    gb?.set(g)
  },
  emit: emitted(
    (_, [a, b]) => `${a} + ${b}`,
    (_, g) => [g, g]
  )
}

/**
 * `a + b`. Pullback: `(g, g)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // w1·x1 + w2·x2 at the input (x1, x2) = (2, 3): its gradient is the input
 * const f = (p: AD.Traced<{ w1: number; w2: number }>) => pipe(p.w1, AD.mul(2), AD.add(pipe(p.w2, AD.mul(3))))
 * AD.valueAndGrad(f)({ w1: 0.5, w2: -1 }) // right({ value: -2, grad: { w1: 2, w2: 3 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const add =
  (y: Operand) =>
  (x: Operand): Var => {
    const [a, b] = aligned('add', x, y)
    return applyKernel('add', a.value.shape, addKernel, [a, b])
  }

const subKernel: Kernel = {
  forward: ([a, b], out) => {
    for (let i = 0; i < out.length; i++) out[i] = a![i]! - b![i]!
  },
  pullback: (g, _, __, [ga, gb]) => {
    ga?.set(g)
    if (gb !== undefined) for (let i = 0; i < g.length; i++) gb[i] = -g[i]!
  },
  emit: emitted(
    (_, [a, b]) => `${a} - ${b}`,
    (_, g) => [g, `-${g}`]
  )
}

/**
 * `a − b`. Pullback: `(g, −g)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // x − y at (5, 2): derivatives 1 and −1
 * AD.valueAndGrad((p: AD.Traced<{ x: number; y: number }>) => pipe(p.x, AD.sub(p.y)))({ x: 5, y: 2 }) // right({ value: 3, grad: { x: 1, y: -1 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const sub =
  (y: Operand) =>
  (x: Operand): Var => {
    const [a, b] = aligned('sub', x, y)
    return applyKernel('sub', a.value.shape, subKernel, [a, b])
  }

const mulKernel: Kernel = {
  forward: ([a, b], out) => {
    for (let i = 0; i < out.length; i++) out[i] = a![i]! * b![i]!
  },
  pullback: (g, [a, b], _, [ga, gb]) => {
    if (ga !== undefined) for (let i = 0; i < g.length; i++) ga[i] = g[i]! * b![i]!
    if (gb !== undefined) for (let i = 0; i < g.length; i++) gb[i] = g[i]! * a![i]!
  },
  emit: emitted(
    (_, [a, b]) => `${a} * ${b}`,
    (_, g, [a, b]) => [`${g} * ${b}`, `${g} * ${a}`]
  )
}

/**
 * `a · b`, elementwise. Pullback: `(g·b, g·a)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // x·y at (3, 2): each factor's derivative is the other factor
 * AD.valueAndGrad((p: AD.Traced<{ x: number; y: number }>) => pipe(p.x, AD.mul(p.y)))({ x: 3, y: 2 }) // right({ value: 6, grad: { x: 2, y: 3 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const mul =
  (y: Operand) =>
  (x: Operand): Var => {
    const [a, b] = aligned('mul', x, y)
    return applyKernel('mul', a.value.shape, mulKernel, [a, b])
  }

const divKernel: Kernel = {
  forward: ([a, b], out) => {
    for (let i = 0; i < out.length; i++) out[i] = a![i]! / b![i]!
  },
  pullback: (g, [, b], out, [ga, gb]) => {
    if (ga !== undefined) for (let i = 0; i < g.length; i++) ga[i] = g[i]! / b![i]!
    if (gb !== undefined) for (let i = 0; i < g.length; i++) gb[i] = (-g[i]! * out[i]!) / b![i]!
  },
  emit: emitted(
    (_, [a, b]) => `${a} / ${b}`,
    (_, g, [, b], y) => [`${g} / ${b}`, `(-${g} * ${y}) / ${b}`]
  )
}

/**
 * `a / b`, elementwise. Pullback: `(g / b, −g·a / b²)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // x / y at (3, 2): ∂/∂x = 1/y = 0.5, ∂/∂y = −x/y² = −0.75
 * AD.valueAndGrad((p: AD.Traced<{ x: number; y: number }>) => pipe(p.x, AD.div(p.y)))({ x: 3, y: 2 }) // right({ value: 1.5, grad: { x: 0.5, y: -0.75 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const div =
  (y: Operand) =>
  (x: Operand): Var => {
    const [a, b] = aligned('div', x, y)
    return applyKernel('div', a.value.shape, divKernel, [a, b])
  }

// -------------------------------------------------------------------------------------
// unary
// -------------------------------------------------------------------------------------

/**
 * A unary elementwise op from its forward map and its derivative, written in terms of the
 * input `x` and the output `y` (so `exp` can reuse `y`), each also as source for a compiled
 * program (`source`: the same expressions over element names).
 */
const elementwise = (
  name: string,
  f: (x: number) => number,
  df: (x: number, y: number) => number,
  source: {
    readonly f: (x: string, scope: Scope) => string
    readonly df: (x: string, y: string, scope: Scope) => string
  }
): ((x: Operand) => Var) => {
  const kernel: Kernel = {
    forward: ([x], out) => {
      for (let i = 0; i < out.length; i++) out[i] = f(x![i]!)
    },
    pullback: (g, [x], y, [gx]) => {
      for (let i = 0; i < g.length; i++) gx![i] = g[i]! * df(x![i]!, y[i]!)
    },
    emit: emitted(
      (scope, [x]) => source.f(x!, scope),
      (scope, g, [x], y) => [`${g} * (${source.df(x!, y, scope)})`]
    )
  }
  return (x) => {
    const a = lift(x)
    return applyKernel(name, a.value.shape, kernel, [a])
  }
}

/**
 * `−a`. Pullback: `−g`.
 *
 * @example
 * import { AD } from 'gradfold'
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.neg(p.x))({ x: 2 }) // right({ value: -2, grad: { x: -1 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const neg: (x: Operand) => Var = elementwise(
  'neg',
  (x) => -x,
  () => -1,
  { f: (x) => `-${x}`, df: () => '-1' }
)

/**
 * `c · a` for a constant `c`. Pullback: `c·g`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // 3x at x = 2: value 6, derivative 3
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.scale(3)))({ x: 2 }) // right({ value: 6, grad: { x: 3 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const scale = (c: number): ((x: Operand) => Var) =>
  withConstant('scale', 'the constant', c, (k) =>
    elementwise(
      'scale',
      (x) => k * x,
      () => k,
      { f: (x) => `${num(k)} * ${x}`, df: () => num(k) }
    )
  )

/**
 * `a + c` for a constant `c`. Pullback: `g`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // (x + 1)² at x = 2: value 9, derivative 2·(x + 1) = 6
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.addScalar(1), AD.square))({ x: 2 }) // right({ value: 9, grad: { x: 6 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const addScalar = (c: number): ((x: Operand) => Var) =>
  withConstant('addScalar', 'the constant', c, (k) =>
    elementwise(
      'addScalar',
      (x) => x + k,
      () => 1,
      { f: (x) => `${x} + ${num(k)}`, df: () => '1' }
    )
  )

/**
 * `a²`. Pullback: `2a·g`.
 *
 * @example
 * import { AD } from 'gradfold'
 * // x² at x = 3: value 9, derivative 2x = 6
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.square(p.x))({ x: 3 }) // right({ value: 9, grad: { x: 6 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const square: (x: Operand) => Var = elementwise(
  'square',
  (x) => x * x,
  (x) => 2 * x,
  { f: (x) => `${x} * ${x}`, df: (x) => `2 * ${x}` }
)

/**
 * `aᵖ` for a constant exponent `p`. Pullback: `p·aᵖ⁻¹·g`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // x³ at x = 2: value 8, derivative 3x² = 12
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.pow(3)))({ x: 2 }) // right({ value: 8, grad: { x: 12 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const pow = (p: number): ((x: Operand) => Var) =>
  withConstant('pow', 'the exponent', p, (e) =>
    elementwise(
      `pow(${e})`,
      (x) => Elementary.pow(x, e),
      (x) => (e === 0 ? 0 : e * Elementary.pow(x, e - 1)),
      {
        f: (x, scope) => `${scope.bind(Elementary.pow)}(${x}, ${num(e)})`,
        df: (x, _, scope) => (e === 0 ? '0' : `${num(e)} * ${scope.bind(Elementary.pow)}(${x}, ${num(e - 1)})`)
      }
    )
  )

/**
 * `√a`. Pullback: `g / (2√a)`.
 *
 * @example
 * import { AD } from 'gradfold'
 * // √x at x = 4: value 2, derivative 1/(2√x) = 0.25
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.sqrt(p.x))({ x: 4 }) // right({ value: 2, grad: { x: 0.25 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const sqrt: (x: Operand) => Var = elementwise('sqrt', Math.sqrt, (_, y) => 0.5 / y, {
  f: (x) => `Math.sqrt(${x})`,
  df: (_, y) => `0.5 / ${y}`
})

/**
 * `eᵃ`. Pullback: `eᵃ·g`.
 *
 * @example
 * import { AD } from 'gradfold'
 * // eˣ is its own derivative: 1 and 1 at x = 0
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.exp(p.x))({ x: 0 }) // right({ value: 1, grad: { x: 1 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const exp: (x: Operand) => Var = elementwise('exp', Elementary.exp, (_, y) => y, {
  f: (x, scope) => `${scope.bind(Elementary.exp)}(${x})`,
  df: (_, y) => y
})

/**
 * The natural logarithm `ln a`. Pullback: `g / a`. A log of zero stops the trace with a
 * `NonFinite` naming `log`.
 *
 * @example
 * import { AD } from 'gradfold'
 * // ln x at x = 2: value ln 2, derivative 1/x = 0.5
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.log(p.x))({ x: 2 }) // right({ value: 0.6931471805599453, grad: { x: 0.5 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const log: (x: Operand) => Var = elementwise('log', Elementary.log, (x) => 1 / x, {
  f: (x, scope) => `${scope.bind(Elementary.log)}(${x})`,
  df: (x) => `1 / ${x}`
})

/**
 * The base-2 logarithm `log₂ a` (the founding text's cross-entropy). Pullback: `g / (a·ln 2)`.
 *
 * @example
 * import { AD } from 'gradfold'
 * // log₂ 8 = 3 (bits), derivative 1/(x·ln 2) = 1/(8 ln 2)
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.log2(p.x))({ x: 8 }) // right({ value: 3, grad: { x: 0.18033688011112042 } })
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const log2: (x: Operand) => Var = elementwise('log2', Elementary.log2, (x) => 1 / (x * Math.LN2), {
  f: (x, scope) => `${scope.bind(Elementary.log2)}(${x})`,
  df: (x) => `1 / (${x} * Math.LN2)`
})
