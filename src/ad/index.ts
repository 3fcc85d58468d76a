/**
 * The public face of `ad/`: reverse-mode differentiation over parameter records.
 *
 * @since 0.1.0
 */
export * from './ops/index.js'
export { constant, lift, toNumber, type Operand, type Var } from './Var.js'
export { evaluate, grad, value, valueAndGrad, type Traced, type ValueAndGrad } from './valueAndGrad.js'
export { customOp, NO_GRADIENT, type CustomOp } from './customOp.js'
export { checkGrad, type GradCheck, type GradCheckOptions } from './checkGrad.js'
export { type AdError } from './AdError.js'
export { logistic } from './activationRules.js'
