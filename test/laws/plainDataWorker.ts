// A worker thread for the hostile plain-data law (laws/plainData.laws.test.ts): it calls one export
// at a time with every hostile argument list, saying which list it is about to call before each
// call, so that the test's thread, which cannot interrupt a loop that never yields from inside,
// can terminate this thread when a call runs past its bound and name the list it hung on.
import fc from 'fast-check'
import { parentPort, workerData } from 'node:worker_threads'
import { hostile } from '../../laws/arbitraries/hostile.js'
import { plainDataExports } from '../../laws/exports.js'
import { callWithin } from '../../laws/plainData.js'
import { describe } from '../../src/tensor/describe.js'

/** What the test's thread gives the worker. */
export interface PlainDataWorkerData {
  readonly seed: number
  readonly runs: number
  readonly boundMs: number
}

/** What the worker says: the list it calls next, or the outcome for one export. */
export type PlainDataMessage =
  | { readonly _tag: 'Calling'; readonly list: number }
  | { readonly _tag: 'Outcome'; readonly name: string; readonly failure: string }

const { seed, runs, boundMs } = workerData as PlainDataWorkerData

/**
 * The argument lists, drawn once with the law seed: four arguments (for up to four curried
 * calls), each hostile (getters, `toString` or `valueOf` that throw, arrays declaring 2^32 − 1
 * items, `__proto__` and `constructor` keys, ten thousand levels of nesting, numbers where
 * records are expected) or a small number, so that a call gets past a count to the next argument.
 */
export const hostileArgumentLists = (s: number, n: number): ReadonlyArray<ReadonlyArray<unknown>> =>
  fc.sample(
    fc.array(fc.oneof({ weight: 4, arbitrary: hostile }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }), {
      minLength: 4,
      maxLength: 4
    }),
    { seed: s, numRuns: n }
  )

const lists = parentPort === null ? [] : hostileArgumentLists(seed, runs)

/** Never ends: the test's thread shows that it terminates such a call. */
const loopForever = (): void => {
  parentPort!.postMessage({ _tag: 'Calling', list: 0 } satisfies PlainDataMessage)
  for (;;);
}

const byName = new Map(plainDataExports)

parentPort?.on('message', async (request: string | { readonly loop: true }) => {
  if (typeof request !== 'string') return loopForever()
  const name = request
  if (!byName.has(name)) return parentPort!.postMessage({ _tag: 'Outcome', name, failure: 'no such export' })
  const f = byName.get(name)
  let failure = 'none'
  for (let i = 0; i < lists.length && failure === 'none'; i++) {
    parentPort!.postMessage({ _tag: 'Calling', list: i } satisfies PlainDataMessage)
    const outcome = await callWithin(f, lists[i]!, boundMs)
    if (outcome !== 'answered') failure = `arguments ${i} (${lists[i]!.map((a) => describe(a)).join(', ')}): ${outcome}`
  }
  parentPort!.postMessage({ _tag: 'Outcome', name, failure } satisfies PlainDataMessage)
})
