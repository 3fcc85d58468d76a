// The row `gradfold train` of `npm run bench`: the command's epochs per second against
// `Train.fit` on the same config (issue 18: ≥ 0.9×).
//
// The config (written into a temporary folder) is W2's training as a user would write it: Iris
// (120 training samples after a stratified 20 % test part, no validation part), inputs
// standardised, 4-16-3 sigmoid, softmax cross-entropy, SGD at 0.1, batches of 16 in data-set
// order; a fixed number of epochs, no early stopping, one checkpoint at the end.
//
// Each round runs, in an order that rotates from round to round, three node processes from
// cold: the built command (`node bin/gradfold.js train <config> --out <dir> --quiet`, the bundle),
// `Train.fit` on the same config (bench/commandFit.ts, a user's program that loads the package's
// bundles and nothing else: the config prepared by `Node.prepareExperiment`, as the command
// prepares it, then `fit` timed around the call), and
// `gradfold --help` (the command's startup). The command's rate is its epochs over the training
// time its report gives (`report.md`: the session's clock around `Train.run`, checkpoints and
// the display included; no startup, data preparation or output files); the line under the table
// also gives it by the wall clock less the startup. Medians over the rounds.
//
// Both sides do the same training: the same prepared config (no `evaluateEvery` in either, so
// both measure the training set after every epoch, ~45 % of the time), the same compiled kernel,
// the same history. What the command's time holds beyond fit's: its one checkpoint at the last
// epoch (the whole history encoded, then written atomically and flushed to disk: ~2 % of the
// 1000 epochs), an event-loop turn every 64 steps (Ctrl-C and the display are served there) and a
// progress for its observer at each epoch (~1 % together). What fit's holds beyond the command's:
// `validateSetup` a second time (both sides' `prepareExperiment` ran it once, outside their
// windows): a forward pass over the training set, well under 0.1 %.
//
// Check (a failure of the run, never a timing): the command's history and fit's end on the
// same loss, bit for bit, so both trained the same run.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Advanced from '../src/advanced.js'
import { report, type Target } from './targets.js'
import { median } from './timing.js'

/** W2's training as a config file says it, for `epochs` epochs. */
const configOf = (epochs: number): unknown => ({
  data: { source: 'bundled', name: 'iris' },
  split: { test: 0.2, validation: 0, stratify: true, seed: 1 },
  preprocessing: { standardize: true, categorical: [], missing: 'refuse' },
  model: { hidden: [16], activations: ['sigmoid'], output: 'identity', bias: true, init: 'glorotUniform' },
  loss: 'softmaxCrossEntropy',
  optimizer: { name: 'sgd', lr: 0.1 },
  batching: { kind: 'miniBatch', size: 16, shuffle: false, dropLast: false },
  stop: { maxEpochs: epochs, targetAccuracy: null, lossBelow: null, patience: null },
  seed: 2,
  checkpointEvery: epochs
})

/** What each side reports: its training time and the last epoch's mean batch loss. */
export interface Timed {
  readonly seconds: number
  /** The last epoch's mean batch loss. */
  readonly lastLoss: number
}

// -------------------------------------------------------------------------------------
// the row
// -------------------------------------------------------------------------------------

/** The built command as a user runs it (bin/gradfold.js loads dist/bundle/cli.js). */
const bin = fileURLToPath(new URL('../../bin/gradfold.js', import.meta.url))

/** `Train.fit` on a config file as a user's program runs it (bench/commandFit.ts). */
const fitChild = fileURLToPath(new URL('./commandFit.js', import.meta.url))

/** Runs `args` in a node process; its wall time in seconds and what it printed, or the failure. */
const spawnTimed = (args: ReadonlyArray<string>): { readonly wall: number; readonly out: string } | string => {
  const start = performance.now()
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const wall = (performance.now() - start) / 1000
  return run.status === 0
    ? { wall, out: run.stdout }
    : `node ${args.join(' ')} exited with ${run.status}: ${run.stderr}`
}

