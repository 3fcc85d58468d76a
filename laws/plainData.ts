/**
 * Plain data of the wrong type answers a Left. Each entry calls one export of the optim, data
 * or train namespace with a value `u` in the place of one plain-data argument (an options
 * record, a list of rows, a name, a count), valid values everywhere else, and says which `u`
 * fit that place; for every `u` that does not fit, the answer is a `Left` whose message says
 * what was expected, since such values arrive from JSON through `any`.
 *
 * Law: for every entry and every `u` with `!fits(u)`, `call(u)` answers a Left whose message
 * names what was expected (`expected …` or `… must be …`).
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { Data, NN, Optim, Random, Tensor, Train } from '../src/index.js'
import * as Advanced from '../src/advanced.js'
import { callCurried } from './totality.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An export called with `u` in one plain-data place; `fits(u)` when `u` has that place's type.
 *
 * @category model
 * @since 0.2.0
 */
export interface PlainDataPlace {
  readonly call: (u: never) => unknown
  readonly fits: (u: unknown) => boolean
}

// -------------------------------------------------------------------------------------
// fixtures
// -------------------------------------------------------------------------------------

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error('a fixture was refused')
  return e.right
}

const key = right(Random.key(0))
const data = Data.threeClass
const x = right(Tensor.fromNested([[1], [2]]))
const weights = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`w${i + 1}`, 0.1])
) as unknown as NN.ThreeTwoThree
const isRecord = (u: unknown): boolean => typeof u === 'object' && u !== null && !Array.isArray(u)
const isOptions = (u: unknown): boolean => u === undefined || isRecord(u)
const isNumber = (u: unknown): boolean => typeof u === 'number'
const isTensor = (u: unknown): boolean => Tensor.isTensor(u)
const isTagged = (tag: string) => (u: unknown) => isRecord(u) && (u as { readonly _tag?: unknown })._tag === tag

// -------------------------------------------------------------------------------------
// the places
// -------------------------------------------------------------------------------------

/**
 * @category laws
 * @since 0.2.0
 */
