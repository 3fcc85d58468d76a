// `npm run bench`: W1, W2 and W3 (bench/workloads.ts) trained by gradfold's `fit`, by a
// hand-written mutable baseline, by @tensorflow/tfjs (cpu, wasm), by @jax-js/jax (wasm, jit,
// float32 and float64) and by brain.js, in one run of the built package under plain `node`.
//
// Method: each workload runs in a node process of its own; in it, every implementation warms up
// for 1.5 s of calls of one epoch, which size how many epochs make one timed call (about
// 150 ms: the column `epochs a round`); then ROUNDS rounds, each timing every implementation
// once, in an order that rotates from round to round (so that a burst of load on a shared
// machine falls on all of them alike). Samples/s is the median over the rounds. Ratios are
// gradfold / peer in samples/s: above 1× means gradfold is faster.
//
// The same work on both sides: a timed call is k epochs of steps (forward, gradient, SGD
// update, the batch loss read back each step: jax-js and tfjs read theirs with `dataSync`) and
// one loss of the whole data set at the end. gradfold's `fit` is told to measure nothing on
// its own (`evaluateEvery` beyond the round) and every trainer that can (gradfold by
// `Train.measure`, the hand-written loop, tfjs, jax-js) computes its data-set loss once a call,
// charged as one per the gradfold row's epochs a round, whatever its own k (`timedCall`);
// brain.js, which cannot be given our loss, reports its own training error.
// The peers' set-up (jax-js's jit tracing and compiling, tfjs's tensors) happens in the
// warm-up, never in a timed round; gradfold's programs are compiled in its warm-up likewise.
// What still differs by design: jax-js f32 and tfjs compute in float32 (twice the lanes of a
// 128-bit SIMD vector), gradfold and jax-js f64 in float64.
//
// Checks (exit code 1 when one fails; never a timing): every implementation's epoch loss falls
// from its first to its last epoch; gradfold's loss after one epoch (the mean batch loss, and
// the loss of the whole data set), by either path, equals the hand-written baseline's to 1e-12 relative.
//
// The row `hand-written JS, Elementary` (W3 only, whose sigmoids dominate) is the hand-written
// loop calling gradfold's portable `Elementary.exp` and `log` instead of the engine's `Math`: the
// line under W3's table gives its speed against the loop with `Math`, the cost of the same bits
// on every engine.
//
// The row `gradfold general` is the same `fit` of the same model through the general path (the
// forward pass and the loss wrapped in functions of the user's own, which no fused kernel
// recognises): what a user's own model costs. Its ratios are printed under each table.
//
// More of gradfold's rows, each on one workload: on W2, `gradfold, NN.huber` (the library's
// Huber loss, δ = 1, in place of W2's) and `gradfold general, the user's Huber` (Huber's loss
// written in this file from `AD` ops, the general path), with the check that the two agree to
// 1e-12 after one epoch; on W3, `gradfold, fitFrom an epoch a call` (a live plot's way of
// calling it), with the check that its losses are those of the same epochs in one call, bit
// for bit. After the workloads, `gradfold train` against `Train.fit` on the same config file
// (bench/command.ts; `--workloads=W2,train` picks it with W2).
//
// Under each table, whether each of gradfold's rows' model compiles (`Advanced.AD.compile`; a model that
// does not runs interpreted, and its row says nothing of the compiled path), and a line per ratio that one of issue 18's targets asks for, naming the target
// and its bar (bench/targets.ts), and all of them again at the end of the run.
//
// bench/threads.bench.ts runs first, in a process of its own and in this run's mode (W1's line
// reads its result).
//
// `--smoke`: two rounds of one epoch on a small W1 (the threads' bench in its smoke mode, three
// epochs of `gradfold train` in one round), for CI: it runs every implementation and every
// check, and its timings mean nothing.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { pipe } from 'fp-ts/lib/function.js'
import { AD, Data, Elementary, NN, Optim, Random, Tensor, Train } from '../src/index.js'
import { baseline, type Trainer } from './baseline.js'
import { commandRow } from './command.js'
import { brainjs } from './peers/brain.js'
import { jax } from './peers/jax.js'
import { tfjs, tfjsVersion, useBackend } from './peers/tfjs.js'
import { report, summary, type Target } from './targets.js'
import { median, orFail } from './timing.js'
import { batchesOf, workloads, type Workload } from './workloads.js'
import * as Advanced from '../src/advanced.js'

