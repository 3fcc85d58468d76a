/**
 * How the law runners drive fast-check: one fixed seed for every run, printed, so that a
 * failure replays; `GRADFOLD_LAW_SEED` and `GRADFOLD_LAW_RUNS` override for exploration.
 *
 * @since 0.1.0
 */

/**
 * The seed every law runner uses unless `GRADFOLD_LAW_SEED` says otherwise.
 *
 * @example
 * import { lawSeed } from 'gradfold/laws'
 * // 20261126 unless GRADFOLD_LAW_SEED says otherwise: a failing law replays with the seed it printed
 * typeof lawSeed // => 'number'
 *
 * @category constants
 * @since 0.1.0
 */
export const lawSeed: number = Number(process.env['GRADFOLD_LAW_SEED'] ?? 20261126)

/**
 * Runs per law: at least 200, more when `GRADFOLD_LAW_RUNS` asks for more.
 *
 * @example
 * import { lawRuns } from 'gradfold/laws'
 * // at least 200 (GRADFOLD_LAW_RUNS may ask for more, never fewer)
 * lawRuns >= 200 // => true
 *
 * @category constants
 * @since 0.1.0
 */
export const lawRuns: number = Math.max(200, Number(process.env['GRADFOLD_LAW_RUNS'] ?? 200))

/**
 * The fast-check parameters of a law run, for `fc.assert(property, lawParameters)`.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, TreeLaws, lawParameters } from 'gradfold/laws'
 * // a law of your own, run with the suite's seed and number of runs
 * fc.assert(fc.property(Arbitraries.tree(), TreeLaws.zeroIsUnit), lawParameters)
 * Object.keys(lawParameters) // => ['seed', 'numRuns']
 *
 * @category constants
 * @since 0.1.0
 */
export const lawParameters = { seed: lawSeed, numRuns: lawRuns } as const
