/**
 * fast-check arbitraries for gradfold's laws: finite doubles and doubles drawn uniformly from a
 * range.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'

/**
 * Finite doubles of moderate magnitude (|x| ≤ `max`, default 1e3), so that sums and products
 * of a few of them stay far from overflow and relative tolerances mean something.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.finiteDouble(10), { seed: 1, numRuns: 20 }).every((x) => Number.isFinite(x) && Math.abs(x) <= 10) // => true
 *
 * @category numbers
 * @since 0.1.0
 */
export const finiteDouble = (max = 1e3): fc.Arbitrary<number> =>
  fc.double({ min: -max, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x))
