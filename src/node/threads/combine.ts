/**
 * The shards' gradients combined over flat buffers, a slice of the parameters at a time, so
 * that the worker threads share the work: the additions of `Advanced.Train.combineShards`'s fixed
 * pairwise tree, then the mean (`c = 1 / rows`, as `Tree.scale` multiplies), then, for plain SGD,
 * the update (`k = −lr`, as the flat rule multiplies) and the new parameter, in one pass.
 * Every element goes through the same operations in the same order whoever computes it and
 * however the parameters are sliced, so the bits are those of the general path's combination
 * and step.
 *
 * The loops are functions of their arrays alone (not closures over buffers), so that every
 * kernel and every worker runs the same optimized code.
 *
 * @internal
 * @since 0.2.0
 */

const trees = new Map<number, ReadonlyArray<readonly [number, number]>>()

/**
 * The additions of the fixed pairwise tree over `count` shards (a binary counter, then its
 * partial sums from the newest to the oldest), as pairs of slots `[into, from]`: each sum goes
 * into its first slot, so the last pair's sum is the total.
 *
 * @internal
 */
export const additions = (count: number): ReadonlyArray<readonly [number, number]> => {
  const hit = trees.get(count)
  if (hit !== undefined) return hit
  const out: Array<readonly [number, number]> = []
  const stack: Array<{ shards: number; slot: number }> = []
  for (let k = 0; k < count; k++) {
    let top = { shards: 1, slot: k }
    while (stack.length > 0 && stack[stack.length - 1]!.shards === top.shards) {
      const below = stack.pop()!
      out.push([below.slot, top.slot])
      top = { shards: 2 * top.shards, slot: below.slot }
    }
    stack.push(top)
  }
  let total = stack[stack.length - 1]!.slot
  for (let i = stack.length - 2; i >= 0; i--) {
    out.push([stack[i]!.slot, total])
    total = stack[i]!.slot
  }
  trees.set(count, out)
  return out
}

/**
 * Slice `index` of `threads` of `n` elements, `[lo, hi)`.
 *
 * @internal
 */
export const sliceOf = (n: number, index: number, threads: number): readonly [number, number] => [
  Math.floor((n * index) / threads),
  Math.floor((n * (index + 1)) / threads)
]

/** `r[into + e] += r[from + e]` for `e` in `[lo, hi)`. */
const addRange = (r: Float64Array, into: number, from: number, lo: number, hi: number): void => {
  for (let e = lo; e < hi; e++) r[into + e] = r[into + e]! + r[from + e]!
}

// The loops below are written for speed on a slice of about 50k elements, a step's serial part
// (measured in V8: a `b < 0 ? … : …` inside the loop, or a `finite = false` branch, doubles the
// time per element; a running sum of `w − w`, +0 for a finite `w` and NaN otherwise, does not).
// The two-shard loops walk the slice's four quarters side by side, an element of each a turn:
// four independent chains of loads and sums in flight instead of one, about a fifth less time
// (W1's 101 770 parameters, SGD, one thread: 0.17 -> 0.14 ms); every element still gets its
// own operations, and the sum of `w − w` is NaN exactly when one term is, whatever its order.

/** `u[e] = c·(r[a + e] + r[b + e])` for `e` in `[lo, hi)`; whether all are finite. */
const meanPair = (u: Float64Array, r: Float64Array, a: number, b: number, c: number, lo: number, hi: number) => {
  const q = (hi - lo) >> 2
  const l1 = lo + q
  const l2 = l1 + q
  const l3 = l2 + q
  let check = 0
  for (let e = 0; e < q; e++) {
    const i0 = lo + e
    const i1 = l1 + e
    const i2 = l2 + e
    const i3 = l3 + e
    const g0 = c * (r[a + i0]! + r[b + i0]!)
    const g1 = c * (r[a + i1]! + r[b + i1]!)
    const g2 = c * (r[a + i2]! + r[b + i2]!)
    const g3 = c * (r[a + i3]! + r[b + i3]!)
    u[i0] = g0
    u[i1] = g1
    u[i2] = g2
    u[i3] = g3
    check += g0 - g0 + (g1 - g1) + (g2 - g2 + (g3 - g3))
  }
  for (let e = l3 + q; e < hi; e++) {
    const g = c * (r[a + e]! + r[b + e]!)
    check += g - g
    u[e] = g
  }
  return check === 0
}

