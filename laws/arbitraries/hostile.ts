// Hostile input for decoders and for the exports that take plain data: what JSON can say and what
// a caller holding `any` can pass. Numbers where records are expected and records where numbers
// are; arrays and array-likes declaring a length of 2^32 − 1 or 2^53; `__proto__`, `constructor`,
// `toString` and `valueOf` as keys and as `_tag` values; objects whose getters (`_tag` included),
// `toString`, `valueOf` or `Symbol.toPrimitive` throw; ten thousand levels of nesting; cycles;
// BigInts; every tag the library reads, with fields of the wrong type; and valid documents with
// one place broken (`mutated`), so that the hostile value lands deep inside what is decoded.
import fc from 'fast-check'
import * as Advanced from '../../src/advanced.js'

// -------------------------------------------------------------------------------------
// names the decoders read
// -------------------------------------------------------------------------------------

/** Keys that name nothing of a plain record's own, yet are found on every object's prototype. */
export const MAGIC_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON'] as const

/** Every field name the library's codecs read, so that generated records are looked at. */
export const FIELD_KEYS: ReadonlyArray<string> = [
  // optimizer specs
  '_tag',
  'parts',
  'c',
  'lr',
  'decay',
  'nesterov',
  'b1',
  'b2',
  'eps',
  'initialAccumulatorValue',
  'weightDecay',
  'maxNorm',
  'lo',
  'hi',
  // stop specs and runs
  'epochs',
  'patience',
  'threshold',
  'target',
  'on',
  'rules',
  'architecture',
  'optimizer',
  'batching',
  'maxEpochs',
  'stop',
  'evaluateEvery',
  'watch',
  'metric',
  'perClass',
  'task',
  'validation',
  'sizes',
  'activations',
  'bias',
  'loss',
  'size',
  'shuffle',
  'dropLast',
  // checkpoints, tensors, keys, histories
  'format',
  'params',
  'optState',
  'key',
  'k0',
  'k1',
  'epoch',
  'step',
  'history',
  'best',
  'config',
  'run',
  'value',
  'count',
  'mu',
  'nu',
  'w',
  'b',
  'shape',
  'data',
  'train',
  'accuracy',
  // model files
  'gradfoldVersion',
  'standardizer',
  'mean',
  'std',
  'classes',
  'featureNames',
  'training',
  'metrics',
  // sweeps and command configs
  'name',
  'seed',
  'base',
  'grid',
  'random',
  'fields',
  'min',
  'max',
  'log',
  'integer',
  'source',
  'path',
  'label',
  'split',
  'test',
  'stratify',
  'preprocessing',
  'standardize',
  'model',
  'hidden',
  'output',
  'init',
  'schedule',
  'momentum',
  'alpha',
  'clipping',
  'globalNorm',
  'kind',
  'targetAccuracy',
  'lossBelow',
  'checkpointEvery',
  // every field of every optimizer block and every optimizer the catalog lists (a new one's included)
  ...Advanced.Optim.blocks.flatMap((b) => b.fields.map(([name]) => name)),
  ...Advanced.Optim.optimizers.flatMap((o) => o.fields.map(([name]) => name))
]

/** Every `_tag` (and tag-like name) the library dispatches on, with the prototype's names among them. */
export const TAGS: ReadonlyArray<string> = [
  // optimizer blocks and optimizers
  'identity',
  'scale',
  'scaleByLearningRate',
  'traceMomentum',
  'scaleByAdam',
  'scaleByRms',
  'scaleByRss',
  'addDecayedWeights',
  'clipByGlobalNorm',
  'clipByValue',
  'chain',
  'masked',
  'zero',
  'sgd',
  'momentum',
  'nesterov',
  'adam',
  'adamw',
  'rmsprop',
  'adagrad',
  'lion',
  'adamax',
  // stop rules, batchings, values
  'MaxEpochs',
  'TargetAccuracy',
  'LossBelow',
  'NoImprovement',
  'Any',
  'All',
  'FullBatch',
  'Stochastic',
  'MiniBatch',
  'Tensor',
  'Key',
  'ModelFile',
  'Dataset',
  'Standardizer',
  'Left',
  'Right',
  'None',
  'Some',
  // formats and names
  'gradfold-checkpoint/3',
  'gradfold-checkpoint/2',
  'gradfold-model/1',
  'bundled',
  'file',
  'iris',
  'constant',
  ...MAGIC_KEYS,
  // every block and optimizer the catalog lists, a new one included
  ...Advanced.Optim.blocks.map((b) => b.tag),
  ...Advanced.Optim.optimizers.map((o) => o.name)
]

