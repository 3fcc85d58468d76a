/**
 * A stop rule described as data, so that a checkpoint can carry the rules of its run: each rule
 * the library's constructors make remembers its spec (`maxEpochs(10)` is
 * `{ _tag: 'MaxEpochs', epochs: 10 }`, `any(a, b)` is `{ _tag: 'Any', rules: [a, b] }`), and a
 * spec builds the same rule again (`Train.stopFromSpec`). A rule written by hand has no spec.
 *
 * Laws: `encodeStop(rule)` of a rule built from a spec is that spec; `StopSpecC` gives back
 * what it encoded, through JSON; decoding never throws.
 *
 * @since 0.2.0
 */
import * as O from '#fp-ts/Option.js'
import * as t from 'io-ts'
import { plainFirst } from '../../codec/JsonC.js'
import { describe } from '../../tensor/describe.js'
import { isRecord } from '../../tensor/guards.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A stop rule of the library, as data.
 *
 * @category model
 * @since 0.2.0
 */
export type StopSpec =
  | { readonly _tag: 'MaxEpochs'; readonly epochs: number }
  | { readonly _tag: 'TargetAccuracy'; readonly target: number; readonly on: 'train' | 'validation' }
  | { readonly _tag: 'LossBelow'; readonly threshold: number }
  | { readonly _tag: 'NoImprovement'; readonly patience: number }
  | { readonly _tag: 'Any'; readonly rules: ReadonlyArray<StopSpec> }
  | { readonly _tag: 'All'; readonly rules: ReadonlyArray<StopSpec> }

// -------------------------------------------------------------------------------------
// registry
// -------------------------------------------------------------------------------------

// Rules are closures made by the constructors of `stopRules`; each remembers its spec here, and
// is forgotten with it.
const specs = new WeakMap<object, StopSpec>()

/**
 * `rule`, remembered as made from `spec` (when there is one).
 *
 * @internal
 */
export const withStopSpec =
  (spec: StopSpec | undefined) =>
  <R extends object>(rule: R): R => {
    if (spec !== undefined) specs.set(rule, spec)
    return rule
  }

/**
 * The spec a rule of the library was made from; `none` for a rule written by hand (or a
 * combination holding one).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Train } from 'gradfold'
 * E.map(Train.encodeStop)(Train.noImprovement(5)) // right(some({ _tag: 'NoImprovement', patience: 5 }))
 *
 * @category destructors
 * @since 0.2.0
 */
export const encodeStop = (rule: unknown): O.Option<StopSpec> =>
  typeof rule === 'function' ? O.fromNullable(specs.get(rule)) : O.none

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/** How deep `Any` and `All` may nest in a spec read from JSON. */
const MAX_DEPTH = 16

const finite = (u: unknown): boolean => typeof u === 'number' && Number.isFinite(u)

const read = (u: unknown, depth: number): StopSpec | undefined => {
  if (!isRecord(u)) return undefined
  switch (u['_tag']) {
    case 'MaxEpochs':
      return Number.isSafeInteger(u['epochs']) ? { _tag: 'MaxEpochs', epochs: u['epochs'] as number } : undefined
    case 'NoImprovement':
      return Number.isSafeInteger(u['patience'])
        ? { _tag: 'NoImprovement', patience: u['patience'] as number }
        : undefined
    case 'LossBelow':
      return finite(u['threshold']) ? { _tag: 'LossBelow', threshold: u['threshold'] as number } : undefined
    case 'TargetAccuracy':
      return finite(u['target']) && (u['on'] === 'train' || u['on'] === 'validation')
        ? { _tag: 'TargetAccuracy', target: u['target'] as number, on: u['on'] }
        : undefined
    case 'Any':
    case 'All': {
      const rules = u['rules']
      if (depth >= MAX_DEPTH || !Array.isArray(rules)) return undefined
      const out = rules.map((r) => read(r, depth + 1))
      return out.every((r) => r !== undefined) ? { _tag: u['_tag'], rules: out as ReadonlyArray<StopSpec> } : undefined
    }
    default:
      return undefined
  }
}

/**
 * Stop-rule specs as JSON.
 *
 * @example
 * import { Codec } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Codec.decode(Advanced.Train.StopSpecC)({ _tag: 'MaxEpochs', epochs: 10 }) // right({ _tag: 'MaxEpochs', epochs: 10 })
 *
 * @category codecs
 * @since 0.2.0
 */
export const StopSpecC: t.Type<StopSpec, StopSpec, unknown> = plainFirst(
  new t.Type<StopSpec, StopSpec, unknown>(
    'StopSpec',
    (u): u is StopSpec => read(u, 0) !== undefined,
    (u, c) => {
      const s = read(u, 0)
      return s === undefined
        ? t.failure(
            u,
            c,
            `expected a stop rule { _tag: MaxEpochs | TargetAccuracy | LossBelow | NoImprovement | Any | All, … }, got ${describe(u)}`
          )
        : t.success(s)
    },
    (s) => s
  )
)
