/**
 * The library's optimizers compiled for parameters held flat: the rule an optimizer is made of
 * (`Optim.ruleOf`) run on one buffer per parameter leaf, with its state loaded from the
 * general path's state value and handed back in that value's structure, every element computed
 * by the formula, in the order, of the transformation's own `update` (the fused epoch's
 * compiler, `train/fused/optimizer.ts`). For kernels that keep the parameters flat outside this
 * layer: the worker-thread kernel of `gradfold/node`.
 *
 * @since 0.2.0
 */
import type { UpdateRule } from '../optim/UpdateRule.js'
import type { Tree } from '../tree/Tree.js'
import { compileOptimizer, type Loader } from './fused/optimizer.js'

/**
 * `rule` compiled for parameters of `template`'s layout: a loader that takes an optimizer state
 * and answers the stage that transforms flat gradients into flat updates in place (`apply`)
 * and saves its state (`save`), or `undefined` for a state of another structure.
 *
 * @internal
 */
export const flatOptimizer = (rule: UpdateRule, template: Tree): Loader => compileOptimizer(rule, template)
