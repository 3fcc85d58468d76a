/**
 * How the law runners drive fast-check: one fixed seed for every run, printed, so that a
 * failure replays; `GRADFOLD_LAW_SEED` and `GRADFOLD_LAW_RUNS` override for exploration.
 *
 * @since 0.1.0
 */

/**
 * The seed every law runner uses unless `GRADFOLD_LAW_SEED` says otherwise.
 *
 * @category constants
 * @since 0.1.0
 */
export const lawSeed: number = Number(process.env['GRADFOLD_LAW_SEED'] ?? 20261126)

/**
 * Runs per law: at least 200, more when `GRADFOLD_LAW_RUNS` asks for more.
 *
 * @category constants
 * @since 0.1.0
 */
export const lawRuns: number = Math.max(200, Number(process.env['GRADFOLD_LAW_RUNS'] ?? 200))

/**
 * The fast-check parameters of a law run, for `fc.assert(property, lawParameters)`.
 *
 * @category constants
 * @since 0.1.0
 */
export const lawParameters = { seed: lawSeed, numRuns: lawRuns } as const
