// `npm run bench`: W1, W2 and W3 (bench/workloads.ts) trained by gradfold's `fit`, by a
// hand-written mutable baseline, by @tensorflow/tfjs (cpu, wasm), by @jax-js/jax (wasm, jit,
// float32 and float64) and by brain.js, in one run of the built package under plain `node`.
//
// Method: each workload runs in a node process of its own; in it, every implementation warms up
// for 1.5 s of epochs, which size how many
// epochs make one timed measurement (about 150 ms); then ROUNDS rounds, each timing every implementation
// once, in an order that rotates from round to round (so that a burst of load on a shared
// machine falls on all of them alike). Samples/s is the median over the rounds. Ratios are
// gradfold / peer in samples/s: above 1× means gradfold is faster.
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
// forward pass wrapped in a function of the user's own, which no fused kernel recognises): what a
// user's own model costs. Its ratios are printed under each table.
//
// `--smoke`: two rounds of one epoch on a small W1, for CI: it runs every implementation and
// every check, and its timings mean nothing.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Data, Elementary, NN, Optim, Random, Train } from '../src/index.js'
import { baseline, type Trainer } from './baseline.js'
import { brainjs } from './peers/brain.js'
import { jax } from './peers/jax.js'
import { tfjs, tfjsVersion, useBackend } from './peers/tfjs.js'
import { orFail } from './timing.js'
import { workloads, type Workload } from './workloads.js'
import * as Advanced from '../src/advanced.js'

const smoke = process.argv.includes('--smoke')

const ROUNDS = smoke ? 2 : 7
const TARGET_MS = smoke ? 0 : 150
const WARMUP_MS = smoke ? 0 : 1500

// -------------------------------------------------------------------------------------
// gradfold, as a user calls it
// -------------------------------------------------------------------------------------

const lossOf = (w: Workload): Train.Model<NN.MlpParams>['loss'] =>
  w.loss === 'softmaxCrossEntropy' ? NN.softmaxCrossEntropy : NN.halfSumSquares

interface GradfoldTrainer extends Trainer {
  readonly firstRecord: () => Train.EpochRecord | undefined
}

/**
 * `fit` as a user calls it. `path: 'general'` wraps the forward pass in a function of the user's
 * own, which no fused kernel recognises: the same model, trained by the general path
 * (`valueAndGrad` of the parameter record every step), as a user's own model would be.
 */
const gradfold = (w: Workload, path: 'fused' | 'general' = 'fused'): GradfoldTrainer => {
  const forward: typeof w.spec.forward = path === 'fused' ? w.spec.forward : (p) => w.spec.forward(p)
  const config = {
    model: { forward, loss: lossOf(w) },
    optimizer: orFail(Optim.sgd(w.lr)),
    batching: orFail(Data.miniBatch(w.batch)),
    maxEpochs: 1,
    evaluateEvery: 1_000_000 // the data set measured once a timed call (at its last epoch), as the peers do not measure it
  }
  const key = orFail(Random.key(0))
  let progress: Train.Progress<NN.MlpParams, Advanced.Optim.SgdState> | undefined
  return {
    epochs: (k) => {
      const result = orFail(
        progress === undefined
          ? Train.fit({ ...config, maxEpochs: k })(w.params, key, w.data)
          : Train.fitFrom({ ...config, maxEpochs: progress.state.epoch + k })(progress, w.data)
      )
      const done = progress?.history.length ?? 0
      progress = result
      return result.history.slice(done).map((r) => r.batchLoss)
    },
    firstRecord: () => progress?.history[0]
  }
}

// -------------------------------------------------------------------------------------
// measuring
// -------------------------------------------------------------------------------------

interface Implementation {
  readonly name: string
  readonly make: (w: Workload) => Trainer | Promise<Trainer>
  /** The workloads it runs on (all when absent). */
  readonly workloads?: ReadonlyArray<Workload['id']>
}

const allImplementations: ReadonlyArray<Implementation> = [
  { name: 'gradfold', make: (w) => gradfold(w) },
  { name: 'gradfold general', make: (w) => gradfold(w, 'general') },
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

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const h = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2
}

