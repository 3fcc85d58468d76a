/**
 * What a run is given, checked at the boundary: values that arrive through `any` (a config read
 * from JSON, a key with `k0: NaN`, `null` where a data set or an optimizer belongs) answer a
 * Left naming the field before the first step, instead of a `TypeError` mid-run or a checkpoint
 * that cannot be read back.
 *
 * Law: for every value of every argument, `validateRun` and `validateProgress` answer, never throw.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { validateDataset, type Dataset } from '../../data/Dataset.js'
import type { DataError } from '../../data/DataError.js'
import { isKey } from '../../random/Key.js'
import { describe } from '../../tensor/describe.js'
import { func, isRecord, withFields } from '../../tensor/guards.js'
import { invalidArgument } from '../../tensor/TensorError.js'
import { firstStray } from '../../tree/Tree.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const field = (u: unknown, key: string): unknown => (isRecord(u) ? u[key] : undefined)

const functions = (names: ReadonlyArray<string>): ((u: unknown) => boolean) => {
  const guard = withFields(
    '',
    names.map((n) => [n, func] as const)
  )
  return (u) => guard.test(u)
}

const isModel = functions(['forward', 'loss'])
const isOptimizer = functions(['init', 'update', 'stateC'])

const refuse = (what: string, expected: string, got: unknown): E.Left<DataError> =>
  E.left(invalidArgument('fit', `${what} is ${describe(got)}; expected ${expected}`)) as E.Left<DataError>

const check = (ok: boolean, what: string, expected: string, got: unknown): E.Either<DataError, void> =>
  ok ? E.right(undefined) : refuse(what, expected, got)

const checkTree = (what: string, u: unknown): E.Either<DataError, void> => {
  const stray = firstStray(u)
  return stray === undefined
    ? E.right(undefined)
    : E.left(invalidArgument('fit', `${what} are not a tree: at ${stray.path || '(root)'} they hold ${stray.found}`))
}

/** A count of epochs: a whole number ≥ 1, so that a run that counts to it ends. */
const checkCount = (what: string, u: unknown): E.Either<DataError, void> =>
  check(Number.isSafeInteger(u) && (u as number) >= 1, what, 'a whole number ≥ 1', u)

const checkKey = (u: unknown): E.Either<DataError, void> =>
  check(isKey(u), 'the key', 'a key made by Random.key (two uint32 words k0, k1)', u)

const right: E.Either<never, void> = E.right(undefined)