const smoke = process.argv.includes('--smoke')

const ROUNDS = smoke ? 2 : 7
const TARGET_MS = smoke ? 0 : 150
const WARMUP_MS = smoke ? 0 : 1500

// -------------------------------------------------------------------------------------
// gradfold, as a user calls it
// -------------------------------------------------------------------------------------

type Loss = Train.Model<NN.MlpParams>['loss']

const lossOf = (w: Workload): Loss => (w.loss === 'softmaxCrossEntropy' ? NN.softmaxCrossEntropy : NN.halfSumSquares)

/**
 * Huber's loss as a user writes it from the library's ops, the way TensorFlow's `huber` does:
 * with `a = |ŷ − y|` and `q = min(a, δ)`, per element `½ q² + δ (a − q)` (`½ a²` inside δ,
 * `δ (a − ½ δ)` beyond), the mean over the elements. No value is read outside the ops, so it
 * compiles. (`AD.where` on a condition computed from `a` would not: a program cannot keep a
 * condition read from the values it traced.)
 */
const usersHuber =
  (delta: number): Loss =>
  (y) =>
  (yHat) => {
    const a = AD.abs(AD.sub(y)(yHat))
    const q = pipe(a, AD.minimum(delta))
    return AD.mean(AD.add(pipe(AD.sub(q)(a), AD.scale(delta)))(pipe(q, AD.square, AD.scale(0.5))))
  }

interface GradfoldTrainer extends Trainer {
  readonly firstRecord: () => Train.EpochRecord | undefined
  readonly datasetLoss: () => number
  readonly model: Train.Model<NN.MlpParams>
}

interface GradfoldOptions {
  /**
   * `'general'` wraps the forward pass and the loss in functions of the user's own, which no
   * fused kernel recognises: the same model, as a user's own model would be.
   */
  readonly path?: 'fused' | 'general'
  /** The loss in place of the workload's own. */
  readonly loss?: Loss
  /** `fitFrom` one epoch a call (a live plot's way) rather than all of a round's epochs in one call. */
  readonly epochACall?: boolean
}

/** `fit` as a user calls it, then `fitFrom` where it left off. */
const gradfold = (w: Workload, options: GradfoldOptions = {}): GradfoldTrainer => {
  const loss = options.loss ?? lossOf(w)
  const general = options.path === 'general'
  const model: Train.Model<NN.MlpParams> = general
    ? { forward: (p) => (x) => w.spec.forward(p)(x), loss: (y) => (yHat) => loss(y)(yHat) }
    : { forward: w.spec.forward, loss }
  const config = {
    model,
    optimizer: orFail(Optim.sgd(w.lr)),
    batching: orFail(Data.miniBatch(w.batch)),
    maxEpochs: 1,
    evaluateEvery: 1_000_000 // fit measures nothing; the data set is measured once a timed call by `datasetLoss`, as the peers' are (timedCall)
  }
  const key = orFail(Random.key(0))
  let progress: Train.Progress<NN.MlpParams, Advanced.Optim.SgdState> | undefined
  const call = (k: number): void => {
    progress = orFail(
      progress === undefined
        ? Train.fit({ ...config, maxEpochs: k })(w.params, key, w.data)
        : Train.fitFrom({ ...config, maxEpochs: progress.state.epoch + k })(progress, w.data)
    )
  }
  return {
    epochs: (k) => {
      const done = progress?.history.length ?? 0
      if (options.epochACall === true) for (let e = 0; e < k; e++) call(1)
      else call(k)
      return progress!.history.slice(done).map((r) => r.batchLoss)
    },
    datasetLoss: () => orFail(Train.measure(model)(w.data)(progress!.state.params)).loss,
    firstRecord: () => progress?.history[0],
    model
  }
}

/**
 * Whether the model's loss compiles (`Advanced.AD.compile`) for `w`'s first batch: a row whose model ran
 * interpreted would say nothing of the compiled path. The MLP's leaves in layer order, `w` then
 * `b`.
 */