/** The command's training time, from its report, and its last loss, from its history; or what is missing. */
const commandRun = (folder: string): Timed | string => {
  const report = readFileSync(path.join(folder, 'report.md'), 'utf8')
  const seconds = Number(/(\d+) steps in ([\d.e+-]+) s/.exec(report)?.[2])
  const history = Advanced.Train.HistoryC.decode(JSON.parse(readFileSync(path.join(folder, 'history.json'), 'utf8')))
  const last = history._tag === 'Right' ? history.right[history.right.length - 1] : undefined
  return !(seconds > 0)
    ? `${folder}/report.md gives no training time (its Timings section changed?)`
    : last === undefined
      ? `${folder}/history.json holds no epoch`
      : { seconds, lastLoss: last.batchLoss }
}

export interface CommandResult {
  readonly result: unknown
  readonly failures: ReadonlyArray<string>
  readonly targets: ReadonlyArray<Target>
}

/** The `gradfold train` row: `rounds` rounds of `epochs` epochs, printed; its result, failures and target. */
export const commandRow = (epochs: number, rounds: number): CommandResult => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradfold-bench-train-'))
  const config = path.join(dir, 'w2.json')
  writeFileSync(config, `${JSON.stringify(configOf(epochs), null, 2)}\n`)
  const command: Array<Timed & { readonly wall: number }> = []
  const fit: Array<Timed> = []
  const startup: Array<number> = []
  const failures: Array<string> = []
  const jobs: ReadonlyArray<(round: number) => void> = [
    (round) => {
      const out = path.join(dir, `run-${round}`)
      const r = spawnTimed([bin, 'train', config, '--out', out, '--quiet'])
      if (typeof r === 'string') return void failures.push(`gradfold train: ${r}`)
      const run = commandRun(out)
      if (typeof run === 'string') failures.push(`gradfold train: ${run}`)
      else command.push({ ...run, wall: r.wall })
    },
    () => {
      const r = spawnTimed([fitChild, config])
      if (typeof r === 'string') failures.push(`Train.fit: ${r}`)
      else fit.push(JSON.parse(r.out) as Timed)
    },
    () => {
      const r = spawnTimed([bin, '--help'])
      if (typeof r === 'string') failures.push(`gradfold --help: ${r}`)
      else startup.push(r.wall)
    }
  ]
  for (let round = 0; round < rounds && failures.length === 0; round++)
    for (let j = 0; j < jobs.length; j++) jobs[(j + round) % jobs.length]!(round)
  rmSync(dir, { recursive: true, force: true })
  if (failures.length > 0 || command.length === 0 || fit.length === 0) return { result: null, failures, targets: [] }
  const rate = {
    command: median(command.map((c) => epochs / c.seconds)),
    commandWall: median(command.map((c) => epochs / Math.max(c.wall - median(startup), 1e-9))),
    fit: median(fit.map((f) => epochs / f.seconds))
  }
  const sameRun = command.every((c) => fit.every((f) => Object.is(c.lastLoss, f.lastLoss)))
  if (!sameRun) failures.push('gradfold train and Train.fit end on different losses')
  console.log(
    `\ngradfold train: ${epochs} epochs of W2's training from a config file (Iris, 120 training samples, 4-16-3 sigmoid, softmax CE, SGD, batch 16; no early stopping, one checkpoint) — each run a node process from cold, ${rounds} rounds`
  )
  console.log('| implementation | epochs/s (median) | rounds |')
  console.log('| --- | --- | --- |')
  const roundsOf = (xs: ReadonlyArray<number>): string => xs.map((x) => x.toFixed(0)).join(', ')
  console.log(
    `| gradfold train (its report's training time) | ${rate.command.toFixed(0)} | ${roundsOf(command.map((c) => epochs / c.seconds))} |`
  )
  console.log(`| Train.fit | ${rate.fit.toFixed(0)} | ${roundsOf(fit.map((f) => epochs / f.seconds))} |`)
  console.log(
    `gradfold train by the wall clock less its startup (gradfold --help, ${median(startup).toFixed(2)} s): ${rate.commandWall.toFixed(0)} epochs/s, data preparation and the run folder's files included`
  )
  console.log(`gradfold train and Train.fit end on the same loss, bit for bit: ${sameRun ? 'yes' : 'no'}`)
  const target = report({
    target: 'gradfold train ≥ 0.9× Train.fit on the same config',
    bar: 0.9,
    ratio: rate.command / rate.fit,
    of: 'gradfold train / Train.fit, epochs/s'
  })
  return {
    result: { epochs, rounds, epochsPerSecond: rate, startupSeconds: median(startup), sameRun, target },
    failures,
    targets: [target]
  }
}
