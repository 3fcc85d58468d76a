import fc from 'fast-check'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import * as Gradfold from '../src/index.js'
import { Codec, Optim, Tensor } from '../src/index.js'
import { lawSeed } from './config.js'
import { libraryTyped, typedCallIsTotal } from './libraryTyped.js'
import * as _ from './totality.js'

// -------------------------------------------------------------------------------------
// the exports, walked programmatically
// -------------------------------------------------------------------------------------

type Exports = ReadonlyArray<readonly [name: string, value: unknown]>

/** Every export of every namespace of the root entry, as `Namespace.name`. */
const exportsOfRoot: Exports = Object.entries(Gradfold).flatMap(([ns, mod]) =>
  Object.entries(mod as object).map(([k, v]) => [`${ns}.${k}`, v] as const)
)

const isCodec = (u: unknown): u is t.Type<unknown, unknown, unknown> => u instanceof t.Type

const sgd = (() => {
  const o = Optim.sgd(0.1)
  if (o._tag === 'Left') throw new Error('sgd(0.1) is refused')
  return o.right
})()
const tensor = Tensor.zeros([2, 1])
if (tensor._tag === 'Left') throw new Error('zeros([2, 1]) is refused')
const template = { w: tensor.right, b: 0 }

/**
 * How to make a codec from each export that makes one (a function named `…C`): the test below
 * checks that this table names exactly those exports.
 */
const codecFactories: Readonly<Record<string, () => t.Type<unknown, unknown, unknown>>> = {
  'Codec.TensorOfShapeC': () => Codec.TensorOfShapeC([2, 1]) as t.Type<unknown, unknown, unknown>,
  'Codec.TreeC': () => Codec.TreeC(template) as t.Type<unknown, unknown, unknown>,
  'Optim.TraceMomentumStateC': () => Optim.TraceMomentumStateC(template) as t.Type<unknown, unknown, unknown>,
  'Optim.ScaleByAdamStateC': () => Optim.ScaleByAdamStateC(template) as t.Type<unknown, unknown, unknown>,
  'Optim.ScaleByRmsStateC': () => Optim.ScaleByRmsStateC(template) as t.Type<unknown, unknown, unknown>,
  'Optim.ScaleByRssStateC': () => Optim.ScaleByRssStateC(template) as t.Type<unknown, unknown, unknown>,
  'Train.CheckpointC': () => Gradfold.Train.CheckpointC(template, sgd) as t.Type<unknown, unknown, unknown>
}

/** Codec combinators: they build a codec from codecs (checked with one instance each). */
const codecCombinators: Readonly<Record<string, () => t.Type<unknown, unknown, unknown>>> = {
  'Codec.exactType': () =>
    Codec.exactType({ count: Codec.CountC, w: Codec.Float64C }, 'Pair') as t.Type<unknown, unknown, unknown>,
  'Codec.exactTuple': () => Codec.exactTuple([Codec.CountC, Codec.TensorC], 'Pair') as t.Type<unknown, unknown, unknown>
}

const decoders: ReadonlyArray<readonly [string, t.Type<unknown, unknown, unknown>]> = [
  ...exportsOfRoot.filter((e): e is readonly [string, t.Type<unknown, unknown, unknown>] => isCodec(e[1])),
  ...Object.entries(codecFactories).map(([name, make]) => [name, make()] as const),
  ...Object.entries(codecCombinators).map(([name, make]) => [name, make()] as const),
  ['Optim.sgd(0.1).stateC', sgd.stateC(template) as t.Type<unknown, unknown, unknown>]
]

// -------------------------------------------------------------------------------------
// decoders
// -------------------------------------------------------------------------------------

/** 10^4 values per decoder, as the issue asks: decoders are cheap, so this stays fast. */
const DECODER_RUNS = 10_000

/**
 * The 10^4 values, drawn once with the law seed and given to every decoder: drawing them is what
 * costs, decoding them is cheap.
 */
const values: ReadonlyArray<unknown> = fc.sample(_.jsonOrHostile, { seed: lawSeed, numRuns: DECODER_RUNS })

describe('totality of decoders', () => {
  it('finds every codec and codec factory among the exports', () => {
    const factories = exportsOfRoot
      .filter(([name, v]) => typeof v === 'function' && !isCodec(v) && /C$/.test(name))
      .map(([name]) => name)
      .sort()
    expect(factories).toEqual(Object.keys(codecFactories).sort())
    expect(decoders.length).toBeGreaterThanOrEqual(20)
  })

  it.each(decoders.map(([name, codec]) => [name, codec] as const))(
    '%s never throws on JSON or hostile values, through decode and Codec.decode',
    (_name, codec) => {
      const direct = _.decoderIsTotal((x) => codec.decode(x))
      const checked = _.decoderIsTotal(Codec.decode(codec))
      const failing = values.findIndex((u) => !direct(u) || !checked(u))
      expect(failing < 0 ? 'none' : `value ${failing}: ${Tensor.describe(values[failing])}`).toBe('none')
    }
  )
})