const compiles = (w: Workload, model: Train.Model<NN.MlpParams>): boolean => {
  const leaves = w.params.flatMap((l) => (l.b === undefined ? [l.w] : [l.w, l.b]))
  const layers = (ps: ReadonlyArray<AD.Var>): AD.Traced<NN.MlpParams> => {
    let k = 0
    return w.params.map((l) => (l.b === undefined ? { w: ps[k++]! } : { w: ps[k++]!, b: ps[k++]! }))
  }
  const [x, y, rows] = batchesOf(w)[0]!
  const batch = [
    orFail(Tensor.fromArray([rows, Data.features(w.data)])(x)),
    orFail(Tensor.fromArray([rows, Data.outputs(w.data)])(y))
  ]
  const f = (ps: ReadonlyArray<AD.Var>, [xs, ys]: ReadonlyArray<Tensor.Tensor>): AD.Var =>
    model.loss(ys!)(model.forward(layers(ps))(xs!))
  return Advanced.AD.compile(f, leaves, batch) !== undefined
}

// -------------------------------------------------------------------------------------
// measuring
// -------------------------------------------------------------------------------------

const GRADFOLD = 'gradfold'
const GENERAL = 'gradfold general'
const BUILT_IN_HUBER = 'gradfold, NN.huber'
const USERS_HUBER = "gradfold general, the user's Huber"
const EPOCH_A_CALL = 'gradfold, fitFrom an epoch a call'

interface Implementation {
  readonly name: string
  readonly make: (w: Workload) => Trainer | Promise<Trainer>
  /** The workloads it runs on (all when absent). */
  readonly workloads?: ReadonlyArray<Workload['id']>
}

const allImplementations: ReadonlyArray<Implementation> = [
  { name: GRADFOLD, make: (w) => gradfold(w) },
  { name: GENERAL, make: (w) => gradfold(w, { path: 'general' }) },
  // a loss the user wrote (Huber from AD ops), against the library's own NN.huber on the same model
  { name: BUILT_IN_HUBER, make: (w) => gradfold(w, { loss: NN.huber(1) }), workloads: ['W2'] },
  { name: USERS_HUBER, make: (w) => gradfold(w, { path: 'general', loss: usersHuber(1) }), workloads: ['W2'] },
  // fitFrom once per epoch, as a live plot calls it, against the gradfold row's epochs in one call
  { name: EPOCH_A_CALL, make: (w) => gradfold(w, { epochACall: true }), workloads: ['W3'] },
  { name: 'hand-written JS', make: (w) => baseline(w) },
  // the same loop calling gradfold's portable exp and log instead of the engine's Math: their cost
  { name: 'hand-written JS, Elementary', make: (w) => baseline(w, Elementary), workloads: ['W3'] },
  { name: 'tfjs cpu', make: (w) => tfjs(w, 'cpu') },
  { name: 'tfjs wasm', make: (w) => tfjs(w, 'wasm') },
  { name: 'jax-js wasm f32', make: (w) => jax(w, 'float32') },
  { name: 'jax-js wasm f64', make: (w) => jax(w, 'float64') },
  { name: 'brain.js', make: brainjs }
]

// `--only=hand-written JS,tfjs cpu`: gradfold's two rows and the named peers, for a quicker run
// (written to bench/results/partial.json, not latest.json).
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const implementations = allImplementations.filter(
  (impl) => impl.name.startsWith('gradfold') || only === undefined || only.includes(impl.name)
)
// `--workloads=W2,W3`: only the named workloads (written to partial.json too)
const chosen = process.argv
  .find((a) => a.startsWith('--workloads='))
  ?.slice('--workloads='.length)
  .split(',')

interface Row {
  readonly name: string
  readonly samplesPerSecond: number
  readonly epochsPerRound: number
  readonly rounds: ReadonlyArray<number>
  readonly firstLoss: number
  readonly lastLoss: number
  readonly learns: boolean
}

interface Live {
  readonly impl: Implementation
  readonly trainer: Trainer
  readonly k: number
  readonly losses: Array<number>
  readonly rates: Array<number>
}

