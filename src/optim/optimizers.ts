/**
 * The optimizers that live each in one file, with their transformation, their flat rule, their
 * entries and nothing internal: one line here makes an optimizer public (`Optim.lion`), a block
 * of model files (`Advanced.Optim.blocks`) and a choice of the command's config (`Advanced.Optim.optimizers`).
 *
 * @since 0.3.0
 */
export * from './adamax.js'
export * from './lion.js'
