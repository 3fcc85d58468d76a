/**
 * The structural guards of the values the train layer takes from a caller, each O(1) (a few
 * fields read, never a walk): a model, an optimizer, a training state, an epoch's config and
 * cursor. A function that takes one checks it at its boundary, so that junk in its place (from
 * JSON, through `any`) answers an `InvalidArgument` naming the argument and what makes the right
 * thing, instead of a `TypeError`.
 *
 * Shared across layers: each export is internal to the library, not part of its API.
 *
 * @since 0.2.0
 */
import { batchingKind, datasetKind, keyKind } from '../data/kinds.js'
import { transformationKind } from '../optim/GradientTransformation.js'
import { func, isRecord, tagged, withFields, type Kind } from '../tensor/guards.js'

export { batchingKind, datasetKind, keyKind, planKind, tensorKind } from '../data/kinds.js'
export { transformationKind } from '../optim/GradientTransformation.js'

/** A whole number ≥ 0 (an epoch or step count). */
const count: Kind = { expected: 'a whole number ≥ 0', test: (u) => Number.isSafeInteger(u) && (u as number) >= 0 }

/** @internal */
export const modelKind: Kind = withFields('a model { forward, loss } (functions)', [
  ['forward', func],
  ['loss', func]
])

/** @internal */
export const stateKind: Kind = withFields('a training state (Train.initialState)', [
  ['key', keyKind],
  ['epoch', count],
  ['step', count]
])

/** @internal */
export const epochConfigKind: Kind = withFields('an epoch config { model, optimizer, batching }', [
  ['model', modelKind],
  ['optimizer', transformationKind],
  ['batching', batchingKind]
])

/** @internal */
export const cursorKind: Kind = tagged('EpochCursor', 'an epoch cursor (Train.openEpoch)')

/** @internal */
export const batchKind: Kind = datasetKind

/** @internal */
export const progressKind: Kind = withFields('the progress of a run (Train.start)', [
  ['state', stateKind],
  ['history', { expected: 'an array', test: Array.isArray }],
  ['best', { expected: 'an Option', test: isRecord }]
])
