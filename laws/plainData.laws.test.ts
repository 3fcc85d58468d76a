import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lawParameters } from './config.js'
import { places, refusesNamingExpected } from './plainData.js'

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
