/**
 * `gradfold worker --queue redis://host:port --sweep <name>`: take jobs of a sweep from a Redis
 * queue and run them, one at a time, until interrupted (Ctrl-C puts the running job back in the
 * queue, its newest checkpoint stored). Start one on each machine; a job whose
 * worker dies is taken again by another, from its newest checkpoint (kept in Redis). A job of
 * any length keeps its lock (`--lock-duration`); everything that goes wrong is one line on
 * standard error.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as Node from '../../node/index.js'
import { EXIT, type Io } from '../io.js'
import { experimentRunner } from '../sweepJob.js'
import type { Subcommand } from './Command.js'
import { badInput } from './shared.js'

/**
 * The options of `gradfold worker`, as typed.
 *
 * @category model
 * @since 0.3.0
 */
export interface WorkerCommandOptions {
  readonly lockDuration?: string
  readonly maxStalled?: string
  readonly checkpointInterval?: string
}

/** A whole number ≥ `min` typed for `flag`, or the line that says why not. */
const whole =
  (flag: string, min: number, unit: string) =>
  (raw: string | undefined): E.Either<string, number | undefined> => {
    if (raw === undefined) return E.right(undefined)
    const n = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN
    return Number.isSafeInteger(n) && n >= min
      ? E.right(n)
      : E.left(`${flag} is ${JSON.stringify(raw)}; it must be a whole number${unit} ≥ ${min}`)
  }

/**
 * The worker's options from the command line, or one line for each that is wrong.
 *
 * @category parsing
 * @since 0.3.0
 */
export const workerOptions = (o: WorkerCommandOptions): E.Either<ReadonlyArray<string>, Node.WorkerOptions> => {
  const parsed = [
    ['lockDuration', whole('--lock-duration', 1000, ' of milliseconds')(o.lockDuration)],
    ['maxStalledCount', whole('--max-stalled', 0, '')(o.maxStalled)],
    ['checkpointInterval', whole('--checkpoint-interval', 0, ' of milliseconds')(o.checkpointInterval)]
  ] as const
  const wrong = parsed.flatMap(([, p]) => (E.isLeft(p) ? [p.left] : []))
  if (wrong.length > 0) return E.left(wrong)
  return E.right(
    Object.fromEntries(parsed.flatMap(([k, p]) => (E.isRight(p) && p.right !== undefined ? [[k, p.right]] : [])))
  )
}

/**
 * Works for the sweep until SIGINT or SIGTERM, then stops: the job it was running stores its
 * newest checkpoint and goes back to the queue (a second signal stops the process at once);
 * answers the exit code.
 *
 * @category subcommands
 * @since 0.2.0
 */
export const worker = async (
  url: string,
  sweepName: string,
  io: Io,
  options: WorkerCommandOptions = {}
): Promise<number> => {
  const parsed = workerOptions(options)
  if (E.isLeft(parsed)) return badInput(io, 'bad argument:', parsed.left)
  const runner = experimentRunner({
    onResume: (i, epoch) => io.err.write(`job ${i}: resumed from its checkpoint at epoch ${epoch}\n`)
  })
  const started = await Node.startWorker(url, sweepName, runner, {
    ...parsed.right,
    onActive: (i) => io.err.write(`job ${i}\n`),
    onError: (message) => io.err.write(`gradfold worker: ${message}\n`)
  })()
  if (E.isLeft(started)) return badInput(io, 'cannot work:', [started.left.message])
  io.err.write(`working for sweep ${sweepName} on ${url}; Ctrl-C stops it, the current job back in the queue\n`)
  const w = started.right
  return new Promise((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop)
      process.removeListener('SIGTERM', stop)
      io.err.write(`gradfold worker: ${stopping(w.running())}\n`)
      void w.interrupt().then(
        () => resolve(EXIT.ok),
        (e: unknown) => {
          io.err.write(`gradfold worker: ${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''}\n`)
          resolve(EXIT.failed)
        }
      )
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

/** What the worker says when it is asked to stop, with job `index` running or none. */
const stopping = (index: number | undefined): string =>
  index === undefined
    ? 'stopping'
    : `stopping: job ${index} stores its newest checkpoint and goes back to the queue, to resume from it (Ctrl-C again stops at once: it then resumes once its lock expires)`

/** @category subcommands @since 0.2.0 */
export const workerCommand: Subcommand = {
  name: 'worker',
  register: (program, io, exit) =>
    program
      .command('worker')
      .description('take jobs of a sweep from a Redis queue and run them, until interrupted')
      .requiredOption('--queue <url>', 'the Redis URL the sweep was enqueued on')
      .requiredOption('--sweep <name>', "the sweep's name (its file's name field)")
      .option(
        '--lock-duration <ms>',
        "how long a job's lock lasts unless renewed (renewed every quarter of it while the job runs); a worker silent that long counts as dead (default 30000, at least 1000)"
      )
      .option(
        '--max-stalled <n>',
        'how many times a job may stall (its worker died) and run again from its checkpoint before it fails (default 3)'
      )
      .option(
        '--checkpoint-interval <ms>',
        "at least this long between two checkpoints of a job, kept in Redis (default 10000; 0: every checkpointEvery epochs of the job's config)"
      )
      .addHelpText(
        'after',
        `
A job whose worker dies is taken by another worker once its lock has expired, and resumes from
its newest checkpoint, to the same result as if never interrupted.

Example:
  gradfold worker --queue redis://10.0.0.5:6379 --sweep lr
  gradfold worker --queue redis://10.0.0.5:6379 --sweep lr --lock-duration 60000 --max-stalled 5`
      )
      .action((options: WorkerCommandOptions & { readonly queue: string; readonly sweep: string }) =>
        exit(worker(options.queue, options.sweep, io, options))
      )
}