interface Live {
  readonly impl: Implementation
  readonly trainer: Trainer
  readonly k: number
  readonly losses: Array<number>
  readonly rates: Array<number>
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
      const start = performance.now()
      losses.push(...trainer.epochs(1))
      ms = performance.now() - start
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
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < live.length; j++) {
      const l = live[(j + round) % live.length]!
      if (l.impl.name.startsWith('tfjs')) await useBackend(l.impl.name.endsWith('wasm') ? 'wasm' : 'cpu')
      const start = performance.now()
      const losses = l.trainer.epochs(l.k)
      const ms = performance.now() - start
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

/** gradfold (either path: the larger difference) against the baseline after one epoch, from the same weights. */
const agreement = (w: Workload): { readonly batchLoss: number; readonly datasetLoss: number } => {
  const b = baseline(w)
  const [batchLoss] = b.epochs(1)
  const datasetLoss = b.datasetLoss!()
  const records = (['fused', 'general'] as const).map((p) => {
    const g = gradfold(w, p)
    g.epochs(1)
    return g.firstRecord()!
  })
  return {
    batchLoss: Math.max(...records.map((r) => relative(r.batchLoss, batchLoss!))),
    datasetLoss: Math.max(...records.map((r) => relative(r.train?.loss ?? Number.NaN, datasetLoss)))
  }
}

const fmt = (x: number): string =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0)

/** The line under W1's table: bench/threads.bench.ts's speed-up on worker threads, when it ran before. */
const threadsLine = (smokeRun: boolean): void => {
  const file = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'bench',
    'results',
    smokeRun ? 'threads-smoke.json' : 'threads.json'
  )
  if (!existsSync(file)) return
  const t = JSON.parse(readFileSync(file, 'utf8')) as {
    readonly date: string
    readonly smoke: boolean
    readonly cores: number
    readonly load: { readonly before: number; readonly after: number }
    readonly stepsPerSecond: Readonly<Record<string, number>>
    readonly speedUp: { readonly median: number; readonly low: number; readonly high: number }
  }
  console.log(
    `W1 gradient on worker threads (bench/threads.bench.ts, ${t.date}${t.smoke ? ', smoke: means nothing' : ''}): 2 threads / 1 thread ${t.speedUp.median.toFixed(2)}× (rounds ${t.speedUp.low.toFixed(2)}–${t.speedUp.high.toFixed(2)}×), ${t.cores} cores, load ${t.load.before.toFixed(2)} → ${t.load.after.toFixed(2)}`
  )
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
}

/** One workload, measured and printed in this process. */
const runWorkload = async (w: Workload): Promise<WorkloadResult> => {
  const failures: Array<string> = []
  const check = agreement(w)
  const { rows, trainers } = await measureWorkload(w)
  for (const t of trainers.values()) t.dispose?.()
  const ours = rows[0]!.samplesPerSecond
  const ratios = Object.fromEntries(rows.slice(1).map((r) => [r.name, ours / r.samplesPerSecond]))
  const general = rows.find((r) => r.name === 'gradfold general')!.samplesPerSecond
  const generalRatios = Object.fromEntries(
    rows.filter((r) => r.name !== 'gradfold general').map((r) => [r.name, general / r.samplesPerSecond])
  )
  console.log(`\n${w.id}: ${w.title} — ${Data.size(w.data)} samples an epoch`)
  console.log('| implementation | samples/s (median) | gradfold / it | epochs a round | loss: first → last epoch |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const r of rows) {
    const ratio = r.name === 'gradfold' ? '—' : `${ratios[r.name]!.toFixed(2)}×`
    console.log(
      `| ${r.name} | ${fmt(r.samplesPerSecond)} | ${ratio} | ${r.epochsPerRound} | ${r.firstLoss.toPrecision(4)} → ${r.lastLoss.toPrecision(4)}${r.learns ? '' : ' (does not fall)'} |`
    )
    if (!r.learns) failures.push(`${w.id}: ${r.name}'s loss did not fall`)
  }
  console.log(
    `the general path (a user's own model): ${Object.entries(generalRatios)
      .map(([name, r]) => `${r.toPrecision(2)}× ${name === 'gradfold' ? 'the fused path' : name}`)
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
  if (w.id === 'W1') threadsLine(smoke)
  if (!(check.batchLoss <= 1e-12 && check.datasetLoss <= 1e-12))
    failures.push(`${w.id}: gradfold and the hand-written baseline differ after one epoch`)
  return {
    result: { id: w.id, title: w.title, samples: Data.size(w.data), rows, ratios, generalRatios, agreement: check },
    failures
  }
}

/** Runs workload `id` in a child process: its result, or a failure when the child failed. */
const inChild = (id: string, dir: string): WorkloadResult => {
  const file = path.join(dir, `${id}.json`)
  const args = process.argv.slice(1).filter((a) => !a.startsWith('--workloads='))
  const run = spawnSync(process.execPath, [...args, `--workload-child=${id}`, `--result-file=${file}`], {
    stdio: ['ignore', 'inherit', 'inherit']
  })
  if (run.status !== 0 || !existsSync(file)) return { result: null, failures: [`${id}: its process failed`] }
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
  const done = workloads(smoke)
    .filter((x) => chosen === undefined || chosen.includes(x.id))
    .map((w) => inChild(w.id, dir))
  rmSync(dir, { recursive: true, force: true })
  const results = done.map((d) => d.result)
  const failures = done.flatMap((d) => d.failures)
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