// -------------------------------------------------------------------------------------
// plain-data exports
// -------------------------------------------------------------------------------------

/**
 * Exports that still throw on a value of the wrong type, each with the kind of argument it
 * takes. They take tensors, AD variables, data sets, functions or records the library built,
 * which a caller gets from a constructor that validates, rather than plain JSON data; making
 * them total on `fc.anything()` is the work that remains. The test checks both ways: every name
 * here is an export, and every one of them does throw today (so a fixed one must leave the list).
 * An export whose every argument is a value the library builds, and which answers a bare value,
 * leaves this list for `libraryTyped` (laws/libraryTyped.ts) instead, where it is held to be
 * total on generated values of its declared type.
 */
const pending: Readonly<Record<string, string>> = {
  'AD.abs': 'AD variables',
  'AD.add': 'AD variables',
  'AD.addRow': 'AD variables',
  'AD.addScalar': 'AD variables',
  'AD.customOp': 'AD variables',
  'AD.div': 'AD variables',
  'AD.exp': 'AD variables',
  'AD.leakyRelu': 'AD variables',
  'AD.log': 'AD variables',
  'AD.log2': 'AD variables',
  'AD.logSoftmax': 'AD variables',
  'AD.logSumExp': 'AD variables',
  'AD.logistic': 'AD variables',
  'AD.matmul': 'AD variables',
  'AD.maximum': 'AD variables',
  'AD.mean': 'AD variables',
  'AD.meanAxis': 'AD variables',
  'AD.minimum': 'AD variables',
  'AD.mul': 'AD variables',
  'AD.neg': 'AD variables',
  'AD.pow': 'AD variables',
  'AD.relu': 'AD variables',
  'AD.scale': 'AD variables',
  'AD.sigmoid': 'AD variables',
  'AD.softmax': 'AD variables',
  'AD.sqrt': 'AD variables',
  'AD.square': 'AD variables',
  'AD.sub': 'AD variables',
  'AD.sum': 'AD variables',
  'AD.sumAxis': 'AD variables',
  'AD.tanh': 'AD variables',
  'AD.toNumber': 'AD variables',
  'AD.transpose': 'AD variables',
  'AD.where': 'AD variables',
  'AD.xlogy': 'AD variables',
  'Codec.TensorOfShapeC': 'a codec or an io-ts context',
  'Codec.contextPath': 'a codec or an io-ts context',
  'Codec.decode': 'a codec or an io-ts context',
  'Codec.decodeError': 'a codec or an io-ts context',
  'Codec.exactTuple': 'a codec or an io-ts context',
  'Codec.exactType': 'a codec or an io-ts context',
  'Codec.jsonFirst': 'a codec or an io-ts context',
  'NN.activate': 'tensors, AD variables or a layer spec',
  'NN.activationRule': 'tensors, AD variables or a layer spec',
  'NN.constant': 'tensors, AD variables or a layer spec',
  'NN.crossEntropy': 'tensors, AD variables or a layer spec',
  'NN.dense': 'tensors, AD variables or a layer spec',
  'NN.denseActivation': 'tensors, AD variables or a layer spec',
  'NN.fans': 'tensors, AD variables or a layer spec',
  'NN.glorotNormal': 'tensors, AD variables or a layer spec',
  'NN.glorotUniform': 'tensors, AD variables or a layer spec',
  'NN.halfSumSquares': 'tensors, AD variables or a layer spec',
  'NN.heNormal': 'tensors, AD variables or a layer spec',
  'NN.heUniform': 'tensors, AD variables or a layer spec',
  'NN.initializer': 'tensors, AD variables or a layer spec',
  'NN.leakyRelu': 'tensors, AD variables or a layer spec',
  'NN.lossByName': 'tensors, AD variables or a layer spec',
  'NN.mlp': 'tensors, AD variables or a layer spec',
  'NN.mse': 'tensors, AD variables or a layer spec',
  'NN.negativeSlope': 'tensors, AD variables or a layer spec',
  'NN.normal': 'tensors, AD variables or a layer spec',
  'NN.relu': 'tensors, AD variables or a layer spec',
  'NN.showActivation': 'tensors, AD variables or a layer spec',
  'NN.sigmoid': 'tensors, AD variables or a layer spec',
  'NN.sigmoidBinaryCrossEntropy': 'tensors, AD variables or a layer spec',
  'NN.softmax': 'tensors, AD variables or a layer spec',
  'NN.softmaxCrossEntropy': 'tensors, AD variables or a layer spec',
  'NN.tanh': 'tensors, AD variables or a layer spec',
  'NN.threeTwoThreeBatchLoss': 'tensors, AD variables or a layer spec',
  'NN.threeTwoThreeForward': 'tensors, AD variables or a layer spec',
  'NN.threeTwoThreeFromMlp': 'tensors, AD variables or a layer spec',
  'NN.threeTwoThreeLoss': 'tensors, AD variables or a layer spec',
  'NN.threeTwoThreeOutputsLoss': 'tensors, AD variables or a layer spec',
  'NN.threeTwoThreeToMlp': 'tensors, AD variables or a layer spec',
  'NN.uniform': 'tensors, AD variables or a layer spec',
  'Random.bernoulli': 'a key',
  'Random.foldIn': 'a key',
  'Random.normal': 'a key',
  'Random.split2': 'a key',
  'Random.uniform': 'a key',
  'Tensor.abs': 'a tensor',
  'Tensor.add': 'a tensor',
  'Tensor.addRow': 'a tensor',
  'Tensor.addScalar': 'a tensor',
  'Tensor.argmaxRows': 'a tensor',
  'Tensor.checkFinite': 'a tensor',
  'Tensor.div': 'a tensor',
  'Tensor.divRow': 'a tensor',
  'Tensor.equals': 'a tensor',
  'Tensor.equalsWithin': 'a tensor',
  'Tensor.exp': 'a tensor',
  'Tensor.fromArray': 'a tensor',
  'Tensor.item': 'a tensor',
  'Tensor.log': 'a tensor',
  'Tensor.map': 'a tensor',
  'Tensor.matmul': 'a tensor',
  'Tensor.matmulNT': 'a tensor',
  'Tensor.matmulTN': 'a tensor',
  'Tensor.mean': 'a tensor',
  'Tensor.meanAxis': 'a tensor',
  'Tensor.mul': 'a tensor',
  'Tensor.mulRow': 'a tensor',
  'Tensor.neg': 'a tensor',
  'Tensor.rank': 'a tensor',
  'Tensor.reshape': 'a tensor',
  'Tensor.sameShape': 'a tensor',
  'Tensor.scalar': 'a tensor',
  'Tensor.scale': 'a tensor',
  'Tensor.size': 'a tensor',
  'Tensor.sqrt': 'a tensor',
  'Tensor.square': 'a tensor',
  'Tensor.sub': 'a tensor',
  'Tensor.subRow': 'a tensor',
  'Tensor.sum': 'a tensor',
  'Tensor.sumAxis': 'a tensor',
  'Tensor.toArray': 'a tensor',
  'Tensor.toNested': 'a tensor',
  'Tensor.transpose': 'a tensor',
  'Tensor.zerosLike': 'a tensor',
  'Tensor.zipWith': 'a tensor',
  'Tree.map': 'a tree and a function',
  'Tree.mapLeaves': 'a tree and a function',
  'Tree.reduce': 'a tree and a function',
  'Tree.scale': 'a tree and a function',
  'Tree.sumAll': 'a tree and a function',
  'Tree.unflatten': 'a tree and a function',
  'Tree.zipWith': 'a tree and a function'
}

