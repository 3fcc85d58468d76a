/**
 * The collections every description of optimizers derives from: the blocks a model file's
 * optimizer spec is made of (`OptimizerSpecC`, `decodeOptimizer`) and the optimizers a config names
 * (the command's config, its help). The library's first blocks and optimizers are listed here;
 * those of `optim/optimizers.ts` are found among its exports.
 *
 * @since 0.3.0
 */
import { addDecayedWeightsBlock } from './addDecayedWeights.js'
import { aliasEntries } from './alias.js'
import { clipByGlobalNormBlock } from './clipByGlobalNorm.js'
import { clipByValueBlock } from './clipByValue.js'
import { isBlockEntry, isOptimizerEntry, type BlockEntry, type OptimizerEntry } from './Entry.js'
import { identityBlock } from './identity.js'
import * as more from './optimizers.js'
import { scaleBlock } from './scale.js'
import { scaleByAdamBlock } from './scaleByAdam.js'
import { scaleByLearningRateBlock } from './scaleByLearningRate.js'
import { scaleByRmsBlock } from './scaleByRms.js'
import { scaleByRssBlock } from './scaleByRss.js'
import { traceMomentumBlock } from './traceMomentum.js'

/**
 * Every block a model file's optimizer spec may name, by its `_tag`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.blocks.map((b) => b.tag).slice(0, 3) // => ['identity', 'scale', 'scaleByLearningRate']
 *
 * @category collections
 * @since 0.3.0
 */
export const blocks: ReadonlyArray<BlockEntry> = [
  identityBlock,
  scaleBlock,
  scaleByLearningRateBlock,
  traceMomentumBlock,
  scaleByAdamBlock,
  scaleByRmsBlock,
  scaleByRssBlock,
  addDecayedWeightsBlock,
  clipByGlobalNormBlock,
  clipByValueBlock,
  ...Object.values(more).filter(isBlockEntry)
]

/**
 * Every optimizer a config may name, by its name.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.optimizers.map((o) => o.name).slice(0, 3) // => ['sgd', 'momentum', 'nesterov']
 *
 * @category collections
 * @since 0.3.0
 */
export const optimizers: ReadonlyArray<OptimizerEntry> = [
  ...aliasEntries,
  ...Object.values(more).filter(isOptimizerEntry)
]