/**
 * One timed call: `k` epochs, then the loss of the whole data set once (for a trainer that can
 * measure it). Its milliseconds charge that measurement as one per `every` epochs (`every`: the
 * gradfold row's epochs a round): so a row that runs more or fewer epochs a round than gradfold
 * pays for the measurement as gradfold does, neither more nor less.
 */
const timedCall = (
  trainer: Trainer,
  k: number,
  every: number
): { readonly losses: ReadonlyArray<number>; readonly ms: number } => {
  const start = performance.now()
  const losses = trainer.epochs(k)
  const epochs = performance.now() - start
  if (trainer.datasetLoss === undefined) return { losses, ms: epochs }
  trainer.datasetLoss()
  return { losses, ms: epochs + (performance.now() - start - epochs) * (k / every) }
}

/** tfjs keeps one global backend: an implementation's trainer is made right before it runs. */
const measureWorkload = async (w: Workload): Promise<{ rows: ReadonlyArray<Row>; trainers: Map<string, Trainer> }> => {
  const n = Data.size(w.data)
  const live: Array<Live> = []
  for (const impl of implementations.filter((i) => i.workloads === undefined || i.workloads.includes(w.id))) {
    const trainer = await impl.make(w)
    // warm-up: epochs until WARMUP_MS have passed (the JIT compilers settle), the last one timed
    const losses: Array<number> = []
    const began = performance.now()
    let ms = 0
    let epochs = 0
    do {
      const call = timedCall(trainer, 1, 1)
      losses.push(...call.losses)
      ms = call.ms
      epochs++
    } while (performance.now() - began < WARMUP_MS)
    ms = Math.min(ms, (performance.now() - began) / epochs) // an epoch's time: the last, or the warm-up's mean
    live.push({
      impl,
      trainer,
      k: Math.max(1, Math.min(2000, Math.ceil(TARGET_MS / Math.max(ms, 1e-3)))),
      losses,
      rates: []
    })
  }
  // the gradfold row's epochs a round: every row pays for one data-set measurement per as many epochs
  const every = live.find((l) => l.impl.name === GRADFOLD)?.k ?? 1
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < live.length; j++) {
      const l = live[(j + round) % live.length]!
      if (l.impl.name.startsWith('tfjs')) await useBackend(l.impl.name.endsWith('wasm') ? 'wasm' : 'cpu')
      const { losses, ms } = timedCall(l.trainer, l.k, every)
      l.losses.push(...losses)
      l.rates.push((l.k * n) / (ms / 1000))
    }
  }
  const rows = live.map((l) => ({
    name: l.impl.name,
    samplesPerSecond: median(l.rates),
    epochsPerRound: l.k,
    rounds: l.rates,
    firstLoss: l.losses[0]!,
    lastLoss: l.losses[l.losses.length - 1]!,
    learns: l.losses[l.losses.length - 1]! < l.losses[0]!
  }))
  return { rows, trainers: new Map(live.map((l) => [l.impl.name, l.trainer])) }
}

// -------------------------------------------------------------------------------------
// checks and the report
// -------------------------------------------------------------------------------------

const relative = (a: number, b: number): number =>
  Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE)

interface Agreement {
  /** gradfold (either path: the larger difference) against the baseline after one epoch, from the same weights. */
  readonly batchLoss: number
  readonly datasetLoss: number
  /** W2: the user's Huber against NN.huber after one epoch (the two formulas round differently). */
  readonly huber?: number
  /** W3: fitFrom an epoch a call gives the losses of the same epochs in one call, bit for bit. */
  readonly epochACall?: boolean
}

const firstRecordOf = (g: GradfoldTrainer): Train.EpochRecord => {
  g.epochs(1)
  return g.firstRecord()!
}

