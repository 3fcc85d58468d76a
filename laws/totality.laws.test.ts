import fc from 'fast-check'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import * as Gradfold from '../src/index.js'
import { Codec, Optim, Tensor, Train } from '../src/index.js'
import { lawSeed } from './config.js'
import { libraryTyped, typedCallIsTotal } from './libraryTyped.js'
import { decodeExperiment, decodeExperimentJson } from '../src/train/experiment/config.js'
import { SweepFileC } from '../src/cli/sweepFile.js'
import * as Node from '../src/node/index.js'
import * as Documents from './arbitraries/documents.js'
import { checkpointOf } from './arbitraries/documents.js'
import { hostile, hostileFor, optimizerConfig, optimizerSpec, throwingGetter } from './arbitraries/hostile.js'
import * as _ from './totality.js'
import { exportsOfRoot, isCodec, plainDataExports, traced } from './exports.js'
import * as Advanced from '../src/advanced.js'

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
  'Advanced.Codec.TensorOfShapeC': () => Advanced.Codec.TensorOfShapeC([2, 1]) as t.Type<unknown, unknown, unknown>,
  'Codec.TreeC': () => Codec.TreeC(template) as t.Type<unknown, unknown, unknown>,
  'Advanced.Optim.TraceMomentumStateC': () =>
    Advanced.Optim.TraceMomentumStateC(template) as t.Type<unknown, unknown, unknown>,
  'Advanced.Optim.ScaleByAdamStateC': () =>
    Advanced.Optim.ScaleByAdamStateC(template) as t.Type<unknown, unknown, unknown>,
  'Advanced.Optim.ScaleByAdamaxStateC': () =>
    Advanced.Optim.ScaleByAdamaxStateC(template) as t.Type<unknown, unknown, unknown>,
  'Advanced.Optim.ScaleByLionStateC': () =>
    Advanced.Optim.ScaleByLionStateC(template) as t.Type<unknown, unknown, unknown>,
  'Advanced.Optim.ScaleByRmsStateC': () =>
    Advanced.Optim.ScaleByRmsStateC(template) as t.Type<unknown, unknown, unknown>,
  'Advanced.Optim.ScaleByRssStateC': () =>
    Advanced.Optim.ScaleByRssStateC(template) as t.Type<unknown, unknown, unknown>,
  'Advanced.Train.CheckpointC': () => Advanced.Train.CheckpointC(template, sgd) as t.Type<unknown, unknown, unknown>
}

