// `npm run bench:large-file`: training on a CSV file several times larger than the heap the
// process may use, in the built package under plain `node`.
//
// The parent writes a CSV of generated rows (20 features in [0, 1), a class label from a fixed
// linear teacher) of FILE_MB megabytes (4× the heap limit unless `--file-mb` says), streamed to
// disk, then runs a child process under `--max-old-space-size=HEAP_MB` (256 unless `--heap`
// says), which trains a 20-16-2 network on the file read as a stream of chunks (`csvChunks`,
// 2048 rows a chunk): one epoch of full-batch descent (the gradient summed over blocks of 4096
// rows) and one of mini-batch descent (batches of 256, shuffled inside a buffer of 8192 rows).
// The child prints each epoch's loss and time and its peak resident set size
// (`process.resourceUsage().maxRSS`: everything the process held, Node's own ~40 MB and the
// library's code included). The check (exit code 1): peak RSS below the heap limit.
// `--smoke` uses a 4 MB file: beside the full run, it shows that peak RSS does not grow with the file.
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { NN, Optim, Random, Train } from '../src/index.js'
import * as Node from '../src/node/index.js'
import { orFail } from './timing.js'
import * as Advanced from '../src/advanced.js'

const smoke = process.argv.includes('--smoke')
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const HEAP_MB = arg('--heap', 256)
const FILE_MB = arg('--file-mb', smoke ? 4 : 4 * HEAP_MB)
const FEATURES = 20

/** Row `i`'s features: a cheap, fixed hash of (i, j) in [0, 1), so that the file is the same every run. */
const feature = (i: number, j: number): number => (((i * 2654435761 + j * 40503) >>> 0) % 100000) / 100000

const writeCsv = async (path: string): Promise<number> => {
  const out = createWriteStream(path)
  let bytes = 0
  let rows = 0
  while (bytes < FILE_MB * 1024 * 1024) {
    let line = ''
    let score = 0
    for (let j = 0; j < FEATURES; j++) {
      const x = feature(rows, j)
      score += j % 2 === 0 ? x : -x
      line += `${x.toFixed(5)},`
    }
    line += `${score > 0 ? 1 : 0}\n`
    bytes += line.length
    rows++
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve) => out.end(() => resolve()))
  return rows
}

const train = async (path: string): Promise<void> => {
  const spec: Advanced.Train.ModelSpec = {
    sizes: [FEATURES, 16, 2],
    activations: ['tanh', 'identity'],
    loss: 'softmaxCrossEntropy'
  }
  const params = orFail(orFail(NN.mlp(spec)).init(orFail(Random.key(0))))
  const open = () => Node.csvChunks(path, { chunkRows: 2048, header: false, target: { _tag: 'Label', classes: 2 } })
  const key = orFail(Random.key(1))
  const sgd = orFail(Optim.sgd(0.5))
  const start = performance.now()
  const full = orFail(
    await Train.fitStream({ spec, optimizer: sgd, batching: { _tag: 'FullBatch', blockSize: 4096 }, epochs: 1 })(
      params,
      key,
      open
    )()
  )
  const fullSeconds = (performance.now() - start) / 1000
  const mini = orFail(
    await Train.fitStream({
      spec,
      optimizer: sgd,
      batching: { _tag: 'MiniBatch', batchSize: 256, buffer: 8192 },
      epochs: 1
    })(full.params, key, open)()
  )
  const miniSeconds = (performance.now() - start) / 1000 - fullSeconds
  const rss = process.resourceUsage().maxRSS / 1024
  console.log(`  full batch: loss ${full.losses[0]!.toFixed(4)} (${fullSeconds.toFixed(1)} s)`)
  console.log(`  mini-batch: loss ${mini.losses[0]!.toFixed(4)} (${miniSeconds.toFixed(1)} s)`)
  console.log(`  peak RSS ${rss.toFixed(0)} MB with --max-old-space-size=${HEAP_MB}`)
  console.log(JSON.stringify({ peakRssMb: rss }))
}

const main = async (): Promise<void> => {
  const child = process.argv.indexOf('--train')
  if (child >= 0) return train(process.argv[child + 1]!)
  const dir = mkdtempSync(join(tmpdir(), 'gradfold-large-'))
  const path = join(dir, 'rows.csv')
  try {
    const rows = await writeCsv(path)
    const mb = statSync(path).size / 1024 / 1024
    const began = performance.now()
    console.log(
      `large file: ${mb.toFixed(0)} MB of CSV (${rows} rows, ${FEATURES} features), ${(mb / HEAP_MB).toFixed(1)}× the heap limit`
    )
    const run = spawnSync(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, fileURLToPath(import.meta.url), '--train', path, '--heap', `${HEAP_MB}`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8'
      }
    )
    const lines = run.stdout.trimEnd().split('\n')
    for (const l of lines.slice(0, -1)) console.log(l)
    const last = E.tryCatch(() => JSON.parse(lines[lines.length - 1] ?? '') as { peakRssMb: number }, String)
    if (run.status !== 0 || E.isLeft(last)) {
      console.log(`  the training process failed (status ${run.status})`)
      process.exitCode = 1
    } else {
      const below = last.right.peakRssMb < HEAP_MB
      console.log(
        `  peak RSS is ${(last.right.peakRssMb / mb).toFixed(2)}× the file, ${(last.right.peakRssMb / HEAP_MB).toFixed(2)}× the heap limit (${below ? 'below' : 'NOT below'} it); ${((performance.now() - began) / 1000).toFixed(0)} s in all; load ${loadavg()[0]!.toFixed(2)}`
      )
      if (!below) process.exitCode = 1
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