const functions = exportsOfRoot.filter(([, v]) => typeof v === 'function' && !isCodec(v))

/** Runs per export: a few hundred calls each keeps the whole law to seconds. */
const EXPORT_RUNS = 100

/** The argument lists, drawn once with the law seed: four arguments, for up to four curried calls. */
const argLists: ReadonlyArray<ReadonlyArray<unknown>> = fc.sample(
  fc.array(fc.anything({ withBigInt: true, withNullPrototype: true, maxDepth: 3 }), { minLength: 4, maxLength: 4 }),
  { seed: lawSeed, numRuns: EXPORT_RUNS }
)

/** The index of the first argument list on which `f` throws, or -1. */
const firstThrow = async (f: unknown): Promise<number> => {
  for (let i = 0; i < argLists.length; i++) if (!(await _.callIsTotal(f, argLists[i]!))) return i
  return -1
}

describe('totality of the exports that take plain data', () => {
  it('lists only exports as pending, and each of them does still throw (a fixed one leaves the list)', async () => {
    const byName = new Map(functions)
    expect(Object.keys(pending).filter((n) => !byName.has(n))).toEqual([])
    const fixed: Array<string> = []
    for (const name of Object.keys(pending)) if ((await firstThrow(byName.get(name))) < 0) fixed.push(name)
    expect(fixed).toEqual([])
  })

  it.each(functions.filter(([name]) => !(name in pending) && !(name in libraryTyped)))(
    '%s never throws on fc.anything() for each argument',
    async (_name, f) => {
      expect(await firstThrow(f)).toBe(-1)
    }
  )
})

// -------------------------------------------------------------------------------------
// exports that take library-built values
// -------------------------------------------------------------------------------------

/** Draws per export of `libraryTyped`: building the values is what costs. */
const TYPED_RUNS = 30

describe('totality of the exports that take library-built values, on values of their declared types', () => {
  it('lists only exports, none of them pending', () => {
    const names = new Set(functions.map(([n]) => n))
    expect(Object.keys(libraryTyped).filter((n) => !names.has(n) || n in pending)).toEqual([])
  })

  it.each(Object.entries(libraryTyped))('%s never throws on generated values of its declared type', (_name, entry) => {
    const f = exportsOfRoot.find(([n]) => n === _name)![1]
    fc.assert(
      fc.property(entry.args, (calls) => typedCallIsTotal(f, calls)),
      { seed: lawSeed, numRuns: TYPED_RUNS }
    )
  })
})
