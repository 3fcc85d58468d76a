import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/index.js'

describe('random/index', () => {
  it('exports the keys and the draws, and no internals', () => {
    expect(Object.keys(_).sort()).toEqual(
      [
        'Eq',
        'bernoulli',
        'bits',
        'foldIn',
        'fromWords',
        'integers',
        'isKey',
        'key',
        'normal',
        'permutation',
        'randint',
        'split',
        'split2',
        'uniform'
      ].sort()
    )
  })
})
