/**
 * How an error message shows a value that arrived from outside: any value at all, JSON or not.
 *
 * `String(x)`, a template literal and `JSON.stringify(x)` all call into the value (its
 * `toString`, `valueOf`, `toJSON` or `Symbol.toPrimitive`), so they throw on `{"toString": 1}`
 * parsed from JSON, on an object whose getter throws, and (`JSON.stringify`) on a BigInt.
 * {@link describe} never calls into the value: it reads only the type, own data properties and
 * an array's length, so it is total.
 *
 * Law: `describe(u)` returns a string, and never throws, for every `u`.
 *
 * @since 0.2.0
 */

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** The longest string or BigInt shown as it is; a longer one is shown by its length. */
const SHOWN = 24

/**
 * An own data property of `o`, without running a getter (an accessor reads as `undefined`).
 *
 * @internal
 */
export const ownValue = (o: object, key: string): unknown => {
  const d = Object.getOwnPropertyDescriptor(o, key)
  return d !== undefined && 'value' in d ? d.value : undefined
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/** A shape read from a value that may not be one: each dimension described on its own. */
const showDims = (shape: ReadonlyArray<unknown>): string =>
  shape.length > SHOWN
    ? `of rank ${shape.length}`
    : `[${Array.from({ length: shape.length }, (_, i) => {
        const d = ownValue(shape, String(i))
        return typeof d === 'number' ? String(d) : describe(d)
      }).join(', ')}]`

const describeObject = (u: object): string => {
  if (Array.isArray(u)) return `an array of ${plural(u.length, 'item')}`
  if (ownValue(u, '_tag') === 'Tensor') {
    const shape = ownValue(u, 'shape')
    return Array.isArray(shape) ? `a tensor of shape ${showDims(shape)}` : 'a tensor'
  }
  return 'a record'
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A value as a message shows it: a number or a short string or BigInt as written (`NaN`,
 * `"x"`, `12n`), `null`, `true`, `nothing` for `undefined`, anything else by its kind
 * (`a record`, `an array of 3 items`, `a tensor of shape [2, 3]`, `a function`). Never throws.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * Tensor.describe(JSON.parse('{"toString": 1}')) // 'a record' (String(x) would throw)
 * Tensor.describe(2n ** 64n) // 'a BigInt of 20 digits'
 * Tensor.describe([1, 2]) // 'an array of 2 items'
 *
 * @category destructors
 * @since 0.2.0
 */
export const describe = (u: unknown): string => {
  switch (typeof u) {
    case 'number':
    case 'boolean':
      return String(u)
    case 'string':
      return u.length <= SHOWN ? JSON.stringify(u) : `a string of ${plural(u.length, 'character')}`
    case 'bigint': {
      const digits = String(u < 0n ? -u : u)
      return digits.length <= SHOWN ? `${String(u)}n` : `a BigInt of ${plural(digits.length, 'digit')}`
    }
    case 'undefined':
      return 'nothing'
    case 'symbol':
      return 'a symbol'
    case 'function':
      return 'a function'
    default:
      return u === null || u === undefined ? 'null' : describeObject(u)
  }
}

/**
 * What was thrown, as a message shows it: an `Error`'s message as it is, anything else as
 * {@link describe} shows it. Never throws.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.describeThrown(new Error('disk full')) // 'disk full'
 * Advanced.Tensor.describeThrown(JSON.parse('{"toString": 1}')) // 'a record'
 *
 * @category destructors
 * @since 0.2.0
 */
export const describeThrown = (e: unknown): string => {
  const message = e instanceof Error ? ownValue(e, 'message') : undefined
  return typeof message === 'string' ? message : describe(e)
}

/**
 * A string as it is (a path, a name, an op), anything else as {@link describe} shows it: for
 * messages that print a field declared a string but arrived from outside. Never throws.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.asText('w1') // 'w1'
 * Advanced.Tensor.asText(['w1']) // 'an array of 1 item'
 *
 * @category destructors
 * @since 0.2.0
 */
export const asText = (u: unknown): string => (typeof u === 'string' ? u : describe(u))
