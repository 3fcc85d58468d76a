// Small tensors written out by hand for the tensor tests.
import { fromNested } from '../../src/tensor/nested.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getRight } from '../either.js'

export const t = (nested: unknown): Tensor => getRight(fromNested(nested))
export const values = (x: Tensor): ReadonlyArray<number> => Array.from(x.data)