export const places: Readonly<Record<string, PlainDataPlace>> = {
  'Optim.sgd(lr)': { call: (u) => Optim.sgd(u), fits: (u) => isNumber(u) || typeof u === 'function' },
  'Optim.adam(options)': { call: (u) => Optim.adam(u), fits: isOptions },
  'Optim.adamw(options)': { call: (u) => Optim.adamw(u), fits: isOptions },
  'Optim.rmsprop(options)': { call: (u) => Optim.rmsprop(u), fits: isOptions },
  'Optim.adagrad(options)': { call: (u) => Optim.adagrad(u), fits: isOptions },
  'Optim.adam({ lr })': {
    call: (u) => Optim.adam({ lr: u }),
    fits: (u) => u === undefined || isNumber(u) || typeof u === 'function'
  },
  'Optim.scaleByAdam(options)': { call: (u) => Optim.scaleByAdam(u), fits: isRecord },
  'Optim.scaleByRms(options)': { call: (u) => Optim.scaleByRms(u), fits: isRecord },
  'Optim.scaleByRss(options)': { call: (u) => Optim.scaleByRss(u), fits: isRecord },
  'Optim.traceMomentum(options)': { call: (u) => Optim.traceMomentum(u), fits: isRecord },
  'Optim.cosineDecay(options)': { call: (u) => Optim.cosineDecay(u), fits: isRecord },
  'Optim.exponentialDecay(options)': { call: (u) => Optim.exponentialDecay(u), fits: isRecord },
  'Optim.linearWarmup(options)': { call: (u) => Optim.linearWarmup(u), fits: isRecord },
  'Optim.piecewiseConstant(options)': { call: (u) => Optim.piecewiseConstant(u), fits: isRecord },
  'Optim.piecewiseConstant({ boundaries })': {
    call: (u) => Optim.piecewiseConstant({ boundaries: u, values: [0.1] }),
    fits: Array.isArray
  },
  'Optim.joinSchedules(schedules)': { call: (u) => Optim.joinSchedules(u, []), fits: Array.isArray },
  'Advanced.Optim.validateFields(fields)': { call: (u) => Advanced.Optim.validateFields('f', u), fits: Array.isArray },
  'Advanced.Optim.validateMask(mask)': {
    call: (u) => Advanced.Optim.validateMask(u),
    fits: (u) => typeof u === 'boolean' || (typeof u === 'object' && u !== null)
  },
  'Advanced.Optim.learningRateAt(lr)(state)': { call: (u) => Advanced.Optim.learningRateAt(0.1)(u), fits: isRecord },
  'Data.fromRows(inputs)': { call: (u) => Data.fromRows(u, [[0]]), fits: Array.isArray },
  'Data.fromLabels(k)(inputs)': { call: (u) => Data.fromLabels(2)(u, [0, 1]), fits: isTensor },
  'Data.fromLabels(k)(labels)': { call: (u) => Data.fromLabels(2)(x, u), fits: Array.isArray },
  'Data.oneHot(k)(labels)': { call: (u) => Data.oneHot(2)(u), fits: Array.isArray },
  'Advanced.Data.validateWidths(expected)': { call: (u) => Advanced.Data.validateWidths(u)(data), fits: isRecord },
  'Data.take(indices)': { call: (u) => Data.take(u)(data), fits: Array.isArray },
  'Data.trainTestSplit(options)': { call: (u) => Data.trainTestSplit(u)(data, key), fits: isRecord },
  'Data.threeClusters(options)': { call: (u) => Data.threeClusters(u)(key), fits: isOptions },
  'Advanced.Data.plan(batching)(data)': {
    call: (u) => Advanced.Data.plan(Data.fullBatch())(u, key, 0),
    fits: isTagged('Dataset')
  },
  'Advanced.Data.plan(batching)(data, key)': {
    call: (u) => Advanced.Data.plan(Data.fullBatch())(data, u, 0),
    fits: isTagged('Key')
  },
  'Data.slice(start, end)(data)': { call: (u) => Data.slice(0, 1)(u), fits: isTagged('Dataset') },
  'Data.fitStandardizer(data)': { call: (u) => Data.fitStandardizer(u), fits: isTagged('Dataset') },
  'Advanced.Train.decodeModelSpec(spec)': { call: (u) => Advanced.Train.decodeModelSpec(u), fits: isRecord },
  'Train.accuracy(targets)': { call: (u) => Train.accuracy(u)(x), fits: isTensor },
  'Train.meanLoss(losses)': { call: (u) => Train.meanLoss(u), fits: Array.isArray },
  'Train.classReports(matrix)': { call: (u) => Train.classReports(u), fits: Array.isArray },
  'Advanced.Train.splitShards(size)': { call: (u) => Advanced.Train.splitShards(u)(4), fits: isNumber },
  'Advanced.Train.combineShards(samples)(parts)': {
    call: (u) => Advanced.Train.combineShards(2)(u),
    fits: Array.isArray
  },
  'Train.explainThreeTwoThree(lr)': {
    call: (u) => Train.explainThreeTwoThree(u)(weights, { inputs: [[1, 0, 0]], targets: [[1, 0, 0]] }),
    fits: isNumber
  },
  'Advanced.Train.openEpoch(batching)(state)': {
    call: (u) => Advanced.Train.openEpoch(Data.fullBatch())(u, data),
    fits: isRecord
  }
}

// -------------------------------------------------------------------------------------
// predicates
// -------------------------------------------------------------------------------------

/**
 * `call(u)` answered a Left whose message says what was expected.
 *
 * @category laws
 * @since 0.2.0
 */
export const refusesNamingExpected = (place: PlainDataPlace, u: unknown): boolean => {
  const r = place.call(u as never) as { readonly _tag?: unknown; readonly left?: { readonly message?: unknown } }
  return r._tag === 'Left' && typeof r.left?.message === 'string' && /expected|must/.test(r.left.message)
}

/**
 * What calling an export with hostile arguments came to: an answer within the bound, a throw
 * (or a Promise that rejected), or an answer past the bound (a loop over a count it did not bound).
 *
 * @category model
 * @since 0.3.0
 */
export type HostileOutcome = 'answered' | 'threw' | 'slow'

/**
 * Calls `f` with `args[0]`, then its result (while a function) with `args[1]`, and so on, the
 * way a curried, data-last export is used, awaiting a Promise it hands back: the outcome, timed
 * against `boundMs`.
 *
 * Law: for every export that takes plain data and every list of hostile arguments, the outcome
 * is `answered`.
 *
 * @category laws
 * @since 0.3.0
 */
export const callWithin = async (
  f: unknown,
  args: ReadonlyArray<unknown>,
  boundMs: number
): Promise<HostileOutcome> => {
  const start = performance.now()
  try {
    const r = callCurried(f, args)
    if (r instanceof Promise) await r
  } catch {
    return 'threw'
  }
  return performance.now() - start > boundMs ? 'slow' : 'answered'
}