// -------------------------------------------------------------------------------------
// leaves
// -------------------------------------------------------------------------------------

/** Numbers at the edges: not finite, −0, not whole, past 2^53, huge counts. */
export const trickyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    0,
    1,
    -1,
    0.5,
    1.5,
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    1e6,
    1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.EPSILON
  ),
  fc.double(),
  fc.integer({ min: -3, max: 8 })
)

const thrower = (what: string) => (): never => {
  throw new Error(`${what} was called`)
}

/** An object whose `key` is a getter that throws when read. */
export const throwingGetter = (key: string, base: object = {}): object =>
  Object.defineProperty({ ...base }, key, { enumerable: true, get: thrower(`the ${key} getter`) })

/** `depth` levels of `wrap` around `inner`, built by a loop (building it needs no stack). */
export const nested = (depth: number, wrap: (u: unknown) => unknown, inner: unknown = 0): unknown => {
  let u: unknown = inner
  for (let i = 0; i < depth; i++) u = wrap(u)
  return u
}

/** A record whose getter `a` answers the record itself. */
const selfGetter = (): unknown => {
  const o = {}
  return Object.defineProperty(o, 'a', { enumerable: true, get: () => o })
}

const selfRecord = (base: Readonly<Record<string, unknown>>, key: string, asList: boolean): unknown => {
  const o: Record<string, unknown> = { ...base }
  o[key] = asList ? [o] : o
  return o
}

const hugeLength = (length: number, items: ReadonlyArray<unknown>): unknown => {
  const a = new Array<unknown>(length)
  items.forEach((x, i) => (a[i] = x))
  return a
}

/** An array whose item `i` is a getter that throws. */
const arrayWithThrowingItem = (items: ReadonlyArray<unknown>, i: number): unknown =>
  Object.defineProperty(items.slice(), String(i), { enumerable: true, get: thrower(`item ${i}'s getter`) })

/**
 * The values that break a decoder which stringifies, recurses, indexes a table or loops over a
 * declared length without looking first.
 *
 * @category arbitraries
 * @since 0.3.0
 */
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: trickyNumber },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...TAGS, '-0', 'NaN', 'Infinity', '', '1', '0') },
  { weight: 1, arbitrary: fc.bigInt() },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      undefined,
      null,
      true,
      Symbol('a symbol'),
      () => 1,
      new Date(0),
      new Map([['_tag', 'scale']]),
      Float64Array.of(1, 2),
      Object.create(null),
      Object.assign(Object.create(null), { _tag: 'scale', c: 1 }),
      Object.create({ _tag: 'scale', c: 1 }),
      Object.create({ _tag: 'MaxEpochs', epochs: 1 }),
      JSON.parse('{"__proto__": {"_tag": "scale", "c": 1}}'),
      JSON.parse('{"__proto__": [1, 2], "length": 2}'),
      JSON.parse('{"toString": 1, "valueOf": 2, "constructor": 3}'),
      { toString: thrower('toString'), valueOf: thrower('valueOf') },
      { [Symbol.toPrimitive]: thrower('Symbol.toPrimitive') },
      throwingGetter('_tag'),
      throwingGetter('_tag', { c: 1 }),
      throwingGetter('length'),
      throwingGetter('toJSON'),
      throwingGetter('toString'),
      throwingGetter('valueOf'),
      throwingGetter('data', { _tag: 'Tensor', shape: [1] }),
      throwingGetter('shape', { data: [1] }),
      throwingGetter('sizes', { activations: [], bias: true, loss: 'mse' }),
      throwingGetter('rules', { _tag: 'Any' }),
      throwingGetter('parts', { _tag: 'chain' }),
      arrayWithThrowingItem([1, 2, 3], 1),
      arrayWithThrowingItem([{ _tag: 'MaxEpochs', epochs: 1 }], 0),
      { length: 2 ** 32 - 1 },
      { length: 2 ** 53 },
      { length: 2 ** 32 - 1, 0: 1, 1: 2 },
      hugeLength(2 ** 32 - 1, []),
      hugeLength(2 ** 32 - 1, [1, 2]),
      hugeLength(2 ** 32 - 1, [{ _tag: 'MaxEpochs', epochs: 1 }]),
      hugeLength(2 ** 32 - 1, [{ _tag: 'scale', c: 1 }]),
      hugeLength(100_000, [1]),
      [1, , 3],
      [2 ** 40, 0],
      [0, 2 ** 40],
      [1e6, 1e6, 3],
      [2 ** 13, 2 ** 14],
      nested(10_000, (u) => [u]),
      nested(10_000, (u) => ({ a: u })),
      nested(10_000, (u) => ({ _tag: 'chain', parts: [u] }), { _tag: 'identity' }),
      nested(10_000, (u) => ({ _tag: 'Any', rules: [u] }), { _tag: 'MaxEpochs', epochs: 1 }),
      nested(10_000, (u) => ({ w: u }), 0.5),
      selfGetter(),
      selfRecord({}, 'a', false),
      selfRecord({}, 'a', true),
      selfRecord({ _tag: 'chain' }, 'parts', true),
      selfRecord({ _tag: 'Any' }, 'rules', true),
      selfRecord({ _tag: 'All' }, 'rules', true),
      selfRecord({ mean: 0 }, 'training', false),
      (() => {
        const a: Array<unknown> = [1]
        a.push(a)
        return a
      })()
    )
  }
)

