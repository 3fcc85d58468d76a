import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Advanced from '../src/advanced.js'
import { Tensor } from '../src/index.js'
import { hostile, throwingGetter } from './arbitraries/hostile.js'
import { lawParameters, lawSeed } from './config.js'
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

/** Argument lists per export: hostile values are cheap to answer, when answered right. */
const HOSTILE_RUNS = 100

/**
 * The argument lists, drawn once with the law seed: four arguments (for up to four curried
 * calls), each hostile (getters, `toString` or `valueOf` that throw, arrays declaring 2^32 − 1
 * items, `__proto__` and `constructor` keys, ten thousand levels of nesting, numbers where
 * records are expected) or a small number, so that a call gets past a count to the next argument.
 */
const argLists: ReadonlyArray<ReadonlyArray<unknown>> = fc.sample(
  fc.array(fc.oneof({ weight: 4, arbitrary: hostile }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }), {
    minLength: 4,
    maxLength: 4
  }),
  { seed: lawSeed, numRuns: HOSTILE_RUNS }
)

/** The first argument list on which `f` throws or runs past the bound, described, or 'none'. */
const firstFailure = async (f: unknown): Promise<string> => {
  for (let i = 0; i < argLists.length; i++) {
    const outcome = await callWithin(f, argLists[i]!, BOUND_MS)
    if (outcome !== 'answered')
      return `arguments ${i} (${argLists[i]!.map((a) => Tensor.describe(a)).join(', ')}): ${outcome}`
  }
  return 'none'
}

// Not yet run: on the hostile argument lists one export still loops without end (a count read
// from its input and not bounded first: Codec.contextPath was one, now bounded), and a loop that
// never yields cannot be timed out from inside the process. Each export needs running on its own
// (a worker thread per export, terminated past the bound) before this law can join the suite.
describe.skip('every export that takes plain data answers hostile values, without a throw or a hang', () => {
  it('finds the exports by walking the root entry, nested namespaces included', () => {
    const names = plainDataExports.map(([name]) => name)
    expect(names.length).toBeGreaterThan(100)
    for (const n of [
      'Advanced.Codec.contextPath',
      'Advanced.Codec.decodeError',
      'Codec.TreeC',
      'NN.Information.entropy',
      'Optim.lion'
    ])
      expect(names).toContain(n)
  })

  it.each(plainDataExports)('%s', async (_name, f) => {
    expect(await firstFailure(f)).toBe('none')
  })

  it('can fail: the bound catches a loop over a declared length, and a getter read is a throw', async () => {
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
  })
})
