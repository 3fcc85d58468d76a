/**
 * An optimizer described as data: the blocks it chains, each by its name and hyperparameters,
 * as JSON. Every block the library builds carries its spec (its `spec` member), and a chain of
 * blocks that all have one has one; an optimizer that holds a function (a schedule as learning
 * rate, a mask) has none. The spec builds it again, block for block, so that the rebuilt
 * optimizer's state has the same structure and its updates the same bits. The blocks a spec may
 * name are `Advanced.Optim.blocks`, each described beside its transformation.
 *
 * ```json
 * { "_tag": "chain", "parts": [{ "_tag": "scaleByAdam", "b1": 0.9, "b2": 0.999, "eps": 1e-8 },
 *                              { "_tag": "scaleByLearningRate", "lr": 0.01 }] }
 * ```
 *
 * Laws: `decodeOptimizer(encodeOptimizer(t))` updates as `t` does, bit for bit, with states of the same
 * structure; `OptimizerSpecC` gives back what it encoded, through JSON, bit for bit; decoding
 * never throws.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as O from '#fp-ts/Option.js'
import * as t from 'io-ts'
import { encodeFloat64, readFloat64, type Float64Json } from '../codec/Float64C.js'
import { notPlain, plainFirst } from '../codec/JsonC.js'
import { describe } from '../tensor/describe.js'
import { isRecord } from '../tensor/guards.js'
import { blocks } from './catalog.js'
import { chainResults, type AnyTransformation } from './chain.js'
import { isChainSpec, type BlockEntry, type BlockSpec, type OptimizerSpec } from './Entry.js'
import type { GradientTransformation } from './GradientTransformation.js'
import { invalidHyperparameter, type OptimError } from './OptimError.js'

export type { OptimizerSpec } from './Entry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How deep chains may nest in a spec read from JSON.
 *
 * @category model
 * @since 0.2.0
 */
export const MAX_CHAIN_DEPTH = 16

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** The block entry of a tag (own keys only: `constructor` or `__proto__` name no block). */
const blockOf = (tag: string): BlockEntry | undefined => blocks.find((b) => b.tag === tag)

type Built = E.Either<OptimError, GradientTransformation<unknown>>

const build = (s: OptimizerSpec): Built =>
  isChainSpec(s)
    ? pipe(
        E.sequenceArray(s.parts.map(build)),
        E.chain((parts) => chainResults(...parts) as Built)
      )
    : (blockOf(s._tag)!.build(s) as Built)

/** A spec read from JSON, or where and why it is not one; nesting is bounded. */
type Path = ReadonlyArray<string>

/** `read`, on plain data only: a getter, a cycle or an array claiming 2^32 − 1 items is refused first. */
const readPlain = (u: unknown): ReturnType<typeof read> => {
  const bad = notPlain(u)
  return bad === undefined ? read(u, [], 0) : E.left([bad[0], undefined, `plain data (${bad[1]})`])
}

const read = (u: unknown, path: Path, depth: number): E.Either<readonly [Path, unknown, string], OptimizerSpec> => {
  const tag = isRecord(u) ? u['_tag'] : undefined
  const entry = typeof tag === 'string' ? blockOf(tag) : undefined
  if (!isRecord(u) || (entry === undefined && tag !== 'chain'))
    return E.left([path, u, `an optimizer block { _tag: ${[...blocks.map((b) => b.tag), 'chain'].join(' | ')}, … }`])
  if (tag === 'chain') {
    const parts = u['parts']
    if (depth >= MAX_CHAIN_DEPTH) return E.left([path, u, `chains nested at most ${MAX_CHAIN_DEPTH} deep`])
    if (!Array.isArray(parts)) return E.left([[...path, 'parts'], parts, 'an array of optimizer blocks'])
    const out: Array<OptimizerSpec> = []
    for (let i = 0; i < parts.length; i++) {
      const p = read(parts[i], [...path, 'parts', String(i)], depth + 1)
      if (E.isLeft(p)) return p
      out.push(p.right)
    }
    return E.right({ _tag: 'chain', parts: out })
  }
  const spec: Record<string, string | number | boolean> = { _tag: entry!.tag }
  for (const [f, kind] of entry!.fields) {
    const v = u[f]
    const x = kind === 'flag' ? (typeof v === 'boolean' ? v : undefined) : readFloat64(v)
    if (x === undefined)
      return E.left([[...path, f], v, kind === 'flag' ? 'true or false' : 'a finite number (or "-0")'])
    spec[f] = x
  }
  return E.right(spec as BlockSpec)
}

/** The JSON of a spec: its numbers as `Float64C` writes them (`-0` kept). */
const write = (s: OptimizerSpec): unknown =>
  isChainSpec(s)
    ? { _tag: 'chain', parts: s.parts.map(write) }
    : Object.fromEntries(
        Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? (encodeFloat64(v) as Float64Json) : v])
      )

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The spec of a transformation the library built, when it holds no function: `none`
 * for a schedule as learning rate, a mask, or a transformation made elsewhere.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Optim } from 'gradfold'
 * E.map(Optim.encodeOptimizer)(Optim.sgd(0.1)) // right(some({ _tag: 'scaleByLearningRate', lr: 0.1 }))
 *
 * @category destructors
 * @since 0.2.0
 */
export const encodeOptimizer = (transformation: AnyTransformation): O.Option<OptimizerSpec> =>
  O.fromNullable(isRecord(transformation) ? (transformation.spec as OptimizerSpec | undefined) : undefined)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The optimizer a spec describes, built block by block by this module's constructors (which
 * check every hyperparameter again).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * const p = { w: 1 }
 * pipe(
 *   Optim.decodeOptimizer({ _tag: 'chain', parts: [{ _tag: 'scaleByLearningRate', lr: 0.5 }] }),
 *   E.chain((opt) => opt.update({ w: 2 }, opt.init(p), p)),
 *   E.map(([updates]) => updates)
 * ) // right({ w: -1 })
 *
 * @category constructors
 * @since 0.2.0
 */
export const decodeOptimizer = (spec: OptimizerSpec): E.Either<OptimError, GradientTransformation<unknown>> =>
  pipe(
    readPlain(spec),
    E.mapLeft(([path, value, expected]): OptimError =>
      invalidHyperparameter('decodeOptimizer', ['spec', ...path].join('.'), value, expected)
    ),
    E.chain(build)
  )

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Optimizer specs as JSON, every number bit for bit.
 *
 * @example
 * import { Codec, Optim } from 'gradfold'
 * Codec.decode(Optim.OptimizerSpecC)({ _tag: 'scaleByLearningRate', lr: 0.1 }) // right({ _tag: 'scaleByLearningRate', lr: 0.1 })
 * Codec.decode(Optim.OptimizerSpecC)({ _tag: 'chain', parts: [{ _tag: 'scaleByAdam', b1: 0.9 }] }) // left: parts.0.b2: expected a finite number (or "-0"), got nothing
 *
 * @category codecs
 * @since 0.2.0
 */
export const OptimizerSpecC: t.Type<OptimizerSpec, unknown, unknown> = plainFirst(
  new t.Type<OptimizerSpec, unknown, unknown>(
    'OptimizerSpec',
    (u): u is OptimizerSpec => E.isRight(read(u, [], 0)),
    (u, c) => {
      const r = read(u, [], 0)
      if (E.isRight(r)) return t.success(r.right)
      const [path, value, expected] = r.left
      const here = path.reduce((ctx: t.Context, key) => t.appendContext(ctx, key, t.unknown, undefined), c)
      return t.failure(value, here, `expected ${expected}, got ${describe(value)}`)
    },
    write
  )
)