// -------------------------------------------------------------------------------------
// records and arrays
// -------------------------------------------------------------------------------------

/** A record with exactly these entries, each an own data property (`__proto__` included). */
export const recordOf = (entries: ReadonlyArray<readonly [string, unknown]>): Readonly<Record<string, unknown>> => {
  const o: Record<string, unknown> = {}
  for (const [k, v] of entries)
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
  return o
}

const anyKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<string>(...FIELD_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom<string>(...MAGIC_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }
)

/**
 * Hostile values of any shape: leaves, records keyed by the names the codecs read (magic names
 * included), tagged records with every tag, and arrays, nested a few levels.
 *
 * @category arbitraries
 * @since 0.3.0
 */
export const hostile: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: hostileLeaf },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 3, arbitrary: fc.array(fc.tuple(anyKey, tie('value')), { maxLength: 4 }).map(recordOf) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom<unknown>(...TAGS), fc.array(fc.tuple(anyKey, tie('value')), { maxLength: 4 }))
        .map(([tag, rest]) => recordOf([['_tag', tag], ...rest]))
    },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) }
  )
})).value

// -------------------------------------------------------------------------------------
// valid documents, broken in one place
// -------------------------------------------------------------------------------------

type Path = ReadonlyArray<string>

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null

/** The paths of `u` (itself first), at most `limit` of them, in a fixed order. */
export const pathsOf = (u: unknown, limit = 500): ReadonlyArray<Path> => {
  const out: Array<Path> = []
  const stack: Array<readonly [unknown, Path]> = [[u, []]]
  for (let top = stack.pop(); top !== undefined && out.length < limit; top = stack.pop()) {
    const [v, path] = top
    out.push(path)
    if (isObject(v) && path.length < 32)
      for (const k of Object.keys(v).reverse()) stack.push([(v as Record<string, unknown>)[k], [...path, k]])
  }
  return out
}

/** `u` with the value at `path` given to `change` (copying only along the path). */
const update = (u: unknown, path: Path, change: (v: unknown) => unknown): unknown => {
  if (path.length === 0) return change(u)
  const [head, ...rest] = path as readonly [string, ...Array<string>]
  if (Array.isArray(u)) {
    const copy = u.slice()
    copy[Number(head)] = update(u[Number(head)], rest, change)
    return copy
  }
  const o = u as Readonly<Record<string, unknown>>
  return recordOf(Object.keys(o).map((k) => [k, k === head ? update(o[k], rest, change) : o[k]] as const))
}

const REMOVED = Symbol('removed')

/** What happens at the chosen place. */
const change: fc.Arbitrary<(v: unknown) => unknown> = fc.oneof(
  { weight: 5, arbitrary: hostile.map((h) => () => h) },
  { weight: 1, arbitrary: fc.constant(() => REMOVED) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom<string>(...FIELD_KEYS, ...MAGIC_KEYS), hostile).map(
      ([k, h]) =>
        (v: unknown) =>
          isObject(v) && !Array.isArray(v) ? recordOf([...Object.entries(v), [k, h]]) : recordOf([[k, v]])
    )
  },
  { weight: 1, arbitrary: fc.constant((v: unknown) => [v]) },
  { weight: 1, arbitrary: fc.constant((v: unknown) => ({ length: 2 ** 32 - 1, 0: v })) },
  { weight: 1, arbitrary: trickyNumber.map((n) => () => n) }
)

const dropRemoved = (u: unknown, path: Path): unknown => {
  if (path.length === 0) return u
  const parent = path.slice(0, -1)
  const last = path[path.length - 1] as string
  return update(u, parent, (p) =>
    Array.isArray(p)
      ? p.filter((_, i) => String(i) !== last)
      : recordOf(Object.entries(p as object).filter(([k]) => k !== last))
  )
}

