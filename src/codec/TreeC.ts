/**
 * Parameter trees as JSON, decoded against a template: numbers as `Float64Json`, tensors as
 * `TensorJson`, arrays as arrays, records as objects. The template says what must stand at
 * every path, so decoding checks the structure (the same paths, a number where the template has
 * one, a tensor of the template's shape where it has a tensor) and answers an error naming the
 * first path where the input differs; the decoded tree is typed like the template.
 *
 * Law: `decode(JSON.parse(JSON.stringify(encode(x))))` is `x` bit for bit (−0 included) for
 * every finite tree `x` of the template's structure; decoding never throws on any JSON value.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { isTensor } from '../tensor/Tensor.js'
import { findNonFinite } from '../tree/finite.js'
import { describeNode, firstMismatch } from '../tree/structure.js'
import {
  firstStray,
  isTreeArray,
  keysOf,
  leafList,
  unsafeRebuild,
  type Leaf,
  type Tree,
  type TreeRecord
} from '../tree/Tree.js'
import { describe, ownValue } from '../tensor/describe.js'
import { unexpectedKeys } from './exact.js'
import { encodeFloat64, Float64C, type Float64Json } from './Float64C.js'
import { encodeTensor, TensorOfShapeC, type TensorJson } from './TensorC.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The encoded form of a tree.
 *
 * @category model
 * @since 0.1.0
 */
export type TreeJson = Float64Json | TensorJson | ReadonlyArray<TreeJson> | { readonly [key: string]: TreeJson }

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const validateArray = (template: ReadonlyArray<Tree>, u: unknown, c: t.Context): t.Validation<Tree> => {
  if (!Array.isArray(u) || u.length !== template.length)
    return t.failure(u, c, `expected ${describeNode(template)}, got ${describe(u)}`)
  const errors: Array<t.ValidationError> = []
  const out = template.map((item, i) =>
    collectInto(errors, validateTree(item, u[i], t.appendContext(c, String(i), t.unknown, u[i])))
  )
  return errors.length > 0 ? t.failures(errors) : t.success(out)
}

const validateRecord = (template: TreeRecord, u: unknown, c: t.Context): t.Validation<Tree> => {
  if (!isObject(u)) return t.failure(u, c, `expected a record, got ${describe(u)}`)
  const keys = keysOf(template)
  const extra = unexpectedKeys(u, keys)
  if (extra !== undefined)
    return t.failure(
      ownValue(u, extra),
      t.appendContext(c, extra, t.unknown, ownValue(u, extra)),
      'unexpected key: the template has nothing here'
    )
  const errors: Array<t.ValidationError> = []
  const values = keys.map((k) => {
    const v = ownValue(u, k)
    const here = t.appendContext(c, k, t.unknown, v)
    return Object.prototype.hasOwnProperty.call(u, k)
      ? collectInto(errors, validateTree(template[k] as Tree, v, here))
      : collectInto(errors, t.failure(undefined, here, `expected ${describeNode(template[k])}, got nothing`))
  })
  return errors.length > 0
    ? t.failures(errors)
    : t.success(Object.fromEntries(keys.map((k, i) => [k, values[i] as Tree])))
}

/** Pushes a failure's errors into `errors`; answers the value of a success. */
const collectInto = (errors: Array<t.ValidationError>, v: t.Validation<Tree>): Tree => {
  if (v._tag === 'Left') {
    errors.push(...v.left)
    return 0
  }
  return v.right
}

const validateTree = (template: Tree, u: unknown, c: t.Context): t.Validation<Tree> => {
  if (typeof template === 'number') return Float64C.validate(u, c)
  if (isTensor(template)) return TensorOfShapeC(template.shape).validate(u, c)
  if (isTreeArray(template)) return validateArray(template, u, c)
  return validateRecord(template, u, c)
}

/**
 * The encoded form of a tree: record keys in sorted order.
 *
 * @internal
 */
export const encodeTree = (tree: Tree): TreeJson =>
  unsafeRebuild(
    tree,
    leafList(tree).map((leaf) => (typeof leaf === 'number' ? encodeFloat64(leaf) : encodeTensor(leaf)) as Leaf)
  ) as TreeJson

/** Why `template` cannot serve as one (a string field, `null`, nesting too deep), or `undefined`. */
const templateProblem = (template: Tree): string | undefined => {
  const stray = firstStray(template)
  return stray === undefined
    ? undefined
    : `the template is not a parameter tree: at ${stray.path === '' ? '(root)' : stray.path} it holds ${stray.found}`
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Trees of `template`'s structure. Its values are not read, only its structure. A template that
 * is not a parameter tree (a `_tag` string field, `null`, nesting deeper than `MAX_DEPTH`) makes a
 * codec that refuses every input and names the template's stray path.
 *
 * `encode` is total (it walks without recursion and carries a stray node over as it is); what it
 * writes decodes again exactly when `is` holds (finite numbers of the template's structure), and
 * `Codec.encode` checks that before it encodes.
 *
 * @example
 * import { Codec } from 'gradfold'
 * const C = Codec.TreeC({ w: 0, b: [0, 0] })
 * JSON.stringify(C.encode({ w: -0, b: [1.5, 2] })) // '{"b":[1.5,2],"w":"-0"}'
 * Codec.decode(C)({ b: [1.5, 2], w: '-0' }) // right({ b: [1.5, 2], w: -0 })
 * Codec.decode(C)({ b: [1.5], w: 0 }) // left: b: expected an array of 2 items, got an array of 1 item
 *
 * @category codecs
 * @since 0.1.0
 */
export function TreeC(template: number): t.Type<number, TreeJson, unknown>
export function TreeC<T extends Tree>(template: T): t.Type<T, TreeJson, unknown>
// The implementation answers any tree; the overloads above give the types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the overloads' two types meet only at any
export function TreeC(template: Tree): t.Type<any, TreeJson, unknown> {
  const problem = templateProblem(template)
  return new t.Type<Tree, TreeJson, unknown>(
    'Tree',
    (u): u is Tree =>
      problem === undefined &&
      firstMismatch(template, u as Tree) === undefined &&
      findNonFinite(u as Tree) === undefined,
    (u, c) => (problem === undefined ? validateTree(template, u, c) : t.failure(u, c, problem)),
    encodeTree
  )
}
