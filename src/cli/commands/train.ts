/**
 * `gradfold train <config> [--out DIR] [--threads N] [--quiet] [--json]`: checks the config (a file,
 * or a starter's name), prepares the data and the network, and runs a session in a new run folder.
 *
 * @since 0.2.0
 */
import { basename, extname, join } from 'node:path'
import * as E from '#fp-ts/Either.js'
import * as Node from '../../node/index.js'
import { EXIT, type Io } from '../io.js'
import { ensureFolder, exists, files } from '../runFolder.js'
import { session } from '../session.js'
import { recordThreads, THREADS_HELP, THREADS_NOTE, threadsOption, withThreads } from '../threads.js'
import type { Subcommand } from './Command.js'
import { badInput, flags, readExperimentOrStarter, resolved, resolvedJson } from './shared.js'
import { Train } from '../../index.js'

/** @category model @since 0.2.0 */
export interface TrainOptions {
  readonly out?: string
  readonly quiet?: boolean
  readonly json?: boolean
  /** Worker threads for the steps' gradients (`--threads`), as typed. */
  readonly threads?: string
}

/**
 * Trains the experiment of the config at `path`; answers the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const train = async (path: string, options: TrainOptions, io: Io): Promise<number> => {
  const threads = threadsOption(options.threads)
  if (E.isLeft(threads)) return badInput(io, 'bad argument:', [threads.left])
  const experiment = await readExperimentOrStarter(path)
  if (E.isLeft(experiment)) return badInput(io, `${path} is not a valid experiment config:`, experiment.left)
  const folder = options.out ?? join('runs', basename(path, extname(path)))
  const f = files(folder)
  if (await exists(f.checkpoint))
    return badInput(io, `${folder} already holds a run:`, [
      `continue it with: gradfold resume ${folder}`,
      'or train into another folder with --out'
    ])
  const c = resolved(experiment.right, path)
  const prepared = await Node.prepareExperiment(c)()
  if (E.isLeft(prepared)) return badInput(io, 'the experiment cannot start:', [prepared.left.message])
  const p = prepared.right
  const made = await ensureFolder(folder)()
  const saved = E.isLeft(made) ? made : await Node.writeTextAtomic(f.config)(resolvedJson(c))()
  if (E.isLeft(saved)) return badInput(io, 'cannot write the run folder:', [saved.left.message])
  const name = basename(path, extname(path))
  return withThreads(p, threads.right, io, async (threaded) => {
    // a threaded run says so in its folder, so that resume continues it on threads
    const recorded = threaded === undefined ? E.right(undefined) : await recordThreads(f.threads, threads.right!)()
    if (E.isLeft(recorded)) return badInput(io, 'cannot write the run folder:', [recorded.left.message])
    return session(
      p,
      folder,
      Train.start(p.fit)(p.params, p.key),
      { name, resolved: c, ...flags(options, threaded) },
      io
    )
  })
}

/** @category subcommands @since 0.2.0 */
export const trainCommand: Subcommand = {
  name: 'train',
  register: (program, io, exit) =>
    program
      .command('train')
      .description('train the experiment a config describes, into a run folder')
      .argument(
        '<config>',
        'the experiment config (JSON), e.g. from gradfold init, or a starter’s name: iris, digits, xor, three-class'
      )
      .option('-o, --out <dir>', 'the run folder (default: runs/<config name>)')
      .option('-t, --threads <n>', THREADS_HELP)
      .option('-q, --quiet', 'no progress display, only the final line')
      .option('--json', 'one JSON line per epoch on standard output, for other tools')
      .addHelpText(
        'after',
        `
The run folder receives: config.json (the config as resolved), checkpoint.json, history.json,
history.csv, loss.svg, accuracy.svg, model.json and report.md.
Exit codes: 0 done, 1 training failed (see the last good checkpoint), 2 bad input,
130 interrupted by Ctrl-C (a checkpoint is written; continue with gradfold resume).
${THREADS_NOTE}

Example:
  gradfold train iris                                     # the iris starter, into runs/iris
  gradfold init iris > mine.json && gradfold train mine.json --out runs/mine
  gradfold train iris --out runs/iris-2 --threads 2       # on 2 worker threads`
      )
      .action((config: string, options: TrainOptions) => exit(train(config, options, io)))
}

export { EXIT }
