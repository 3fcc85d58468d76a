/**
 * Laws of the codecs, as predicates: round trips through JSON text are exact (bit for bit, −0
 * included, since JSON writes the shortest decimal that reads back as the same double and the
 * codecs write −0 as "-0"); a tree decodes against a template exactly when it has the
 * template's structure; decoding never throws, whatever JSON it is given, and what it accepts
 * is finite and shaped like the template.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { decode } from '../src/codec/DecodeError.js'
import { Float64C } from '../src/codec/Float64C.js'
import { TensorC } from '../src/codec/TensorC.js'
import { TreeC } from '../src/codec/TreeC.js'
import type { Tensor } from '../src/tensor/Tensor.js'
import { findNonFinite } from '../src/tree/finite.js'
import { firstMismatch } from '../src/tree/structure.js'
import type { Tree } from '../src/tree/Tree.js'
import { bitsEqual } from './purity.js'
import { treeBitsEqual } from './tree.js'

// -------------------------------------------------------------------------------------
// round trips
// -------------------------------------------------------------------------------------

/**
 * `decode(JSON.parse(JSON.stringify(encode(a))))`, or `undefined` when decoding refused it.
 *
 * @example
 * import { Codec } from 'gradfold'
 * import { CodecLaws } from 'gradfold/laws'
 * // encode, JSON text, parse, decode: −0 survives
 * Object.is(CodecLaws.throughJson(Codec.Float64C, -0), -0) // => true
 *
 * @category round trips
 * @since 0.1.0
 */
export const throughJson = <A, O>(codec: t.Type<A, O, unknown>, a: A): A | undefined => {
  const back = decode(codec)(JSON.parse(JSON.stringify(codec.encode(a))))
  return E.isRight(back) ? back.right : undefined
}

/**
 * A finite double survives `Float64C` and JSON text bit for bit (`Object.is`), −0 included.
 *
 * @example
 * import { CodecLaws } from 'gradfold/laws'
 * [-0, 0.1 + 0.2, 5e-324, 1.7976931348623157e308].every(CodecLaws.float64RoundTrips) // => true
 *
 * @category round trips
 * @since 0.1.0
 */
export const float64RoundTrips = (x: number): boolean => {
  const back = throughJson(Float64C, x)
  return back !== undefined && Object.is(back, x)
}

/**
 * A tensor survives `TensorC` and JSON text: same shape, same bytes.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import { CodecLaws } from 'gradfold/laws'
 * pipe(Tensor.fromNested([[0.1, -0], [1e-300, 2]]), E.map(CodecLaws.tensorRoundTrips)) // right(true)
 *
 * @category round trips
 * @since 0.1.0
 */
export const tensorRoundTrips = (x: Tensor): boolean => {
  const back = throughJson(TensorC, x)
  return back !== undefined && bitsEqual(back, x)
}

/**
 * A finite tree survives `TreeC(x)` (or `codecOf(x)`, for a self-test) and JSON text bit for bit, and comes back with its records'
 * keys in traversal (sorted) order.
 *
 * @example
 * import { CodecLaws } from 'gradfold/laws'
 * CodecLaws.treeRoundTrips({ layers: [{ w: 0.1 }, { w: -0 }], b: 1e-300 }) // => true
 *
 * @category round trips
 * @since 0.1.0
 */
export const treeRoundTrips = (
  x: Tree,
  codecOf: (template: Tree) => t.Type<Tree, unknown, unknown> = TreeC
): boolean => {
  const back = throughJson(codecOf(x), x)
  return back !== undefined && treeBitsEqual(back, x)
}

// -------------------------------------------------------------------------------------
// refusals
// -------------------------------------------------------------------------------------

/**
 * The encoding of `x` decodes against `template` exactly when `x` has the template's structure,
 * and then gives `x` back bit for bit.
 *
 * @example
 * import { CodecLaws } from 'gradfold/laws'
 * CodecLaws.decodesExactlyTheTemplatesStructure({ w: 0, b: 0 }, { w: 1, b: 2 }) // => true
 * CodecLaws.decodesExactlyTheTemplatesStructure({ w: 0, b: 0 }, { w: 1 }) // => true: the law holds here because decoding refuses the missing b
 *
 * @category refusals
 * @since 0.1.0
 */
export const decodesExactlyTheTemplatesStructure = (template: Tree, x: Tree): boolean => {
  const back = decode(TreeC(template))(JSON.parse(JSON.stringify(TreeC(x).encode(x))))
  return firstMismatch(template, x) === undefined ? E.isRight(back) && treeBitsEqual(back.right, x) : E.isLeft(back)
}

/**
 * Decoding any JSON value against `template` (with `TreeC`, or `codecOf`) answers without throwing, and what it accepts has
 * the template's structure and only finite scalars.
 *
 * @example
 * import { CodecLaws } from 'gradfold/laws'
 * // whatever it is given, decoding answers an Either and never throws
 * [null, 'w', { w: 'x' }, [1, 2], { w: Number.NaN }].every((u) => CodecLaws.decodeIsTotal({ w: 0 }, u)) // => true
 *
 * @category refusals
 * @since 0.1.0
 */
export const decodeIsTotal = (
  template: Tree,
  input: unknown,
  codecOf: (template: Tree) => t.Type<Tree, unknown, unknown> = TreeC
): boolean => {
  let r: E.Either<{ readonly _tag: string }, Tree>
  try {
    r = decode(codecOf(template))(input)
  } catch {
    return false
  }
  return E.isLeft(r)
    ? r.left._tag === 'DecodeError'
    : firstMismatch(template, r.right) === undefined && findNonFinite(r.right) === undefined
}
