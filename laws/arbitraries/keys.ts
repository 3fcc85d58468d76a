/**
 * fast-check arbitraries for gradfold's laws: random keys.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import { unsafeKey, type Key } from '../../src/random/Key.js'

/**
 * PRNG keys: any two uint32 words, with fast-check's usual bias towards 0, 1 and 2^32 − 1.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * fc.sample(Arbitraries.arbKey, { seed: 1, numRuns: 20 }).every(Advanced.Random.isKey) // => true
 *
 * @category keys
 * @since 0.1.0
 */
export const arbKey: fc.Arbitrary<Key> = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([k0, k1]) => unsafeKey(k0, k1))
