/**
 * One JavaScript function for a whole compiled program, generated once when it is compiled:
 * the forward pass and the reverse sweep written out op after op, each op's code from its
 * emitter (`ad/codegen/emit.ts`, beside its kernel in the op's file) with the sizes baked in,
 * short loops unrolled, and the kernel called where an op has no emitter. A long loop that is
 * the same in every program (a finiteness check, an activation, a bias, a gradient added to
 * another) is a call of one shared function instead: the engine optimises that function once,
 * for every program, where a loop written into each generated function runs unoptimised, each
 * value boxed, until the engine gets to that function (a cold 1000-epoch W2 fit allocated 85 MB
 * with every loop written out, 21 MB with these calls). Where the interpreter
 * (`ad/program.ts`) checks each op's output for a value that is not finite, the generated code
 * adds `v − v` of each such value into one accumulator, which is NaN exactly when one of them
 * is not finite, and looks at it before any kernel it calls, before the reverse sweep and at
 * the end: so it gives up wherever the interpreter does, and answers its bits elsewhere (law:
 * laws/compiled.ts).
 *
 * Where the engine refuses to make a function from source (a page whose content security
 * policy forbids it), `generate` answers undefined and the program is interpreted.
 *
 * @since 0.3.0
 */
import { firstNonFinite } from '../../tensor/Tensor.js'
import type { Kernel } from '../kernel.js'
import { loop, UNROLL, type ElementwiseEmitter, type Scope } from './emit.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How an input's gradient is written in the reverse sweep: not at all (0), into its own
 * buffer (1, its first contribution), or added to it (2, later ones).
 *
 * @internal
 */
export type Mode = 0 | 1 | 2

/**
 * One op of a program as the generator reads it.
 *
 * @internal
 */
export interface Step {
  readonly kernel: Kernel
  /** Where each input's value is: a node (below the node count) or a constant. */
  readonly slots: ReadonlyArray<number>
  readonly ins: Array<Float64Array>
  readonly modes: ReadonlyArray<Mode>
  readonly active: boolean
  /** The arrays the kernel's pullback writes into (a gradient buffer, a scratch buffer, nothing). */
  readonly targets: ReadonlyArray<Float64Array | undefined>
}

/**
 * A program's forward pass laid out in buffers, as `ad/program.ts` compiles it.
 *
 * @internal
 */
export interface ForwardLayout {
  readonly steps: ReadonlyArray<Step>
  /** Each node's element count. */
  readonly sizes: ReadonlyArray<number>
  readonly params: number
  readonly leaves: number
  /** The op nodes' buffers (from `leaves`) and the constants (from the node count). */
  readonly vals: ReadonlyArray<Float64Array>
}

/**
 * A program laid out in buffers, forward pass and reverse sweep, as `ad/program.ts` compiles it.
 *
 * @internal
 */
export interface Layout extends ForwardLayout {
  readonly gradBuf: ReadonlyArray<Float64Array | undefined>
  readonly last: number
  readonly outSlot: number
}

/**
 * The program's run function: the value at the parameters' and inputs' arrays, the gradients
 * left in the layout's buffers, or undefined where the interpreter would give up. With `checked`,
 * the parameters' gradients are not looked at: the caller checks each of them itself.
 *
 * @internal
 */
export type Run = (
  ps: ReadonlyArray<Float64Array>,
  xs: ReadonlyArray<Float64Array>,
  finite?: boolean,
  checked?: boolean
) => number | undefined

/**
 * A forward-only program's run function: the arrays of its outputs (its buffers, or the
 * leaves' arrays), or undefined where the interpreter would give up.
 *
 * @internal
 */
export type ForwardRun = (
  ps: ReadonlyArray<Float64Array>,
  xs: ReadonlyArray<Float64Array>,
  finite?: boolean
) => ReadonlyArray<Float64Array> | undefined

// -------------------------------------------------------------------------------------
// generating
// -------------------------------------------------------------------------------------

/** Names values in the generated function's scope, each value once. */
const scopeOf = (): Scope & { readonly values: Array<unknown> } => {
  const values: Array<unknown> = []
  const names = new Map<unknown, string>()
  return {
    values,
    bind: (value) => {
      let name = names.get(value)
      if (name === undefined) {
        name = `b${values.length}`
        names.set(value, name)
        values.push(value)
      }
      return name
    }
  }
}

/**
 * The sum of `a[e] − a[e]` over the first `n` elements of `a`: NaN exactly when one of them is
 * not finite (a sum of such terms is NaN exactly when one of them is, whatever its grouping).
 * Four elements an add, summed in pairs first, so that the chain of adds into the sum (which
 * bounds the loop: each add waits for the one before) is a quarter as long.
 */