const agreement = (w: Workload): Agreement => {
  const b = baseline(w)
  const [batchLoss] = b.epochs(1)
  const datasetLoss = b.datasetLoss!()
  const trainers = (['fused', 'general'] as const).map((path) => gradfold(w, { path }))
  const records = trainers.map(firstRecordOf)
  const huber = () =>
    relative(
      firstRecordOf(gradfold(w, { loss: NN.huber(1) })).batchLoss,
      firstRecordOf(gradfold(w, { path: 'general', loss: usersHuber(1) })).batchLoss
    )
  const epochACall = () => {
    const [one, each] = [gradfold(w).epochs(3), gradfold(w, { epochACall: true }).epochs(3)]
    return one.length === 3 && one.every((l, i) => Object.is(l, each[i]))
  }
  return {
    batchLoss: Math.max(...records.map((r) => relative(r.batchLoss, batchLoss!))),
    datasetLoss: Math.max(...trainers.map((g) => relative(g.datasetLoss(), datasetLoss))),
    ...(w.id === 'W2' ? { huber: huber() } : {}),
    ...(w.id === 'W3' ? { epochACall: epochACall() } : {})
  }
}

const fmt = (x: number): string =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0)

/** The line under W1's table: bench/threads.bench.ts's speed-up on worker threads, when it ran before; its target. */
const threadsLine = (smokeRun: boolean): Target | undefined => {
  const file = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'bench',
    'results',
    smokeRun ? 'threads-smoke.json' : 'threads.json'
  )
  if (!existsSync(file)) return undefined
  const t = JSON.parse(readFileSync(file, 'utf8')) as {
    readonly date: string
    readonly smoke: boolean
    readonly cores: number
    readonly load: { readonly before: number; readonly after: number }
    readonly stepsPerSecond: Readonly<Record<string, number>>
    readonly speedUp?: { readonly median: number; readonly low: number; readonly high: number }
  }
  if (typeof t.speedUp?.median !== 'number') {
    console.log(
      `W1 gradient on worker threads: ${path.basename(file)} gives no speed-up (bench/threads.bench.ts changed its record?)`
    )
    return undefined
  }
  console.log(
    `W1 gradient on worker threads (bench/threads.bench.ts, ${t.date}${t.smoke ? ', smoke: means nothing' : ''}): 2 threads / 1 thread ${t.speedUp.median.toFixed(2)}× (rounds ${t.speedUp.low.toFixed(2)}–${t.speedUp.high.toFixed(2)}×), ${t.cores} cores, load ${t.load.before.toFixed(2)} → ${t.load.after.toFixed(2)}`
  )
  return report({
    target: 'W1, two threads ≥ 1.6× one (median over rounds)',
    bar: 1.6,
    ratio: t.speedUp.median,
    of: '2 worker threads / 1, bench/threads.bench.ts'
  })
}

/** The rows' ratios that issue 18's targets ask of workload `w`, each printed on its line. */
const workloadTargets = (w: Workload, rows: ReadonlyArray<Row>): Array<Target> => {
  const speed = (name: string): number | undefined => rows.find((r) => r.name === name)?.samplesPerSecond
  const targets: Array<Target> = []
  const add = (target: string, bar: number, a: string, b: string): void => {
    const [x, y] = [speed(a), speed(b)]
    if (x !== undefined && y !== undefined) targets.push(report({ target, bar, ratio: x / y, of: `${a} / ${b}` }))
  }
  add(
    `${w.id}, the general path (forward and loss in the user's own functions) ≥ 0.9× the library's path`,
    0.9,
    GENERAL,
    GRADFOLD
  )
  if (w.id === 'W1') {
    add("W1 on one thread ≥ 1.0× jax-js float32 wasm, the library's path", 1, GRADFOLD, 'jax-js wasm f32')
    add('W1 on one thread ≥ 1.0× jax-js float32 wasm, the general path', 1, GENERAL, 'jax-js wasm f32')
  }
  if (w.id === 'W2') {
    add(
      'W2, the Huber row (a loss the user wrote, from AD ops) ≥ 0.9× the built-in loss row',
      0.9,
      USERS_HUBER,
      BUILT_IN_HUBER
    )
    const [huber, own] = [speed(USERS_HUBER), speed(GRADFOLD)]
    if (huber !== undefined && own !== undefined)
      console.log(
        `(the user's Huber against the workload's own built-in loss, softmax CE, the gradfold row: ${(huber / own).toFixed(2)}×)`
      )
  }
  if (w.id === 'W3') {
    add("W3 ≥ 1.0× the hand-written loop, the library's path", 1, GRADFOLD, 'hand-written JS')
    add('W3 ≥ 1.0× the hand-written loop, the general path', 1, GENERAL, 'hand-written JS')
    add('W3, fitFrom one epoch per call ≥ 0.8× the same epochs in one call', 0.8, EPOCH_A_CALL, GRADFOLD)
  }
  return targets
}

