// Arbitrary model files: every architecture part drawn (sizes, activations, bias, loss), with
// parameters, standardiser, names and metadata that fit it; floats over every finite double,
// −0 included.
import fc from 'fast-check'
import type { Json } from '../../src/codec/JsonC.js'
import type { Standardizer } from '../../src/data/Standardizer.js'
import type { Activation } from '../../src/nn/activations.js'
import type { Dense } from '../../src/nn/dense.js'
import { LOSS_NAMES } from '../../src/nn/lossName.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import type { Architecture, ModelFile } from '../../src/train/files/ModelFile.js'

const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true })
const positive = fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true })

const tensorOf = (shape: ReadonlyArray<number>, value: fc.Arbitrary<number> = anyFinite): fc.Arbitrary<Tensor> => {
  const n = shape.reduce((a, b) => a * b, 1)
  return fc.array(value, { minLength: n, maxLength: n }).map((xs) => unsafeMake(shape, Float64Array.from(xs)))
}

const activation: fc.Arbitrary<Activation> = fc.oneof(
  fc.constantFrom<Activation>('sigmoid', 'tanh', 'relu', 'leakyRelu', 'softmax', 'identity'),
  fc.double({ min: 0.001, max: 0.5, noNaN: true }).map((a) => ({ leakyRelu: a }))
)

/** An architecture of 1 to 3 layers, each size 1 to 4. */
export const architecture: fc.Arbitrary<Architecture> = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 })
  .chain((sizes) =>
    fc.record({
      sizes: fc.constant(sizes),
      activations: fc.array(activation, { minLength: sizes.length - 1, maxLength: sizes.length - 1 }),
      bias: fc.boolean(),
      loss: fc.constantFrom(...LOSS_NAMES)
    })
  )

const layers = (a: Architecture): fc.Arbitrary<ReadonlyArray<Dense>> =>
  fc.tuple(
    ...a.sizes.slice(1).map((out, i) => {
      const w = tensorOf([a.sizes[i] as number, out])
      return a.bias ? fc.record({ w, b: tensorOf([out]) }) : fc.record({ w })
    })
  )

const standardizer = (inputs: number): fc.Arbitrary<Standardizer | null> =>
  fc.option(
    fc.record({ mean: tensorOf([inputs]), std: tensorOf([inputs], positive) }).map((s) => ({
      _tag: 'Standardizer' as const,
      ...s
    })),
    { nil: null }
  )

const names = (n: number): fc.Arbitrary<ReadonlyArray<string> | null> =>
  fc.option(fc.uniqueArray(fc.string(), { minLength: n, maxLength: n }), { nil: null })

/** JSON as `JSON.parse` gives it back (so with no −0, which JSON text cannot keep). */
const json: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as Json)

/** A model file whose parts all fit its architecture. */
export const modelFile: fc.Arbitrary<ModelFile> = architecture.chain((a) =>
  fc.record({
    _tag: fc.constant('ModelFile' as const),
    architecture: fc.constant(a),
    params: layers(a),
    preparation: fc.constant(null),
    standardizer: standardizer(a.sizes[0] as number),
    classes: names(Math.max(2, a.sizes[a.sizes.length - 1] as number)),
    featureNames: names(a.sizes[0] as number),
    metadata: fc.record({
      gradfoldVersion: fc.string(),
      training: json,
      metrics: fc.dictionary(fc.string(), anyFinite)
    })
  })
)
