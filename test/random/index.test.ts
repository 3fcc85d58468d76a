import { describe, expect, it } from 'vitest'
import * as Advanced from '../../src/random/advanced.js'
import * as _ from '../../src/random/index.js'

describe('random/index', () => {
  it('exports the keys and the draws, and no internals', () => {
    // what the layer exports, between `random/index.ts` and the plumbing in `random/advanced.ts`
    expect([...Object.keys(_), ...Object.keys(Advanced)].sort()).toEqual(
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