// Each workload runs in a node process of its own (`--workload-child=W1`, spawned by the run),
// every implementation interleaved inside it as before, so that no workload is measured on the
// heap and the compiled code the others left behind. The child prints its table and hands its
// result back in a file.
const child = process.argv.find((a) => a.startsWith('--workload-child='))?.slice('--workload-child='.length)
const resultFile = process.argv.find((a) => a.startsWith('--result-file='))?.slice('--result-file='.length)

interface WorkloadResult {
  readonly result: unknown
  readonly failures: ReadonlyArray<string>
  readonly targets: ReadonlyArray<Target>
}

/** One workload, measured and printed in this process. */
const runWorkload = async (w: Workload): Promise<WorkloadResult> => {
  const failures: Array<string> = []
  const check = agreement(w)
  const { rows, trainers } = await measureWorkload(w)
  for (const t of trainers.values()) t.dispose?.()
  const ours = rows[0]!.samplesPerSecond
  const ratios = Object.fromEntries(rows.slice(1).map((r) => [r.name, ours / r.samplesPerSecond]))
  const general = rows.find((r) => r.name === GENERAL)!.samplesPerSecond
  const generalRatios = Object.fromEntries(
    rows.filter((r) => r.name !== GENERAL).map((r) => [r.name, general / r.samplesPerSecond])
  )
  console.log(`\n${w.id}: ${w.title} — ${Data.size(w.data)} samples an epoch`)
  console.log('| implementation | samples/s (median) | gradfold / it | epochs a round | loss: first → last epoch |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const r of rows) {
    const ratio = r.name === GRADFOLD ? '—' : `${ratios[r.name]!.toFixed(2)}×`
    console.log(
      `| ${r.name} | ${fmt(r.samplesPerSecond)} | ${ratio} | ${r.epochsPerRound} | ${r.firstLoss.toPrecision(4)} → ${r.lastLoss.toPrecision(4)}${r.learns ? '' : ' (does not fall)'} |`
    )
    if (!r.learns) failures.push(`${w.id}: ${r.name}'s loss did not fall`)
  }
  console.log(
    `the general path (a user's own model): ${Object.entries(generalRatios)
      .map(([name, r]) => `${r.toPrecision(2)}× ${name === GRADFOLD ? 'the fused path' : name}`)
      .join(', ')}`
  )
  console.log(
    `gradfold vs hand-written after one epoch: batch loss ${check.batchLoss.toExponential(1)}, data-set loss ${check.datasetLoss.toExponential(1)} relative`
  )
  const portable = rows.find((r) => r.name === 'hand-written JS, Elementary')
  const engine = rows.find((r) => r.name === 'hand-written JS')
  if (portable !== undefined && engine !== undefined)
    console.log(
      `the portable elementary functions' cost: the hand-written loop with Elementary.exp runs at ${(portable.samplesPerSecond / engine.samplesPerSecond).toFixed(2)}× its speed with Math.exp`
    )
  const compiled = [GRADFOLD, GENERAL, BUILT_IN_HUBER, USERS_HUBER]
    .filter((name) => trainers.has(name))
    .map((name) => `${name} ${compiles(w, (trainers.get(name) as GradfoldTrainer).model) ? 'yes' : 'no'}`)
  console.log(`the model's loss compiles (Advanced.AD.compile): ${compiled.join(', ')}`)
  if (check.huber !== undefined)
    console.log(`the user's Huber vs NN.huber after one epoch: batch loss ${check.huber.toExponential(1)} relative`)
  if (check.epochACall !== undefined)
    console.log(
      `fitFrom an epoch a call gives the losses of the same epochs in one call, bit for bit: ${check.epochACall ? 'yes' : 'no'}`
    )
  const targets = workloadTargets(w, rows)
  const threads = w.id === 'W1' ? threadsLine(smoke) : undefined
  if (threads !== undefined) targets.push(threads)
  if (!(check.batchLoss <= 1e-12 && check.datasetLoss <= 1e-12))
    failures.push(`${w.id}: gradfold and the hand-written baseline differ after one epoch`)
  if (check.huber !== undefined && !(check.huber <= 1e-12))
    failures.push(`${w.id}: the user's Huber and NN.huber differ after one epoch`)
  if (check.epochACall === false)
    failures.push(`${w.id}: fitFrom an epoch a call and the same epochs in one call differ`)
  return {
    result: {
      id: w.id,
      title: w.title,
      samples: Data.size(w.data),
      rows,
      ratios,
      generalRatios,
      agreement: check,
      targets
    },
    failures,
    targets
  }
}