/**
 * Valid documents (`seeds`), each with one place broken: replaced by a hostile value, removed,
 * given a hostile extra key, wrapped in an array or an array-like declaring 2^32 − 1 items.
 *
 * @category arbitraries
 * @since 0.3.0
 */
export const mutated = (seeds: ReadonlyArray<unknown>): fc.Arbitrary<unknown> => {
  const paths = seeds.map((s) => pathsOf(s))
  return fc.tuple(fc.nat(seeds.length - 1), fc.nat(), change).map(([i, j, f]) => {
    const ps = paths[i] as ReadonlyArray<Path>
    const path = ps[j % ps.length] as Path
    const out = update(seeds[i], path, f)
    return out === REMOVED ? undefined : cleanup(out, path)
  })
}

const cleanup = (u: unknown, path: Path): unknown => {
  let v: unknown = u
  for (const k of path) v = isObject(v) ? (v as Record<string, unknown>)[k] : undefined
  return v === REMOVED ? dropRemoved(u, path) : u
}

/**
 * What a decoder of documents like `seeds` is held to: hostile values of any shape, and the
 * seeds broken in one place (half and half).
 *
 * @category arbitraries
 * @since 0.3.0
 */
export const hostileFor = (seeds: ReadonlyArray<unknown>): fc.Arbitrary<unknown> =>
  seeds.length === 0 ? hostile : fc.oneof(hostile, mutated(seeds))

// -------------------------------------------------------------------------------------
// optimizer specs of their own type
// -------------------------------------------------------------------------------------

/** A field's value: mostly of its kind (any double, NaN, ±∞ and huge ones among them), now and then of any type at all. */
const fieldValue = (kind: string): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: kind === 'flag' ? fc.boolean() : trickyNumber },
    { weight: 1, arbitrary: hostileLeaf }
  )

/** Now and then a `__proto__`, `constructor`, `toString` … key, or a getter that throws in place of a field. */
const spoiled = (entries: ReadonlyArray<readonly [string, unknown]>): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      fc.option(fc.tuple(fc.constantFrom<string>(...MAGIC_KEYS), hostileLeaf), { freq: 8 }),
      fc.option(fc.nat(), { freq: 12 })
    )
    .map(([extra, getterAt]) => {
      const o = recordOf(extra === null ? entries : [...entries, extra])
      if (getterAt === null || entries.length === 0) return o
      return throwingGetter(entries[getterAt % entries.length]![0], o)
    })

/**
 * Blocks of `Optim.OptimizerSpec` as JSON or `any` may hold them: every block of the catalog
 * (`Advanced.Optim.blocks`, so a new block is drawn without being listed here) with any double in
 * each number field (NaN, ±∞, −0 and huge ones among them), either value in each flag, now and
 * then a field of the wrong type, a magic key or a getter that throws; and chains of them nested
 * up to 20 deep (past the decoder's 16).
 *
 * @category arbitraries
 * @since 0.3.0
 */
export const optimizerSpec: fc.Arbitrary<unknown> = fc.letrec<{ spec: unknown }>((tie) => ({
  spec: fc.oneof(
    { maxDepth: 20, depthSize: 'small' },
    fc
      .constantFrom(...Advanced.Optim.blocks)
      .chain((block) =>
        fc
          .tuple(...block.fields.map(([, kind]) => fieldValue(kind)))
          .chain((values: ReadonlyArray<unknown>) =>
            spoiled([['_tag', block.tag], ...block.fields.map(([name], i) => [name, values[i]] as const)])
          )
      ),
    fc.array(tie('spec'), { maxLength: 3 }).map((parts) => ({ _tag: 'chain', parts }))
  )
})).spec

/**
 * Optimizers as a config names them (the command's `optimizer` section): every optimizer of the
 * catalog (`Advanced.Optim.optimizers`) or a prototype's name, a learning rate, and each of its
 * fields, drawn as {@link optimizerSpec} draws a block's.
 *
 * @category arbitraries
 * @since 0.3.0
 */
export const optimizerConfig: fc.Arbitrary<unknown> = fc
  .constantFrom<string>(...Advanced.Optim.optimizers.map((o) => o.name), ...MAGIC_KEYS)
  .chain((name) => {
    const fields = Advanced.Optim.optimizers.find((o) => o.name === name)?.fields ?? []
    return fc
      .tuple(fieldValue('number'), ...fields.map(() => fieldValue('number')))
      .chain(([lr, ...values]: ReadonlyArray<unknown>) =>
        spoiled([['name', name], ['lr', lr], ...fields.map(([f], i) => [f, values[i]] as const)])
      )
  })
