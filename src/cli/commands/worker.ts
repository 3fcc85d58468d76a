/**
 * `gradfold worker --queue redis://host:port --sweep <name>`: take jobs of a sweep from a Redis
 * queue and run them, one at a time, until interrupted. Start one on each machine; a job whose
 * worker dies is taken again by another.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as Node from '../../node/index.js'
import { EXIT, type Io } from '../io.js'
import { runExperimentJob } from '../sweepJob.js'
import type { Subcommand } from './Command.js'
import { badInput } from './shared.js'

/**
 * Works for the sweep until SIGINT or SIGTERM; answers the exit code.
 *
 * @category subcommands
 * @since 0.2.0
 */
export const worker = async (url: string, sweepName: string, io: Io): Promise<number> => {
  const started = await Node.startWorker(url, sweepName, runExperimentJob, {
    onActive: (i) => io.err.write(`job ${i}\n`)
  })()
  if (E.isLeft(started)) return badInput(io, 'cannot work:', [started.left.message])
  io.err.write(`working for sweep ${sweepName} on ${url}; Ctrl-C stops after the current job\n`)
  return new Promise((resolve) => {
    const stop = (): void => void started.right.close().then(() => resolve(EXIT.ok))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

/** @category subcommands @since 0.2.0 */
export const workerCommand: Subcommand = {
  name: 'worker',
  register: (program, io, exit) =>
    program
      .command('worker')
      .description('take jobs of a sweep from a Redis queue and run them, until interrupted')
      .requiredOption('--queue <url>', 'the Redis URL the sweep was enqueued on')
      .requiredOption('--sweep <name>', "the sweep's name (its file's name field)")
      .addHelpText('after', '\nExample:\n  gradfold worker --queue redis://10.0.0.5:6379 --sweep lr')
      .action((options: { readonly queue: string; readonly sweep: string }) =>
        exit(worker(options.queue, options.sweep, io))
      )
}
