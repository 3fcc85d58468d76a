/**
 * Every differentiable op, re-exported by `ad/index.ts`.
 *
 * @since 0.1.0
 */
export { add, addScalar, div, exp, log, log2, mul, neg, pow, scale, sqrt, square, sub } from './arithmetic.js'
export * from './linear.js'
export * from './reduce.js'
export * from './activations.js'
export * from './softmax.js'
export { xlogy } from './xlogy.js'
export { abs, maximum, minimum, where, whereElse } from './piecewise.js'
