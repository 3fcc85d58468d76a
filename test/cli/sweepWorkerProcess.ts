// A queue worker in a process of its own, standing in for a machine in the sweep tests:
// `node --import tsx sweepWorkerProcess.ts <redis url> <sweep name> [<worker options as JSON>]`.
// It runs jobs as `gradfold worker` does (experiment configs, trained by the command's runner)
// and prints `active <index>` when it starts a job and `epoch <index> <epoch>` after each epoch,
// so that a test can kill it mid-job, at an epoch of its choosing.
import * as E from 'fp-ts/lib/Either.js'
import { experimentRunner } from '../../src/cli/sweepJob.js'
import { startWorker, type WorkerOptions } from '../../src/node/sweep/queue.js'

const [url, sweep, options] = process.argv.slice(2) as [string, string, string | undefined]
const runner = experimentRunner({ onEpoch: (index, epoch) => process.stdout.write(`epoch ${index} ${epoch}\n`) })
const worker = await startWorker(url, sweep, runner, {
  lockDuration: 5000,
  stalledInterval: 1000,
  ...(options === undefined ? {} : (JSON.parse(options) as WorkerOptions)),
  onActive: (index) => process.stdout.write(`active ${index}\n`),
  onError: (message) => process.stderr.write(`worker: ${message}\n`)
})()
if (E.isLeft(worker)) {
  process.stderr.write(`${worker.left.message}\n`)
  process.exit(1)
}
process.on('SIGTERM', () => void worker.right.close().then(() => process.exit(0)))
