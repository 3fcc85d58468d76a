/**
 * An op's code emitter: its flat kernel's arithmetic written as JavaScript source, which a
 * compiled program (`ad/program.ts`) splices into the one function it generates for the whole
 * program (`ad/codegen/generate.ts`), static sizes baked in, no call per op. An emitter sits
 * beside its kernel in the op's own file and must write exactly the kernel's arithmetic, in the
 * kernel's order, so that the generated function answers the kernel's bits (law:
 * laws/compiled.ts, over generated programs). An op without one runs its kernel from the
 * generated function.
 *
 * Two kinds: an elementwise op gives each output element's expression and each input's
 * gradient contribution, and the generator writes the loops (unrolled when short) and the
 * finiteness checks; any other op writes whole statements (`block`), which, for a long array,
 * may call a shared loop of its kernel's (`site.bind(f)` names it) rather than write it out.
 *
 * @since 0.3.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What an emitter is handed: `bind` makes a value (a function such as `Elementary.exp`, a
 * constant array, a scratch buffer) a name in the generated function's scope.
 *
 * @category model
 * @since 0.3.0
 */
export interface Scope {
  /** A name, in the generated function's scope, for `value`. */
  readonly bind: (value: unknown) => string
}

/**
 * An elementwise op: `value(x)` the output element from the input elements `x` (each an
 * expression that names an element: `v3[i]`, `v3[2]`), and `grad(g, x, y)` each input's
 * gradient contribution, from the output's gradient element `g`, the inputs and the output `y`.
 * `i` names the element's index, for an op with a constant array of its own.
 *
 * @category model
 * @since 0.3.0
 */
export interface ElementwiseEmitter {
  readonly kind: 'elementwise'
  /** The output element's expression, from the input elements' expressions `x`. */
  readonly value: (scope: Scope, x: ReadonlyArray<string>, i: string) => string
  /** Each input's gradient contribution's expression, from the output's gradient element `g`. */
  readonly grad: (scope: Scope, g: string, x: ReadonlyArray<string>, y: string, i: string) => ReadonlyArray<string>
}

/**
 * Where a block op's statements read and write: its inputs' arrays and its output array
 * (names), and `check(array, n)`, the statements that mark the run as failed where one of the
 * first `n` elements of `array` is not finite (for an intermediate the kernel checks itself).
 *
 * @category model
 * @since 0.3.0
 */
export interface Site extends Scope {
  readonly ins: ReadonlyArray<string>
  /** The inputs' element counts. */
  readonly sizes: ReadonlyArray<number>
  readonly out: string
  /** The output's element count. */
  readonly size: number
  /** The statements that mark the run as failed where one of `array`'s first `n` elements is not finite. */
  readonly check: (array: string, n: number) => string
}

/**
 * A block op's pullback site: the output's gradient `g` and, per input, the array its gradient
 * is written into (every element, as the kernel's pullback writes it), or undefined where it is
 * not asked.
 *
 * @category model
 * @since 0.3.0
 */
export interface PullbackSite extends Site {
  readonly g: string
  readonly grads: ReadonlyArray<string | undefined>
}

/**
 * Any other op: the statements of its forward step and of its pullback.
 *
 * @category model
 * @since 0.3.0
 */
export interface BlockEmitter {
  readonly kind: 'block'
  /** The forward step's statements. */
  readonly forward: (site: Site) => string
  /** The pullback's statements. */
  readonly pullback: (site: PullbackSite) => string
}

/**
 * An op's code emitter.
 *
 * @category model
 * @since 0.3.0
 */
export type Emitter = ElementwiseEmitter | BlockEmitter

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** Loops this short are written out element by element. */
export const UNROLL = 8

/**
 * A number as JavaScript source that reads back to the same bits (−0 included), in parentheses.
 *
 * @internal
 */
export const num = (x: number): string => (Object.is(x, -0) ? '(-0)' : `(${String(x)})`)

/**
 * `body(i)` for `i` from 0 to `n − 1`: written out with literal indices when `n` is short, else
 * a loop over `i` (named `index`).
 *
 * @internal
 */
export const loop = (n: number, body: (i: string) => string, index = 'i'): string => {
  if (n <= UNROLL) {
    let s = ''
    for (let i = 0; i < n; i++) s += body(String(i)) + '\n'
    return s
  }
  return `for (let ${index} = 0; ${index} < ${n}; ${index}++) {\n${body(index)}\n}\n`
}

/**
 * An elementwise emitter from its two source templates.
 *
 * @internal
 */
export const elementwise = (
  value: ElementwiseEmitter['value'],
  grad: ElementwiseEmitter['grad']
): ElementwiseEmitter => ({ kind: 'elementwise', value, grad })
