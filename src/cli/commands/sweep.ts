/**
 * `gradfold sweep <sweep.json>`: every job of a sweep over fields of an experiment config (the
 * sweep file: `sweepFile.ts`; each job trained as `gradfold train` trains its config:
 * `sweepJob.ts`), on this machine's cores by default, or through a Redis queue
 * (`--queue redis://host:port`) that `gradfold worker` processes on any number of machines take
 * jobs from. The results (the table ranked by the metric, each job's history and model file, the
 * metric's SVG against the first swept field) are written to `--out`, the same bytes either way;
 * jobs whose results are already there are not run again.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import { pipe } from '#fp-ts/function.js'
import * as Node from '../../node/index.js'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EXIT, type Io } from '../io.js'
import { readSweep } from '../sweepFile.js'
import type { Subcommand } from './Command.js'
import { badInput } from './shared.js'

interface SweepOptions {
  readonly out?: string
  readonly threads?: string
  readonly queue?: string
}

/**
 * The module local worker threads load the experiment runner from: src/cli/sweepJob.ts, one
 * folder up from this one in the sources; in the bundled package (scripts/build.mjs) an entry
 * beside the chunk this code is in.
 */
const runner = ((): string => {
  const file = `sweepJob.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`
  const beside = fileURLToPath(new URL(`./${file}`, import.meta.url))
  return existsSync(beside) ? beside : fileURLToPath(new URL(`../${file}`, import.meta.url))
})()

type SweepProblem = Node.SweepError | Node.SweepFailed | Node.QueueFailed

/** Jobs that failed: exit code 1, one line each; anything else stopped the sweep before its jobs: 2. */
const failure = (io: Io, e: SweepProblem): number => {
  if (e._tag === 'IoError' || e._tag === 'QueueFailed') return badInput(io, 'cannot sweep:', [e.message])
  const failed = e._tag === 'SweepFailed' ? e.failed : [e]
  io.err.write(failed.map((f) => `gradfold: ${f.message}\n`).join(''))
  return EXIT.failed
}

/**
 * Runs the sweep in `path` and writes its results; answers the exit code.
 *
 * @category subcommands
 * @since 0.2.0
 */
export const sweep = async (path: string, options: SweepOptions, io: Io): Promise<number> => {
  const threads = options.threads === undefined ? undefined : Number(options.threads)
  if (threads !== undefined && !(Number.isSafeInteger(threads) && threads >= 1))
    return badInput(io, 'cannot sweep:', [`--threads is ${options.threads}; it must be an integer ≥ 1`])
  const read = await readSweep(path)
  if (E.isLeft(read)) return badInput(io, `${path} is not a valid sweep:`, read.left)
  const result = await pipe(
    TE.right(read.right),
    TE.bindTo('spec'),
    TE.bindW('dir', ({ spec }) => TE.right(options.out ?? `sweeps/${spec.name}`)),
    TE.bindW('results', ({ spec, dir }): TE.TaskEither<SweepProblem, ReadonlyArray<Node.JobResult>> =>
      options.queue === undefined
        ? Node.runSweep(spec, { runner, dir, ...(threads === undefined ? {} : { threads }) })
        : pipe(
            Node.enqueueSweep(options.queue, spec),
            TE.chainW(() => Node.awaitSweep(options.queue!, spec)),
            TE.chainFirstW((results) => Node.writeSweepResults(dir, spec)(results))
          )
    )
  )()
  if (E.isLeft(result)) return failure(io, result.left)
  const { spec, dir, results } = result.right
  io.out.write(Node.sweepTable(spec)(results))
  io.err.write(`${results.length} jobs; results in ${dir}\n`)
  return EXIT.ok
}

/** @category subcommands @since 0.2.0 */
export const sweepCommand: Subcommand = {
  name: 'sweep',
  register: (program, io, exit) =>
    program
      .command('sweep')
      .description(
        'train every job of a sweep over an experiment config (grid or seeded random search) on every core, or through a Redis queue'
      )
      .argument('<sweep>', 'a sweep file (JSON): name, seed, metric, base (an experiment config) and search')
      .option('--out <dir>', 'where the results go (sweeps/<name> unless given)')
      .option('--threads <n>', 'worker threads for a local sweep (every core unless given)')
      .option('--queue <url>', 'a Redis URL: enqueue the jobs there and wait for `gradfold worker` processes')
      .addHelpText(
        'after',
        `
A sweep file names a base experiment config and the fields to vary (dotted paths into it):
  { "name": "iris-lr", "seed": 1, "metric": "validation.accuracy", "base": "iris.json",
    "search": { "kind": "grid", "fields": { "optimizer.lr": [0.01, 0.1, 1], "model.hidden": [[8], [16]] } } }
or "search": { "kind": "random", "count": 12, "fields": { "optimizer.lr": { "min": 0.001, "max": 1, "log": true } } }.
The results folder receives table.csv (best job first), metric.svg and jobs/<i>/{result,history,model}.json.
Exit codes: 0 done; 1 jobs failed (once every job has finished: one line each); 2 bad input
(the sweep file, an argument) or a queue that cannot be reached.

Example:
  gradfold init sweep > sweep.json   # a starter: 12 jobs over the iris starter
  gradfold sweep sweep.json
  gradfold sweep sweep.json --queue redis://10.0.0.5:6379   # with gradfold worker on each machine`
      )
      .action((path: string, options: SweepOptions) => exit(sweep(path, options, io)))
}