/** Codec combinators: they build a codec from codecs (checked with one instance each). */
const codecCombinators: Readonly<Record<string, () => t.Type<unknown, unknown, unknown>>> = {
  'Advanced.Codec.exactType': () =>
    Advanced.Codec.exactType({ count: Codec.CountC, w: Codec.Float64C }, 'Pair') as t.Type<unknown, unknown, unknown>,
  'Advanced.Codec.exactTuple': () =>
    Advanced.Codec.exactTuple([Codec.CountC, Codec.TensorC], 'Pair') as t.Type<unknown, unknown, unknown>
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

/** A decoder call that takes longer than this is a loop over a count it did not bound (a hang). */
const BOUND_MS = 1000

/**
 * The 10^4 values, drawn once with the law seed and given to every decoder: half JSON and hostile
 * values keyed by the codecs' field names, half hostile values of every shape and valid documents
 * of every kind broken in one place.
 */
const values: ReadonlyArray<unknown> = [
  ...fc.sample(_.jsonOrHostile, { seed: lawSeed, numRuns: DECODER_RUNS / 2 }),
  ...fc.sample(hostileFor(Documents.all), { seed: lawSeed, numRuns: DECODER_RUNS / 2 })
]

/** The first value on which `decode` did not answer an Either in time, described, or 'none'. */
const firstFailure = (decode: (u: unknown) => unknown, us: ReadonlyArray<unknown>): string => {
  const outcome = _.decodeWithin(decode, BOUND_MS)
  for (let i = 0; i < us.length; i++) {
    const o = outcome(us[i])
    if (o !== 'answered') return `value ${i} (${Tensor.describe(us[i])}): ${o}`
  }
  return 'none'
}

describe(`totality of decoders: ${values.length} JSON and hostile values each (seed ${lawSeed})`, () => {
  it('finds every codec and codec factory among the exports', () => {
    const factories = exportsOfRoot
      .filter(([name, v]) => typeof v === 'function' && !isCodec(v) && /C$/.test(name))
      .map(([name]) => name)
      .sort()
    expect(factories).toEqual(Object.keys(codecFactories).sort())
    expect(decoders.length).toBeGreaterThanOrEqual(20)
    expect(values.length).toBeGreaterThanOrEqual(10_000)
  })

  it.each(decoders.map(([name, codec]) => [name, codec] as const))(
    '%s never throws on JSON or hostile values, through decode and Codec.decode',
    (_name, codec) => {
      expect(firstFailure((x) => codec.decode(x), values)).toBe('none')
      expect(firstFailure(Codec.decode(codec), values)).toBe('none')
    }
  )
})

// -------------------------------------------------------------------------------------
// decoders, each on documents of its own kind broken in one place
// -------------------------------------------------------------------------------------

/**
 * Each decoder of a document kind, with valid documents of that kind for the generator to break:
 * the codecs, the functions that decode (`decodeOptimizer`, `decodeRun`, the text readers), and the
 * codecs of `gradfold/node` and of the command.
 */
const kinds: ReadonlyArray<readonly [string, ReadonlyArray<unknown>, (u: unknown) => unknown]> = [
  ['Optim.OptimizerSpecC', Documents.optimizerSpecs, Codec.decode(Optim.OptimizerSpecC)],
  ['Optim.decodeOptimizer', Documents.optimizerSpecs, (u) => Optim.decodeOptimizer(u as never)],
  ['Advanced.Train.StopSpecC', Documents.stopSpecs, Codec.decode(Advanced.Train.StopSpecC)],
  ['Advanced.Train.RunSpecC', Documents.runSpecs, Codec.decode(Advanced.Train.RunSpecC)],
  ['Train.decodeRun', Documents.runSpecs, (u) => Train.decodeRun(u as never)],
  [
    'Advanced.Train.CheckpointC',
    Documents.checkpoints,
    Codec.decode(Advanced.Train.CheckpointC(checkpointOf.template, checkpointOf.optimizer))
  ],
  ['Advanced.Train.ResumableCheckpointC', Documents.checkpoints, Codec.decode(Advanced.Train.ResumableCheckpointC)],
  ['Advanced.Train.ModelFileC', Documents.modelFiles, Codec.decode(Advanced.Train.ModelFileC)],
  ['Advanced.Train.HistoryC', Documents.histories, Codec.decode(Advanced.Train.HistoryC)],
  ['Node.SweepSpecC', Documents.sweepSpecs, Codec.decode(Node.SweepSpecC)],
  ['the command config (decodeExperiment)', Documents.experiments, decodeExperiment],
  [
    'the command sweep file (SweepFileC)',
    Documents.sweepFiles,
    Codec.decode(SweepFileC as t.Type<unknown, unknown, unknown>)
  ]
]

/** Readers of text: given the JSON text of a value when it has one, else the value's description. */
const readers: ReadonlyArray<readonly [string, ReadonlyArray<unknown>, (text: string) => unknown]> = [
  ['Train.decodeResumable', Documents.checkpoints, Train.decodeResumable],
  [
    'Train.decodeCheckpoint',
    Documents.checkpoints,
    Train.decodeCheckpoint(checkpointOf.template, checkpointOf.optimizer)
  ],
  ['Train.decodeModel', Documents.modelFiles, Train.decodeModel],
  ['the command config (decodeExperimentJson)', Documents.experiments, decodeExperimentJson]
]

/** JSON text of `u`, or (for what JSON cannot say) its description. */
const asText = (u: unknown): string => {
  try {
    return JSON.stringify(u) ?? Tensor.describe(u)
  } catch {
    return Tensor.describe(u)
  }
}

const drawn = new Map<ReadonlyArray<unknown>, ReadonlyArray<unknown>>()
const brokenDocuments = (seeds: ReadonlyArray<unknown>): ReadonlyArray<unknown> => {
  const got = drawn.get(seeds)
  if (got !== undefined) return got
  const us = fc.sample(hostileFor(seeds), { seed: lawSeed, numRuns: DECODER_RUNS })
  drawn.set(seeds, us)
  return us
}

describe(`totality of decoders on documents of their kind, broken in one place (${DECODER_RUNS} each, seed ${lawSeed})`, () => {
  it.each(kinds)('%s answers an Either within the bound on every value', (_name, seeds, decode) => {
    expect(firstFailure(decode, brokenDocuments(seeds))).toBe('none')
  })

  it.each(readers)('%s answers an Either within the bound on the text of every value', (_name, seeds, read) => {
    expect(firstFailure((u) => read(asText(u)), brokenDocuments(seeds))).toBe('none')
  })

  it('the bound and the predicate can fail: a decoder that loops over a declared length, or reads a getter', () => {
    const looping = (u: unknown): unknown => {
      const n = typeof u === 'object' && u !== null ? Number((u as { readonly length?: unknown }).length) : 0
      let s = 0
      for (let i = 0; i < n && i < 2 ** 25; i++) s += i
      return { _tag: 'Right', right: s }
    }
    expect(_.decodeWithin(looping, 10)({ length: 2 ** 32 - 1 })).toBe('slow')
    const reading = (u: unknown): unknown => ({ _tag: 'Right', right: (u as { readonly _tag: unknown })._tag })
    expect(_.decodeWithin(reading, BOUND_MS)(throwingGetter('_tag'))).toBe('threw')
    expect(firstFailure(reading, brokenDocuments(Documents.optimizerSpecs))).not.toBe('none')
  })
})

// -------------------------------------------------------------------------------------
// plain-data exports
// -------------------------------------------------------------------------------------

/**
 * Every function export of the root entry is held to one of three laws: on `fc.anything()` for
 * each argument (plain data: below), inside a trace (`traced`), or on generated values of its
 * declared type when every argument is a value the library builds (`libraryTyped`,
 * laws/libraryTyped.ts). No export is exempt from all three.
 */
const functions = exportsOfRoot.filter(([, v]) => typeof v === 'function' && !isCodec(v))

const byName = new Map(functions)

/** Stands, in a generated argument list, for the traced parameter `p.w`. */
const TRACED = Symbol('the traced parameter')

/** Runs per export: a few hundred calls each keeps the whole law to seconds. */
const EXPORT_RUNS = 100

/** The argument lists, drawn once with the law seed: four arguments, for up to four curried calls. */
const argLists: ReadonlyArray<ReadonlyArray<unknown>> = fc.sample(
  fc.array(fc.anything({ withBigInt: true, withNullPrototype: true, maxDepth: 3 }), { minLength: 4, maxLength: 4 }),
  { seed: lawSeed, numRuns: EXPORT_RUNS }
)

/** The first argument list on which `f` throws or takes longer than the bound, described, or 'none'. */
const firstThrow = async (f: unknown): Promise<string> => {
  for (let i = 0; i < argLists.length; i++) {
    const start = performance.now()
    if (!(await _.callIsTotal(f, argLists[i]!))) return `arguments ${i}: threw`
    if (performance.now() - start > BOUND_MS) return `arguments ${i}: slow`
  }
  return 'none'
}

// -------------------------------------------------------------------------------------
// exports that run inside a traced function
// -------------------------------------------------------------------------------------

/**
 * The Left of a trace that an op did not stop on purpose: something threw inside it (a
 * TypeError reading a field of `null`, a BigInt mixed with a number), and `valueAndGrad` caught
 * it. An op given an argument it cannot use must stop the trace with an error that names it.
 */
const crashed = (message: string): boolean => /^the function threw|^a pullback threw/.test(message)

/** What `valueAndGrad` answered for one argument list, for the failure message. */
const describeLeft = (f: unknown, list: ReadonlyArray<unknown>): string => {
  const r = Gradfold.AD.valueAndGrad(
    (p: Gradfold.AD.Traced<{ w: number }>) =>
      _.callCurried(
        f,
        list.map((a) => (a === TRACED ? p.w : a))
      ) as Gradfold.AD.Var
  )({ w: 0.5 })
  return r._tag === 'Left' ? r.left.message : 'a Right'
}

describe('totality of the exports that run inside a traced function', () => {
  it('lists only exports, none of them library-typed', () => {
    expect(traced.filter((n) => !byName.has(n) || n in libraryTyped)).toEqual([])
  })

  it.each(traced)(
    '%s inside AD.valueAndGrad stops the trace with a named error, never a throw, on fc.anything() or the traced parameter',
    (name) => {
      const f = byName.get(name)
      const args = fc.sample(
        fc.array(
          fc.oneof(
            { weight: 3, arbitrary: fc.anything({ withBigInt: true, withNullPrototype: true, maxDepth: 3 }) },
            { weight: 1, arbitrary: fc.constant(TRACED) }
          ),
          { minLength: 4, maxLength: 4 }
        ),
        { seed: lawSeed, numRuns: EXPORT_RUNS }
      )
      const failing = args.findIndex((list) => {
        const run = Gradfold.AD.valueAndGrad(
          (p: Gradfold.AD.Traced<{ w: number }>) =>
            _.callCurried(
              f,
              list.map((a) => (a === TRACED ? p.w : a))
            ) as Gradfold.AD.Var
        )
        try {
          const r = run({ w: 0.5 })
          return r._tag === 'Left' ? crashed(r.left.message) : r._tag !== 'Right'
        } catch {
          return true
        }
      })
      expect(failing < 0 ? 'none' : `arguments ${failing}: ${describeLeft(f, args[failing]!)}`).toBe('none')
    }
  )
})

describe('totality of the exports that take plain data', () => {
  it.each(plainDataExports)('%s never throws on fc.anything() for each argument', async (_name, f) => {
    expect(await firstThrow(f)).toBe('none')
  })
})

// -------------------------------------------------------------------------------------
// exports that take library-built values
// -------------------------------------------------------------------------------------

/** Draws per export of `libraryTyped`: building the values is what costs. */
const TYPED_RUNS = 100

describe('totality of the exports that take library-built values, on values of their declared types', () => {
  it('lists only exports', () => {
    expect(Object.keys(libraryTyped).filter((n) => !byName.has(n))).toEqual([])
  })

  it.each(Object.entries(libraryTyped))('%s never throws on generated values of its declared type', (_name, entry) => {
    const f = byName.get(_name)
    fc.assert(
      fc.property(entry.args, (calls) => typedCallIsTotal(f, calls)),
      { seed: lawSeed, numRuns: TYPED_RUNS }
    )
  })
})

// -------------------------------------------------------------------------------------
// round trips on values of their own types
// -------------------------------------------------------------------------------------

/** Draws per round trip: building and rebuilding optimizers and checkpoints is cheap. */
const ROUND_TRIP_RUNS = 10_000

describe('round trips on values of their own types (10^4 each)', () => {
  it('decodeOptimizer answers an Either on every spec, and what it builds has a spec that rebuilds it', () => {
    const specs = fc.sample(optimizerSpec, { seed: lawSeed, numRuns: ROUND_TRIP_RUNS })
    const failing = specs.findIndex((s) => {
      const outcome = _.decodeWithin((u) => Optim.decodeOptimizer(u as Optim.OptimizerSpec), BOUND_MS)(s)
      if (outcome !== 'answered') return true
      const built = Optim.decodeOptimizer(s as Optim.OptimizerSpec)
      if (built._tag === 'Left') return false
      const spec = Optim.encodeOptimizer(built.right)
      if (spec._tag === 'None') return true
      const back = Codec.decode(Optim.OptimizerSpecC)(
        JSON.parse(JSON.stringify(Optim.OptimizerSpecC.encode(spec.value)))
      )
      return back._tag === 'Left' || Optim.decodeOptimizer(back.right)._tag === 'Left'
    })
    expect(
      failing < 0
        ? 'none'
        : `spec ${failing}: ${JSON.stringify(specs[failing], (_k, v) => (typeof v === 'number' ? String(v) : v))}`
    ).toBe('none')
  })

  it('Train.encodeCheckpoint answers an Either for any config, and its text reads back with the same config', () => {
    const { template, optimizer, progress, run } = checkpointOf
    const configs = fc.sample(hostile, { seed: lawSeed, numRuns: ROUND_TRIP_RUNS })
    const failing = configs.findIndex((config) => {
      const write = _.decodeWithin(
        (c) => Train.encodeCheckpoint(template, optimizer)({ progress, config: c, run }),
        BOUND_MS
      )
      if (write(config) !== 'answered') return true
      const text = Train.encodeCheckpoint(template, optimizer)({ progress, config, run })
      if (text._tag === 'Left') return false
      const back = Train.decodeCheckpoint(template, optimizer)(text.right)
      return back._tag === 'Left' || JSON.stringify(back.right.config) !== JSON.stringify(config ?? null)
    })
    expect(failing < 0 ? 'none' : `config ${failing}: ${Tensor.describe(configs[failing])}`).toBe('none')
  })
})

// -------------------------------------------------------------------------------------
// optimizers from the catalog, spoiled
// -------------------------------------------------------------------------------------

describe('every optimizer of the catalog, its fields of any type (10^4 each)', () => {
  const specs = fc.sample(optimizerSpec, { seed: lawSeed, numRuns: ROUND_TRIP_RUNS })
  const configs = fc.sample(optimizerConfig, { seed: lawSeed, numRuns: ROUND_TRIP_RUNS })

  it('draws every block and every optimizer the catalog lists', () => {
    const own = (key: string) => (u: unknown) =>
      typeof u === 'object' && u !== null ? Object.getOwnPropertyDescriptor(u, key)?.value : undefined
    const tags = new Set(specs.map(own('_tag')))
    for (const b of Advanced.Optim.blocks) expect(tags).toContain(b.tag)
    const names = new Set(configs.map(own('name')))
    for (const o of Advanced.Optim.optimizers) expect(names).toContain(o.name)
  })

  it('Optim.OptimizerSpecC and Optim.decodeOptimizer answer an Either within the bound on every spec', () => {
    expect(firstFailure(Codec.decode(Optim.OptimizerSpecC), specs)).toBe('none')
    expect(firstFailure((u) => Optim.decodeOptimizer(u as Optim.OptimizerSpec), specs)).toBe('none')
  })

  it('the command config, its optimizer section any of the configs, answers an Either within the bound', () => {
    const experiment = Documents.experiments[0] as Readonly<Record<string, unknown>>
    expect(firstFailure((u) => decodeExperiment({ ...experiment, optimizer: u }), configs)).toBe('none')
  })

  it('Train.decodeResumable answers an Either within the bound on checkpoints whose run holds any of the specs', () => {
    const checkpoint = Documents.checkpoints[0] as Readonly<Record<string, unknown>>
    const withSpec = (spec: unknown): string =>
      asText({ ...checkpoint, run: { ...(checkpoint['run'] as object), optimizer: spec } })
    expect(firstFailure((u) => Train.decodeResumable(withSpec(u)), specs)).toBe('none')
  })

  it('every optimizer of the catalog, trained two epochs, reads back from its checkpoint and resumes from its text', () => {
    const { template } = checkpointOf
    const failing = Documents.catalogOptimizers.flatMap((optimizer, i) => {
      const progress = Documents.fitted(optimizer)
      const write = Train.encodeCheckpoint(template, optimizer)
      const text = write({ progress, config: { i }, run: Documents.runOf(optimizer) })
      if (text._tag === 'Left') return [`optimizer ${i}: ${text.left.message}`]
      const back = Train.decodeCheckpoint(template, optimizer)(text.right)
      if (back._tag === 'Left') return [`optimizer ${i}: ${back.left.message}`]
      const again = write(back.right)
      const resumed = Train.decodeResumable(text.right)
      return progress.state.step > 0 && again._tag === 'Right' && again.right === text.right && resumed._tag === 'Right'
        ? []
        : [`optimizer ${i}: its checkpoint does not read back to the same text, or does not resume`]
    })
    expect(failing).toEqual([])
  })
})
