/**
 * What can go wrong while differentiating, as values. Inside a traced function an op that is
 * given shapes it cannot combine, or that produces a NaN or an infinity, stops the trace; the
 * `valueAndGrad` boundary hands the reason back as a `Left`.
 *
 * @since 0.1.0
 */
import { asText, describe } from '../tensor/describe.js'
import type { NonFinite, ShapeMismatch, TensorError } from '../tensor/TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The traced function returned something other than a single-element value, or mixed values
 * from two different `valueAndGrad` calls, or threw.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidFunction {
  readonly _tag: 'InvalidFunction'
  readonly message: string
}

/**
 * A parameter leaf that is not a finite number or a tensor, or a gradient leaf that came out
 * non-finite, named by its path (`hidden.w`).
 *
 * @category model
 * @since 0.1.0
 */
export interface NonFiniteLeaf {
  readonly _tag: 'NonFiniteLeaf'
  readonly path: string
  readonly what: 'parameter' | 'gradient'
  readonly index: number
  readonly value: number
  readonly message: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type AdError = ShapeMismatch | NonFinite | InvalidFunction | NonFiniteLeaf | TensorError

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An `InvalidFunction` error: the function being differentiated cannot be, and why.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.AD.invalidFunction('the loss must be a single number') // => { _tag: 'InvalidFunction', message: 'the loss must be a single number' }
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidFunction = (why: string): InvalidFunction => ({ _tag: 'InvalidFunction', message: why })

/**
 * A `NonFiniteLeaf` error: element `index` of the parameter or gradient at `path` is `value`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.AD.nonFiniteLeaf('gradient', 'w', 0, Infinity).message // => 'gradient w: element 0 is Infinity'
 * // what differentiating at a NaN parameter answers
 * AD.valueAndGrad((p: AD.Traced<{ w: number }>) => pipe(p.w, AD.square))({ w: Number.NaN }) // left: parameter w: element 0 is NaN
 *
 * @category constructors
 * @since 0.1.0
 */
export const nonFiniteLeaf = (
  what: 'parameter' | 'gradient',
  path: string,
  index: number,
  value: number
): NonFiniteLeaf => ({
  _tag: 'NonFiniteLeaf',
  path,
  what,
  index,
  value,
  message: `${asText(what)} ${path === '' ? '(the root)' : asText(path)}: element ${describe(index)} is ${describe(value)}`
})

// -------------------------------------------------------------------------------------
// the trace's escape hatch
// -------------------------------------------------------------------------------------

/**
 * Carries an `AdError` out of a traced function to the `valueAndGrad` boundary, which catches
 * it and answers `Left`. Never seen outside `ad/`.
 *
 * @internal
 */
export class TraceAbort {
  constructor(readonly error: AdError) {}
}

/**
 * Stops the trace with `error`.
 *
 * @internal
 */
export const abort = (error: AdError): never => {
  throw new TraceAbort(error)
}
