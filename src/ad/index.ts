/**
 * The public face of `ad/`: reverse-mode differentiation over parameter records.
 *
 * @since 0.1.0
 */
export * from './ops/index.js'
export { constant, isVar, lift, toNumber, type Operand, type Var } from './Var.js'
export { evaluate, grad, value, valueAndGrad, type Traced, type ValueAndGrad } from './valueAndGrad.js'
/** The parameters `valueAndGrad` differentiates: tree's `Params`, named here too. */
export type { Params } from '../tree/index.js'
export { identityRule, logistic, rectifierRule, sigmoidRule, tanhRule, type ActivationRule } from './activationRules.js'
export { customOp, NO_GRADIENT, type CustomOp, type Forward } from './customOp.js'
export { checkGrad, type GradCheck, type GradCheckOptions } from './checkGrad.js'
export { invalidFunction, nonFiniteLeaf, type AdError, type InvalidFunction, type NonFiniteLeaf } from './AdError.js'
export { compile, type Program } from './program.js'
export { applyKernel, type Kernel } from './kernel.js'