/** The first Left of the checks, run in order (a plain loop: a resumed run checks at every call). */
const firstFailure = (...checks: ReadonlyArray<() => E.Either<DataError, unknown>>): E.Left<DataError> | undefined => {
  for (const c of checks) {
    const r = c()
    if (E.isLeft(r)) return r
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * Right when a run's config, parameters, key and data have the types they claim: a config
 * record with a model (`forward`, `loss`), an optimizer (`init`, `update`, `stateC`), an
 * optional stop rule and validation set (the batching is checked when an epoch is planned, after
 * the forward pass, so that a shape error is reported before a batching error); parameters that are a tree; a valid key;
 * a data set; and `maxEpochs` (and `evaluateEvery`, when given) a whole number ≥ 1, so that the
 * run ends.
 *
 * @example
 * import { Data, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const bad = { _tag: 'Key', k0: NaN, k1: 0 } as unknown as Random.Key
 * Advanced.Train.validateRun({}, { w: 0 }, bad, Data.threeClass) // left: fit: the model is nothing; expected { forward, loss } ...
 *
 * @category validation
 * @since 0.2.0
 */
export const validateRun = (
  config: unknown,
  params: unknown,
  key: unknown,
  data: unknown
): E.Either<DataError, Dataset> => wrongRun(config, params, key, data) ?? E.right(data as Dataset)

/**
 * `validateRun`'s first failure, or undefined. A run resumed from a finished run's result
 * (`trusted`) has its parameters and key from that run: they are not walked again. Plain
 * statements in order, no closure: a run resumed again and again checks at every call.
 *
 * @internal
 */
export const wrongRun = (
  config: unknown,
  params: unknown,
  key: unknown,
  data: unknown,
  trusted = false
): E.Left<DataError> | undefined => {
  if (!isRecord(config)) return refuse('the config', 'a record', config)
  const model = config['model']
  if (!isModel(model)) return refuse('the model', '{ forward, loss } (functions)', model)
  const optimizer = config['optimizer']
  if (!isOptimizer(optimizer))
    return refuse(
      'the optimizer',
      'a gradient transformation ({ init, update, stateC }) such as Optim.sgd(0.1) answers',
      optimizer
    )
  const stop = config['stop']
  if (stop !== undefined && typeof stop !== 'function')
    return refuse('the stop rule', 'a rule such as Train.maxEpochs(10) answers', stop)
  const validation = config['validation']
  const wrongValidation = validation === undefined ? undefined : checkedDataset(validation)
  if (wrongValidation !== undefined && E.isLeft(wrongValidation)) return wrongValidation
  const tree = trusted ? right : checkTree('the parameters', params)
  if (E.isLeft(tree)) return tree
  if (!trusted && !isKey(key)) return refuse('the key', 'a key made by Random.key (two uint32 words k0, k1)', key)
  const wrongData = data === STREAMED ? right : checkedDataset(data)
  if (E.isLeft(wrongData)) return wrongData
  const maxEpochs = checkCount('maxEpochs', config['maxEpochs'])
  if (E.isLeft(maxEpochs)) return maxEpochs
  const every = config['evaluateEvery']
  const evaluateEvery = every === undefined ? right : checkCount('evaluateEvery', every)
  return E.isLeft(evaluateEvery) ? evaluateEvery : undefined
}

/** The data a streamed run is given: its chunks, checked as they come, not here. */
const STREAMED: unique symbol = Symbol('streamed')

/**
 * `validateRun` for a run on a stream: the config, parameters and key, the chunks left to be
 * checked as they come.
 *
 * @internal
 */
export const validateStreamRun = (config: unknown, params: unknown, key: unknown): E.Either<DataError, void> =>
  E.map(() => undefined)(validateRun(config, params, key, STREAMED))

/**
 * The data sets checked so far: a data set's tensors are never written, so one found good stays
 * good, and a run resumed again and again (`fitFrom` an epoch at a time) does not scan its data
 * before each call.
 */
const checkedSets = new WeakSet<object>()

const checkedDataset = (u: unknown): E.Either<DataError, Dataset> => {
  if (typeof u === 'object' && u !== null && checkedSets.has(u)) return E.right(u as Dataset)
  const checked = validateDataset(u)
  if (E.isRight(checked)) checkedSets.add(u as object)
  return checked
}

/**
 * Right when `progress` is what `fitFrom` resumes from: a state with a parameter tree, a valid
 * key and whole-number epoch and step counts, a history list, and a best that is an `Option`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const resume = (epoch: number) =>
 *   pipe(
 *     E.Do,
 *     E.apS('sgd', Optim.sgd(0.1)),
 *     E.apSW('key', Random.key(0)),
 *     E.chainW(({ sgd, key }) =>
 *       Advanced.Train.validateProgress({ state: { ...Train.initialState(sgd)({ w: 0 }, key), epoch }, history: [], best: O.none })
 *     )
 *   )
 * resume(0) // right(undefined)
 * resume(1.5) // left: fit: the epoch or step is a record; expected a whole number ≥ 0
 * Advanced.Train.validateProgress({ state: null }) // left: fit: the progress state is null; expected a record { params, optState, key, epoch, step }
 *
 * @category validation
 * @since 0.2.0
 */
export const validateProgress = (progress: unknown): E.Either<DataError, void> => {
  const state = field(progress, 'state')
  const count = (u: unknown): boolean => Number.isSafeInteger(u) && (u as number) >= 0
  const best = field(progress, 'best')
  return (
    firstFailure(
      () => check(isRecord(state), 'the progress state', 'a record { params, optState, key, epoch, step }', state),
      () => checkTree('the parameters', field(state, 'params')),
      () => checkKey(field(state, 'key')),
      () =>
        check(
          count(field(state, 'epoch')) && count(field(state, 'step')),
          'the epoch or step',
          'a whole number ≥ 0',
          state
        ),
      () =>
        check(
          Array.isArray(field(progress, 'history')),
          'the history',
          'a list of epoch records',
          field(progress, 'history')
        ),
      () =>
        check(
          isRecord(best) && (field(best, '_tag') === 'None' || field(best, '_tag') === 'Some'),
          'the best epoch',
          'an Option',
          best
        )
    ) ?? right
  )
}
