/**
 * The version of gradfold, as `package.json` gives it (a test keeps the two the same); model
 * files record it.
 *
 * @since 0.2.0
 */

/**
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.VERSION // '0.1.0'
 *
 * @category constants
 * @since 0.2.0
 */
export const VERSION = '0.1.0'
