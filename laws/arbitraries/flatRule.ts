/**
 * fast-check arbitraries for the flat-rule laws: parameter records of tensors with the values
 * that make floating point interesting (±0, subnormals, values whose squares overflow),
 * gradient runs of their structure, and hyperparameters for any block or optimizer entry drawn
 * from a pool of values its ranges filter.
 *
 * @since 0.3.0
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { AnyTransformation } from '../../src/optim/chain.js'
import type { BlockEntry, BlockSpec, OptimizerEntry } from '../../src/optim/Entry.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import type { Tree } from '../../src/tree/Tree.js'

/**
 * A double that is mostly ordinary, sometimes ±0, subnormal or huge (its square, or a sum of a
 * few, overflows).
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.edgyDouble, { seed: 1, numRuns: 200 }).some((x) => x !== 0 && Math.abs(x) < 2.2250738585072014e-308) // => true
 *
 * @category flat rules
 * @since 0.3.0
 */
export const edgyDouble: fc.Arbitrary<number> = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0) },
  { weight: 2, arbitrary: fc.double({ min: -4e-308, max: 4e-308, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 1e150, max: 1e308, noNaN: true }).chain((x) => fc.constantFrom(x, -x)) }
)

/** A tensor of `shape` with edgy values. */
const edgyTensor = (shape: ReadonlyArray<number>): fc.Arbitrary<Tensor> => {
  const n = shape.reduce((a, d) => a * d, 1)
  return fc.array(edgyDouble, { minLength: n, maxLength: n }).map((xs) => unsafeMake(shape, Float64Array.from(xs)))
}

/** `{ x0, nest: { x1, …, xn } }`: one leaf at the top, the others one level down. */
const recordOf = (leaves: ReadonlyArray<Tensor>): Tree => ({
  x0: leaves[0]!,
  nest: Object.fromEntries(leaves.slice(1).map((t, i) => [`x${i + 1}`, t]))
})

/**
 * Parameters (a record of one to four tensors of rank 0 to 2) and a run of one to four
 * gradients of their structure, all with edgy values.
 *
 * @example
 * import fc from 'fast-check'
 * import { Tree } from 'gradfold'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.flatRun, { seed: 1, numRuns: 20 }).every((r) => r.grads.every((g) => Tree.paths(g).join() === Tree.paths(r.params).join())) // => true
 *
 * @category flat rules
 * @since 0.3.0
 */
export const flatRun: fc.Arbitrary<{ readonly params: Tree; readonly grads: ReadonlyArray<Tree> }> = fc
  .array(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }), { minLength: 1, maxLength: 4 })
  .chain((shapes) => {
    const tree = fc.tuple(...shapes.map(edgyTensor)).map(recordOf)
    return fc.record({ params: tree, grads: fc.array(tree, { minLength: 1, maxLength: 4 }) })
  })

/** Hyperparameters are drawn from these and kept where a range (or a constructor) takes them. */
const POOL = [0, -0, 1e-8, 0.001, 0.1, 0.125, 0.5, 0.9, 0.99, 0.999, 1, 2, 1e3, -0.5, -1]

/**
 * A transformation a block entry builds from generated fields (numbers from a pool, flags
 * either way); the constructor's refusals are drawn again.
 *
 * @example
 * import fc from 'fast-check'
 * import { Optim } from 'gradfold'
 * import { Arbitraries } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * fc.sample(Arbitraries.blockOf(Advanced.Optim.blocks[1]!), { seed: 1, numRuns: 5 }).every((t) => Optim.encodeOptimizer(t)._tag === 'Some') // => true
 *
 * @category flat rules
 * @since 0.3.0
 */
export const blockOf = (entry: BlockEntry): fc.Arbitrary<AnyTransformation> =>
  fc
    .tuple(...entry.fields.map(([, kind]) => (kind === 'flag' ? fc.boolean() : fc.constantFrom(...POOL))))
    .map((values) =>
      entry.build({
        _tag: entry.tag,
        ...Object.fromEntries(entry.fields.map(([f], i) => [f, values[i]!]))
      } as BlockSpec)
    )
    .filter(E.isRight)
    .map((r) => r.right)

/**
 * An optimizer an entry builds from a generated rate and fields in their ranges.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * fc.sample(Arbitraries.optimizerOf(Advanced.Optim.optimizers[3]!), { seed: 1, numRuns: 5 }).every((t) => typeof t.learningRate === 'function') // => true
 *
 * @category flat rules
 * @since 0.3.0
 */
export const optimizerOf = (entry: OptimizerEntry): fc.Arbitrary<AnyTransformation> =>
  fc
    .tuple(
      fc.constantFrom(0.001, 0.1, 0.5, 2),
      ...entry.fields.map(([, range]) => fc.constantFrom(...POOL.filter(range.test)))
    )
    .map(([lr, ...values]) => entry.build(lr, Object.fromEntries(entry.fields.map(([f], i) => [f, values[i]!]))))
    .filter(E.isRight)
    .map((r) => r.right)
