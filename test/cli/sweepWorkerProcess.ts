// A queue worker in a process of its own, standing in for a machine in the sweep tests:
// `node --import tsx sweepWorkerProcess.ts <redis url> <sweep name>`. It runs jobs as `gradfold
// worker` does (experiment configs, trained by the command's runner) and prints `active <index>`
// when it starts a job, so that a test can kill it mid-job.
import * as E from 'fp-ts/lib/Either.js'
import { runExperimentJob } from '../../src/cli/sweepJob.js'
import { startWorker } from '../../src/node/sweep/queue.js'

const [url, sweep] = process.argv.slice(2) as [string, string]
const worker = await startWorker(url, sweep, runExperimentJob, {
  lockDuration: 5000,
  stalledInterval: 1000,
  onActive: (index) => process.stdout.write(`active ${index}\n`)
})()
if (E.isLeft(worker)) {
  process.stderr.write(`${worker.left.message}\n`)
  process.exit(1)
}
process.on('SIGTERM', () => void worker.right.close().then(() => process.exit(0)))
