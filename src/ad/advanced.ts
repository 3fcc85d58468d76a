/**
 * The plumbing of `ad/` that `AD` leaves out: the activation rules of the fused dense layer, the
 * kernel seam of `customOp`, the compiled program, and the error constructors. For writing an op
 * or a fast path of your own.
 *
 * @since 0.3.0
 */
export { isVar } from './Var.js'
export type { Params } from '../tree/index.js'
export {
  identityRule,
  rectifierRule,
  sigmoidRule,
  tanhRule,
  type ActivationRule,
  type RuleSource
} from './activationRules.js'
export { type Forward } from './customOp.js'
export { invalidFunction, nonFiniteLeaf, type InvalidFunction, type NonFiniteLeaf } from './AdError.js'
export { compile, type Program } from './program.js'
export { applyKernel, type Kernel } from './kernel.js'
export type { BlockEmitter, ElementwiseEmitter, Emitter, PullbackSite, Scope, Site } from './codegen/emit.js'
export { type LogBase } from './ops/xlogy.js'
