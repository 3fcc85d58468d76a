/**
 * The plumbing of `random/` that `Random` leaves out: the key's words, its equality and its guard,
 * and the raw 32-bit draws. For writing a sampler of your own.
 *
 * @since 0.3.0
 */
export { Eq, fromWords, isKey } from './Key.js'
export { bits } from './bits.js'
