/**
 * `gradfold resume <run folder or checkpoint>`: continues a run from its checkpoint (or from
 * the start when it was stopped before its first), to the same end as if never interrupted: a
 * run trained on threads continues on as many (its folder's `threads.json`) unless `--threads`
 * says otherwise.
 *
 * @since 0.2.0
 */
import { basename, dirname } from 'node:path'
import { readFile, stat } from 'node:fs/promises'
import * as E from '#fp-ts/Either.js'
import { Train } from '../../index.js'
import * as Node from '../../node/index.js'
import { EXIT, type Io } from '../io.js'
import { exists, files, removeStrays } from '../runFolder.js'
import { session } from '../session.js'
import { recordedThreads, recordThreads, THREADS_HELP, THREADS_NOTE, threadsOption, withThreads } from '../threads.js'
import type { Subcommand } from './Command.js'
import { badInput, flags, readExperiment } from './shared.js'

const folderOf = async (target: string): Promise<string> =>
  (await stat(target).then(
    (s) => s.isDirectory(),
    () => true
  ))
    ? target
    : dirname(target)

/**
 * The line of a finished run's report that says where and why it stopped (`report.md` is the
 * last file a finished session writes), or `undefined` while the run is unfinished.
 */
const finished = async (report: string): Promise<string | undefined> =>
  readFile(report, 'utf8').then(
    (text) => /^Training stopped after epoch .*$/m.exec(text)?.[0] ?? 'Training finished.',
    () => undefined
  )

/**
 * Resumes the run in (or of) `target`; answers the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const resume = async (
  target: string,
  options: { readonly quiet?: boolean; readonly json?: boolean; readonly threads?: string },
  io: Io
): Promise<number> => {
  const threads = threadsOption(options.threads)
  if (E.isLeft(threads)) return badInput(io, 'bad argument:', [threads.left])
  const folder = await folderOf(target)
  const f = files(folder)
  if (!(await exists(f.config))) return badInput(io, `${folder} is not a run folder:`, [`${f.config} is missing`])
  const done = target === folder || target === f.checkpoint ? await finished(f.report) : undefined
  if (done !== undefined) {
    io.err.write(
      `gradfold: nothing to do: the run in ${folder} has finished. ${done}\n  Its results are in ${folder}; to train again, use gradfold train with another --out.\n`
    )
    return EXIT.ok
  }
  const experiment = await readExperiment(f.config)
  if (E.isLeft(experiment)) return badInput(io, `${f.config} is not a valid experiment config:`, experiment.left)
  const prepared = await Node.prepareExperiment(experiment.right, { folder })()
  if (E.isLeft(prepared)) return badInput(io, 'the experiment cannot resume:', [prepared.left.message])
  const p = prepared.right
  const cleaned = await removeStrays(folder)()
  if (E.isLeft(cleaned)) return badInput(io, 'cannot tidy the run folder:', [cleaned.left.message])
  const checkpointPath = target === folder ? f.checkpoint : target
  const progress = (await exists(checkpointPath))
    ? E.map((c: Train.Checkpoint<typeof p.params, unknown>) => c.progress)(
        await Node.readCheckpoint(checkpointPath)(p.params, p.optimizer)()
      )
    : E.right(Train.start(p.fit)(p.params, p.key))
  if (E.isLeft(progress)) return badInput(io, 'the checkpoint cannot be read:', [progress.left.message])
  // a threaded run continues on as many threads as it recorded, unless --threads says otherwise
  const recorded = await recordedThreads(f.threads)
  if (threads.right === undefined && recorded !== undefined && options.json !== true)
    io.err.write(
      `gradfold: resuming on ${recorded} thread${recorded === 1 ? '' : 's'}, as the run was trained (--threads n to change)\n`
    )
  const n = threads.right ?? recorded
  return withThreads(p, n, io, async (threaded) => {
    const written = threaded === undefined || n === recorded ? E.right(undefined) : await recordThreads(f.threads, n!)()
    if (E.isLeft(written)) return badInput(io, 'cannot write the run folder:', [written.left.message])
    return session(
      p,
      folder,
      progress.right,
      { name: basename(folder), resolved: experiment.right, ...flags(options, threaded) },
      io
    )
  })
}

/** @category subcommands @since 0.2.0 */
export const resumeCommand: Subcommand = {
  name: 'resume',
  register: (program, io, exit) =>
    program
      .command('resume')
      .description('continue an interrupted run from its checkpoint, to the same end as if never interrupted')
      .argument('<run>', 'a run folder, or a checkpoint file inside one')
      .option('-t, --threads <n>', THREADS_HELP)
      .option('-q, --quiet', 'no progress display, only the final line')
      .option('--json', 'one JSON line per epoch on standard output')
      .addHelpText(
        'after',
        `\n${THREADS_NOTE}\n\nExample:\n  gradfold resume runs/iris\n  gradfold resume runs/iris --threads 2`
      )
      .action((run: string, options: { quiet?: boolean; json?: boolean; threads?: string }) =>
        exit(resume(run, options, io))
      )
}