/** `u[e] = c·r[a + e]` for `e` in `[lo, hi)` (a single shard); whether all are finite. */
const meanOne = (u: Float64Array, r: Float64Array, a: number, c: number, lo: number, hi: number) => {
  let check = 0
  for (let e = lo; e < hi; e++) {
    const g = c * r[a + e]!
    check += g - g
    u[e] = g
  }
  return check === 0
}

/**
 * `p[e] += k·(c·(r[a + e] + r[b + e]))` for `e` in `[lo, hi)`: the mean gradient, its update and
 * the new parameter as the general path computes them one after the other; whether every new
 * parameter is finite (then so were the gradient and the update: a non-finite one makes the sum
 * non-finite).
 */
const sgdPair = (
  p: Float64Array,
  r: Float64Array,
  a: number,
  b: number,
  c: number,
  k: number,
  lo: number,
  hi: number
): boolean => {
  const q = (hi - lo) >> 2
  const l1 = lo + q
  const l2 = l1 + q
  const l3 = l2 + q
  let check = 0
  for (let e = 0; e < q; e++) {
    const i0 = lo + e
    const i1 = l1 + e
    const i2 = l2 + e
    const i3 = l3 + e
    const w0 = p[i0]! + k * (c * (r[a + i0]! + r[b + i0]!))
    const w1 = p[i1]! + k * (c * (r[a + i1]! + r[b + i1]!))
    const w2 = p[i2]! + k * (c * (r[a + i2]! + r[b + i2]!))
    const w3 = p[i3]! + k * (c * (r[a + i3]! + r[b + i3]!))
    p[i0] = w0
    p[i1] = w1
    p[i2] = w2
    p[i3] = w3
    check += w0 - w0 + (w1 - w1) + (w2 - w2 + (w3 - w3))
  }
  for (let e = l3 + q; e < hi; e++) {
    const w = p[e]! + k * (c * (r[a + e]! + r[b + e]!))
    check += w - w
    p[e] = w
  }
  return check === 0
}

/** `p[e] += k·(c·r[a + e])` for `e` in `[lo, hi)` (a single shard); whether every new parameter is finite. */
const sgdOne = (p: Float64Array, r: Float64Array, a: number, c: number, k: number, lo: number, hi: number) => {
  let check = 0
  for (let e = lo; e < hi; e++) {
    const w = p[e]! + k * (c * r[a + e]!)
    check += w - w
    p[e] = w
  }
  return check === 0
}

/**
 * What to do with the combined gradient: `mean` writes it into `update`; `sgd` takes the step
 * on `params` (`k = −lr`).
 *
 * @internal
 */
export type Apply = 'mean' | 'sgd'

/**
 * Elements `[lo, hi)` of the `count` shards' slots (`width` numbers each, in `r`) combined in the
 * fixed tree, then the mean (`c`) written into `update`, or the SGD step (`k`) taken on
 * `params`; whether every number written is finite.
 *
 * @internal
 */
export const combineSlice = (
  apply: Apply,
  r: Float64Array,
  width: number,
  count: number,
  c: number,
  k: number,
  target: Float64Array,
  lo: number,
  hi: number
): boolean => {
  const tree = additions(count)
  for (let j = 0; j + 1 < tree.length; j++) addRange(r, tree[j]![0] * width, tree[j]![1] * width, lo, hi)
  const last = tree[tree.length - 1]
  if (last === undefined)
    return apply === 'mean' ? meanOne(target, r, 0, c, lo, hi) : sgdOne(target, r, 0, c, k, lo, hi)
  const [a, b] = [last[0] * width, last[1] * width]
  return apply === 'mean' ? meanPair(target, r, a, b, c, lo, hi) : sgdPair(target, r, a, b, c, k, lo, hi)
}

/**
 * The shards' summed losses (element `n` of each slot) combined in the fixed tree.
 *
 * @internal
 */
export const combinedValue = (r: Float64Array, width: number, count: number, n: number): number => {
  const values: Array<number> = []
  for (let s = 0; s < count; s++) values.push(r[s * width + n]!)
  for (const [into, from] of additions(count)) values[into] = values[into]! + values[from]!
  return values[0]!
}