/** bench/threads.bench.ts in a node process of its own, in this run's mode; its failure, if it fails. */
const threadsBench = (): ReadonlyArray<string> => {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'threads.bench.js')
  const run = spawnSync(process.execPath, [script, ...(smoke ? ['--smoke'] : [])], {
    stdio: ['ignore', 'inherit', 'inherit']
  })
  return run.status === 0 ? [] : ['bench/threads.bench.ts failed']
}

/** Runs workload `id` in a child process: its result, or a failure when the child failed. */
const inChild = (id: string, dir: string): WorkloadResult => {
  const file = path.join(dir, `${id}.json`)
  const args = process.argv.slice(1).filter((a) => !a.startsWith('--workloads='))
  const run = spawnSync(process.execPath, [...args, `--workload-child=${id}`, `--result-file=${file}`], {
    stdio: ['ignore', 'inherit', 'inherit']
  })
  if (run.status !== 0 || !existsSync(file))
    return { result: null, failures: [`${id}: its process failed`], targets: [] }
  return JSON.parse(readFileSync(file, 'utf8')) as WorkloadResult
}

const main = async (): Promise<void> => {
  const warn = console.warn
  console.warn = () => undefined // tfjs suggests installing tfjs-node; that is not what is measured here
  if (child !== undefined && resultFile !== undefined) {
    const w = workloads(smoke).find((x) => x.id === child)
    if (w === undefined) throw new Error(`no workload ${child}`)
    writeFileSync(resultFile, JSON.stringify(await runWorkload(w)))
    return
  }
  const cpu = os.cpus()
  const machine = `node ${process.version}, ${os.platform()} ${process.arch}, ${cpu[0]?.model ?? 'unknown cpu'} (${cpu.length} logical cores)`
  console.log(`gradfold bench${smoke ? ' (smoke: timings mean nothing)' : ''} — ${machine}; tfjs ${tfjsVersion}`)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradfold-bench-'))
  // the worker threads' bench first, in this run's mode (`--smoke` reaches it too), for W1's threads line
  const threads = chosen === undefined || chosen.includes('W1') ? threadsBench() : []
  const done = workloads(smoke)
    .filter((x) => chosen === undefined || chosen.includes(x.id))
    .map((w) => inChild(w.id, dir))
  rmSync(dir, { recursive: true, force: true })
  // `gradfold train` against Train.fit, unless `--workloads=` leaves out `train`
  if (chosen === undefined || chosen.includes('train')) done.push(commandRow(smoke ? 3 : 1000, smoke ? 1 : ROUNDS))
  const results = done.map((d) => d.result)
  const failures = [...threads, ...done.flatMap((d) => d.failures)]
  summary(
    done.flatMap((d) => d.targets),
    smoke
  )
  console.warn = warn
  console.log('\nRatios are gradfold / peer in samples/s: above 1× means gradfold is faster.')
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results')
  mkdirSync(out, { recursive: true })
  const file = path.join(
    out,
    smoke ? 'smoke.json' : only !== undefined || chosen !== undefined ? 'partial.json' : 'latest.json'
  )
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, smoke, rounds: ROUNDS, results }, null, 2)}\n`
  )
  console.log(`written: ${path.relative(process.cwd(), file)}`)
  for (const f of failures) console.error(`FAILED: ${f}`)
  process.exitCode = failures.length === 0 ? 0 : 1
}

void main()
