/**
 * Pure, splittable randomness: keys and the draws they give. A draw takes its key last and
 * returns values; nothing reads or advances a hidden generator.
 *
 * @since 0.1.0
 */
export { type Key, foldIn, key, split, split2 } from './Key.js'
export { type UniformOptions, uniform } from './uniform.js'
export { type NormalOptions, normal } from './normal.js'
export { integers, randint } from './integers.js'
export { permutation } from './permutation.js'
export { bernoulli } from './bernoulli.js'
