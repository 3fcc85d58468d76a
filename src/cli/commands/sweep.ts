/**
 * `gradfold sweep <sweep.json>`: every job of a sweep, on this machine's cores by default, or
 * through a Redis queue (`--queue redis://host:port`) that `gradfold worker` processes on any
 * number of machines take jobs from. The results (the ranked table, each job's history and
 * model file, the metric's SVG) are written to `--out`, the same bytes either way; jobs whose
 * results are already there are not run again.
 *
 * @since 0.2.0
 */
import { readFile } from 'node:fs/promises'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Codec } from '../../index.js'
import * as Node from '../../node/index.js'
import { EXIT, type Io } from '../io.js'
import type { Subcommand } from './Command.js'
import { badInput } from './shared.js'

interface SweepOptions {
  readonly out?: string
  readonly threads?: string
  readonly queue?: string
}

const readSpec = (path: string): TE.TaskEither<{ readonly message: string }, Node.SweepSpec> =>
  pipe(
    TE.tryCatch(() => readFile(path, 'utf8'), Node.ioError(path, 'read')),
    TE.chainEitherKW(Codec.parseJson),
    TE.chainEitherKW(Codec.decode(Node.SweepSpecC))
  )

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
  const result = await pipe(
    readSpec(path),
    TE.bindTo('spec'),
    TE.bindW('dir', ({ spec }) => TE.right(options.out ?? `sweeps/${spec.name}`)),
    TE.bindW('results', ({ spec, dir }) =>
      options.queue === undefined
        ? Node.runSweep(spec, { dir, ...(threads === undefined ? {} : { threads }) })
        : pipe(
            Node.enqueueSweep(options.queue, spec),
            TE.chainW(() => Node.awaitSweep(options.queue!, spec)),
            TE.chainFirstW((results) => Node.writeSweepResults(dir, spec)(results))
          )
    )
  )()
  if (E.isLeft(result)) return badInput(io, 'cannot sweep:', [result.left.message])
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
      .description('run every job of a sweep (grid or seeded random search) on every core, or through a Redis queue')
      .argument('<sweep>', 'a sweep file (JSON): name, seed, metric, base, and grid or random')
      .option('--out <dir>', 'where the results go (sweeps/<name> unless given)')
      .option('--threads <n>', 'worker threads for a local sweep (every core unless given)')
      .option('--queue <url>', 'a Redis URL: enqueue the jobs there and wait for `gradfold worker` processes')
      .addHelpText(
        'after',
        '\nExample:\n  gradfold sweep lr.json\n  gradfold sweep lr.json --queue redis://10.0.0.5:6379'
      )
      .action((path: string, options: SweepOptions) => exit(sweep(path, options, io)))
}