const nonFiniteSum = (a: Float64Array, n: number): number => {
  let acc = 0
  const whole = n - (n % 4)
  for (let e = 0; e < whole; e += 4)
    acc += a[e]! - a[e]! + (a[e + 1]! - a[e + 1]!) + (a[e + 2]! - a[e + 2]! + (a[e + 3]! - a[e + 3]!))
  for (let e = whole; e < n; e++) acc += a[e]! - a[e]!
  return acc
}

/** `out[e] = out[e] + c[e]` for the first `n` elements: a later gradient contribution added to the first. */
const addInto = (out: Float64Array, c: Float64Array, n: number): void => {
  for (let e = 0; e < n; e++) out[e] = out[e]! + c[e]!
}

/**
 * The statements adding `a − a` of the first `n` elements of array `a` into the accumulator:
 * written out for a short array, else one call of `nonFiniteSum`, a loop that the engine
 * optimises once for every program, where a loop written into each generated function runs
 * unoptimised (each value boxed) until the engine optimises that function.
 */
const checker =
  (scope: Scope) =>
  (a: string, n: number): string =>
    n <= UNROLL
      ? loop(n, (i) => `acc += ${a}[${i}] - ${a}[${i}];`, 'e')
      : `acc += ${scope.bind(nonFiniteSum)}(${a}, ${n});\n`

const GIVE_UP = 'if (acc !== acc) return undefined;\n'

/** A slot's name in the generated function: `v<node>`, or the constant's bound name. */
const namer =
  ({ sizes, vals }: ForwardLayout, scope: Scope) =>
  (slot: number): string =>
    slot < sizes.length ? `v${slot}` : scope.bind(vals[slot])

/** A slot's element count. */
const sizer =
  ({ sizes, vals }: ForwardLayout) =>
  (slot: number): number =>
    slot < sizes.length ? sizes[slot]! : vals[slot]!.length

/** The source of the forward pass: the leaves named, the parameters checked, every op's step, then the check. */
const forwardSource = (layout: ForwardLayout, scope: Scope): string => {
  const { steps, sizes, params, leaves, vals } = layout
  const check = checker(scope)
  const name = namer(layout, scope)
  const sizeOf = sizer(layout)
  let s = 'let acc = 0;\n'
  for (let k = 0; k < leaves; k++) s += `const v${k} = ${k < params ? `ps[${k}]` : `xs[${k - params}]`};\n`
  // parameters the caller has not vouched for are checked first, as valueAndGrad checks them:
  // by a call, not by loops written here, which a loop over steps runs once a call (its first
  // step) and which optimised code that had not seen them run would leave for the interpreter
  if (params > 0) {
    const bad = scope.bind(firstNonFinite)
    const each = Array.from({ length: params }, (_, k) => `${bad}(v${k}) >= 0`).join(' || ')
    s += `if (finite !== true && (${each})) return undefined;\n`
  }
  // the forward pass
  for (let p = 0; p < steps.length; p++) {
    const { kernel, slots } = steps[p]!
    const i = p + leaves
    const out = `v${i}`
    const x = slots.map(name)
    const emit = kernel.emit
    if (emit?.kind === 'elementwise') {
      s += `const ${out} = ${scope.bind(vals[i])};\n`
      s += loop(sizes[i]!, (e) => {
        const value = emit.value(
          scope,
          x.map((a) => `${a}[${e}]`),
          e
        )
        return `{ const t = ${value}; ${out}[${e}] = t; acc += t - t; }`
      })
    } else if (emit?.kind === 'block') {
      s += `const ${out} = ${scope.bind(vals[i])};\n`
      s +=
        emit.forward({ ...scope, ins: x, sizes: slots.map(sizeOf), out, size: sizes[i]!, check }) +
        check(out, sizes[i]!)
    } else {
      // a kernel without an emitter runs only where every value before it is finite
      const ins = scope.bind(steps[p]!.ins)
      s += GIVE_UP + `let ${out} = ${scope.bind(vals[i])};\n`
      s += x.map((a, k) => `${ins}[${k}] = ${a};\n`).join('')
      s += `{ const r = ${scope.bind(kernel)}.forward(${ins}, ${out}); if (r !== undefined) ${out} = r; }\n`
      s += `acc += ${scope.bind(nonFiniteSum)}(${out}, ${out}.length);\n`
    }
  }
  return s + GIVE_UP
}

