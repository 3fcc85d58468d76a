import fc from 'fast-check'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import * as Advanced from '../src/advanced.js'
import { built } from '../test/built.js'
import type { PlainDataMessage, PlainDataWorkerData } from '../test/laws/plainDataWorker.js'
import { throwingGetter } from './arbitraries/hostile.js'
import { lawParameters, lawRuns, lawSeed } from './config.js'
import { plainDataExports } from './exports.js'
import { callWithin, places, refusesNamingExpected } from './plainData.js'

describe('plain data of the wrong type answers a Left naming what was expected', () => {
  it.each(Object.entries(places))('%s', (_name, place) => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true, maxDepth: 2 }).filter((u) => !place.fits(u)),
        (u) => refusesNamingExpected(place, u)
      ),
      lawParameters
    )
  })

  it('has a place for each of the optim, data and train namespaces', () => {
    const namespaces = new Set(Object.keys(places).map((n) => n.replace(/^Advanced\./, '').split('.')[0]))
    expect([...namespaces].sort()).toEqual(['Data', 'Optim', 'Train'])
  })
})

/** A call that takes longer than this loops over a count it did not bound (a hang). */
const BOUND_MS = 1000

/** With no word from the worker for this long, a call never ended: the worker is terminated. */
const HANG_MS = 15_000

/** What a fresh worker may take to load the library before its first word. */
const START_MS = 60_000

/**
 * Argument lists per export: the law's run count (200; `GRADFOLD_LAW_RUNS` asks for more). The
 * whole law, 294 exports × 200 lists, takes a few seconds of one core: hostile values are cheap
 * to answer, when answered right. It runs in full in `npm test` (and so in
 * `npm run test:integration`'s CI too); a longer run is `GRADFOLD_LAW_RUNS=2000 npx vitest run
 * laws/plainData.laws.test.ts`.
 */
const HOSTILE_RUNS = lawRuns

/**
 * Runs each export's argument lists in a worker thread (test/laws/plainDataWorker.ts, drawn there
 * with the law seed): a loop that never yields cannot be timed out from inside the thread that
 * runs it, so this thread watches the worker's word before each call and terminates it past
 * `HANG_MS`, naming the list, then starts a fresh one for the next export.
 */
const hostileRunner = () => {
  let worker: Worker | undefined
  const start = (): Worker =>
    new Worker(built('test/laws/plainDataWorker.ts'), {
      workerData: { seed: lawSeed, runs: HOSTILE_RUNS, boundMs: BOUND_MS } satisfies PlainDataWorkerData
    })
  const run = (request: string | { readonly loop: true }, hangMs: number = HANG_MS): Promise<string> =>
    new Promise((resolve) => {
      const w = (worker ??= start())
      let list = -1
      let timer: ReturnType<typeof setTimeout> | undefined
      const finish = (failure: string, stopWorker: boolean): void => {
        clearTimeout(timer)
        w.off('message', onMessage)
        w.off('error', onError)
        if (stopWorker) {
          worker = undefined
          void w.terminate()
        }
        resolve(failure)
      }
      const arm = (ms: number): void => {
        clearTimeout(timer)
        timer = setTimeout(
          () => finish(`arguments ${list}: no answer within ${hangMs} ms (a hang; the worker was terminated)`, true),
          ms
        )
      }
      const onMessage = (m: PlainDataMessage): void => {
        if (m._tag === 'Calling') {
          list = m.list
          arm(hangMs)
        } else finish(m.failure, false)
      }
      const onError = (e: Error): void => finish(`the worker failed: ${e.message}`, true)
      w.on('message', onMessage)
      w.on('error', onError)
      arm(START_MS)
      w.postMessage(request)
    })
  return { run, close: () => worker?.terminate() }
}

describe(`every export that takes plain data answers hostile values, without a throw or a hang (seed ${lawSeed}, ${HOSTILE_RUNS} argument lists each)`, () => {
  const runner = hostileRunner()
  afterAll(() => runner.close())

  it('finds the exports by walking the root entry, nested namespaces included', () => {
    const names = plainDataExports.map(([name]) => name)
    expect(names.length).toBeGreaterThan(100)
    for (const n of [
      'Advanced.Codec.contextPath',
      'Advanced.Codec.decodeError',
      'Codec.TreeC',
      'NN.Information.entropy',
      'Optim.lion',
      'Tree.sumAll',
      'Train.lossAndGrad'
    ])
      expect(names).toContain(n)
  })

  it.each(plainDataExports.map(([name]) => name))('%s', async (name) => {
    expect(await runner.run(name)).toBe('none')
  })

  it('can fail: the bound catches a loop over a declared length, a getter read is a throw, and a loop that never ends is terminated', async () => {
    const looping = (u: { readonly length: number }): number => {
      let s = 0
      for (let i = 0; i < u.length; i++) s += i
      return s
    }
    expect(await callWithin(looping, [{ length: 2 ** 27 }], 10)).toBe('slow')
    expect(await callWithin((u: { readonly _tag: unknown }) => u._tag, [throwingGetter('_tag')], BOUND_MS)).toBe(
      'threw'
    )
    expect(await callWithin(Advanced.Codec.contextPath, [[]], BOUND_MS)).toBe('answered')
    expect(await runner.run({ loop: true }, 2000)).toMatch(/^arguments 0: no answer within 2000 ms/)
  })
})
