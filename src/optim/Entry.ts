/**
 * How an optimizer describes itself, beside its code: as a block of a model file's optimizer
 * spec (`BlockEntry`: its `_tag`, its fields, its constructor) and as an optimizer a config names
 * (`OptimizerEntry`: its name, its hyperparameters with their ranges, its constructor). The
 * model file's codec (`OptimizerSpecC`, `decodeOptimizer`), the command's config and its help all
 * derive from the collections of these entries (`Advanced.Optim.blocks`, `Advanced.Optim.optimizers`), so that a
 * new optimizer is its own file, its tests and one line in `optim/optimizers.ts`.
 *
 * @since 0.3.0
 */
import type * as E from '#fp-ts/Either.js'
import type { AnyOptimizer } from './alias.js'
import type { AnyTransformation } from './chain.js'
import type { Range } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import type { LearningRate } from './scaleByLearningRate.js'
import { ownValue } from '../tensor/describe.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One block of an optimizer spec: its `_tag` and its fields (numbers, or a flag).
 *
 * @category model
 * @since 0.3.0
 */
export interface BlockSpec {
  readonly _tag: string
  readonly [field: string]: string | number | boolean
}

/**
 * A chain of blocks.
 *
 * @category model
 * @since 0.3.0
 */
export interface ChainSpec {
  readonly _tag: 'chain'
  readonly parts: ReadonlyArray<OptimizerSpec>
}

/**
 * An optimizer as data: a block with its hyperparameters, or a chain of them.
 *
 * @category model
 * @since 0.2.0
 */
export type OptimizerSpec = BlockSpec | ChainSpec

/**
 * A block's field: a number, or a flag (`true` or `false`).
 *
 * @category model
 * @since 0.3.0
 */
export type FieldKind = 'number' | 'flag'

/**
 * A transformation as a block of a model file: its tag, its fields in order, and how to build
 * it from a block whose fields have been read (the constructor checks their ranges).
 *
 * @category model
 * @since 0.3.0
 */
export interface BlockEntry {
  readonly _tag: 'BlockEntry'
  readonly tag: string
  readonly fields: ReadonlyArray<readonly [name: string, kind: FieldKind]>
  /** The transformation a spec of this block describes, or why its fields cannot make one. */
  readonly build: (spec: BlockSpec) => E.Either<OptimError, AnyTransformation>
}

/**
 * An optimizer as a config names it: its name, its hyperparameters besides the learning rate
 * (each with its range), and how to build it from a rate and their values.
 *
 * @category model
 * @since 0.3.0
 */
export interface OptimizerEntry {
  readonly _tag: 'OptimizerEntry'
  readonly name: string
  readonly fields: ReadonlyArray<readonly [name: string, range: Range]>
  /** The optimizer at learning rate `lr` with these fields, or why they cannot make one. */
  readonly build: (lr: LearningRate, values: Readonly<Record<string, number>>) => E.Either<OptimError, AnyOptimizer>
}

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether `u` is a block entry.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.blocks.every(Advanced.Optim.isBlockEntry) // => true
 *
 * @category refinements
 * @since 0.3.0
 */
export const isBlockEntry = (u: unknown): u is BlockEntry =>
  typeof u === 'object' && u !== null && ownValue(u, '_tag') === 'BlockEntry'

/**
 * Whether `u` is an optimizer entry.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.optimizers.every(Advanced.Optim.isOptimizerEntry) // => true
 *
 * @category refinements
 * @since 0.3.0
 */
export const isOptimizerEntry = (u: unknown): u is OptimizerEntry =>
  typeof u === 'object' && u !== null && ownValue(u, '_tag') === 'OptimizerEntry'

/**
 * Whether a spec is a chain.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.isChainSpec({ _tag: 'chain', parts: [] }) // => true
 *
 * @category refinements
 * @since 0.3.0
 */
export const isChainSpec = (s: OptimizerSpec): s is ChainSpec =>
  typeof s === 'object' && s !== null && ownValue(s, '_tag') === 'chain' && Object.hasOwn(s, 'parts')