/** The source of the run function, with the scope it reads. */
const source = (layout: Layout, scope: Scope): string => {
  const { steps, sizes, params, leaves, gradBuf, last, outSlot } = layout
  const check = checker(scope)
  const name = namer(layout, scope)
  const sizeOf = sizer(layout)
  const grad = (slot: number): string => scope.bind(gradBuf[slot])
  let s = forwardSource(layout, scope)
  // the reverse sweep
  for (let i = last; i >= leaves; i--) {
    const step = steps[i - leaves]!
    if (gradBuf[i] === undefined || !step.active) continue
    s += pullback(step, i, sizes, sizeOf, name, grad, scope)
  }
  // the parameters' gradients, unless the caller checks them (plain gradient descent's one pass does)
  s += 'if (checked !== true) {\n'
  for (let k = 0; k < params; k++) if (gradBuf[k] !== undefined) s += check(grad(k), sizes[k]!)
  s += '}\n' + GIVE_UP
  return s + `return ${name(outSlot)}[0];\n`
}

/** The statements of one op's pullback, each contribution set or added as its mode says. */
const pullback = (
  step: Step,
  i: number,
  sizes: ReadonlyArray<number>,
  sizeOf: (slot: number) => number,
  name: (slot: number) => string,
  grad: (slot: number) => string,
  scope: Scope
): string => {
  const { kernel, slots, modes, targets } = step
  const x = slots.map(name)
  const g = grad(i)
  const emit = kernel.emit
  if (emit?.kind === 'elementwise') return elementwisePullback(emit, step, i, sizes, name, grad, scope)
  let s: string
  if (emit?.kind === 'block') {
    const grads = modes.map((m, k) => (m === 0 ? undefined : scope.bind(targets[k])))
    s = emit.pullback({
      ...scope,
      ins: x,
      sizes: slots.map(sizeOf),
      out: `v${i}`,
      size: sizes[i]!,
      check: checker(scope),
      g,
      grads
    })
  } else s = `${scope.bind(kernel)}.pullback(${g}, ${scope.bind(step.ins)}, v${i}, ${scope.bind(targets)});\n`
  // a later contribution, written into a scratch buffer, is added to the first
  for (let k = 0; k < modes.length; k++) {
    if (modes[k] !== 2) continue
    const acc = grad(slots[k]!)
    const c = scope.bind(targets[k])
    const n = sizes[slots[k]!]!
    s +=
      n <= UNROLL
        ? loop(n, (e) => `${acc}[${e}] = ${acc}[${e}] + ${c}[${e}];`, 'e')
        : `${scope.bind(addInto)}(${acc}, ${c}, ${n});\n`
  }
  return s
}

/** An elementwise op's pullback, every contribution written (or added) element by element. */
const elementwisePullback = (
  emit: ElementwiseEmitter,
  { slots, modes }: Step,
  i: number,
  sizes: ReadonlyArray<number>,
  name: (slot: number) => string,
  grad: (slot: number) => string,
  scope: Scope
): string =>
  loop(sizes[i]!, (e) => {
    const x = slots.map((slot) => `${name(slot)}[${e}]`)
    const contributions = emit.grad(scope, `${grad(i)}[${e}]`, x, `v${i}[${e}]`, e)
    let s = '{ '
    for (let k = 0; k < slots.length; k++) {
      if (modes[k] === 0) continue
      const target = `${grad(slots[k]!)}[${e}]`
      s += modes[k] === 1 ? `${target} = ${contributions[k]!}; ` : `${target} = ${target} + (${contributions[k]!}); `
    }
    return s + '}'
  })

/**
 * The run function of `layout`, generated, or undefined where the engine makes no function
 * from source.
 *
 * @internal
 */
export const generate = (layout: Layout): Run | undefined => {
  const scope = scopeOf()
  return made<Run>(source(layout, scope), scope.values)
}

/**
 * The run function of a forward-only program, generated: its forward pass, then the arrays of
 * the `outputs` slots (in one array it keeps and fills at each run); undefined where the engine
 * makes no function from source.
 *
 * @internal
 */
export const generateForward = (layout: ForwardLayout, outputs: ReadonlyArray<number>): ForwardRun | undefined => {
  const scope = scopeOf()
  const name = namer(layout, scope)
  const outs = scope.bind(new Array<Float64Array>(outputs.length))
  const body = forwardSource(layout, scope) + outputs.map((slot, j) => `${outs}[${j}] = ${name(slot)};\n`).join('')
  return made<ForwardRun>(body + `return ${outs};\n`, scope.values)
}

/** The function of `body` over the scope's `values`, or undefined where the engine makes none from source. */
const made = <F>(body: string, values: ReadonlyArray<unknown>): F | undefined => {
  const prelude = values.map((_, k) => `const b${k} = values[${k}];\n`).join('')
  try {
    const make = new Function('values', `${prelude}return function run(ps, xs, finite, checked) {\n${body}};`) as (
      values: ReadonlyArray<unknown>
    ) => F
    return make(values)
  } catch {
    return undefined
  }
}
