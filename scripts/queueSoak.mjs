// The queue's soak run (`npm run soak:queue -- --minutes 10`): one queued job sized to train for
// about `--minutes`, taken by one of two `gradfold worker` processes (the built command, dist/)
// from a Redis server of its own (redis-server on 127.0.0.1, a free port, removed at the end).
// Every second it reads the time to live of the job's lock. It passes when the job completed
// exactly once (started once, never stalled, one `job 0` line from the workers and no other),
// the lock's time to live stayed at or above half its duration at every reading, the command
// that queued it exited 0, and the sweep's files (table.csv, the job's history and model file)
// equal, byte for byte, those of the same sweep run locally afterwards.
//
// Options: --minutes <m> (10), --epochs <n> (instead of sizing the job from two short runs to
// last --minutes: a loaded machine's speed changes while it runs), --lock-duration <ms> (30000), --json (one JSON line at the end,
// for the integration test). Exit code 0 when every check holds, 1 when one fails, 2 when the
// soak could not run (no redis-server, the command failed to start).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'

const launcher = fileURLToPath(new URL('../bin/gradfold.js', import.meta.url))

// -------------------------------------------------------------------------------------
// options
// -------------------------------------------------------------------------------------

const option = (name, fallback) => {
  const i = process.argv.indexOf(name)
  if (i < 0) return fallback
  const n = Number(process.argv[i + 1])
  if (!(Number.isFinite(n) && n > 0)) {
    console.error(`queueSoak: ${name} is ${JSON.stringify(process.argv[i + 1])}; expected a positive number`)
    process.exit(2)
  }
  return n
}

const minutes = option('--minutes', 10)
const lockDuration = Math.round(option('--lock-duration', 30_000))
const asJson = process.argv.includes('--json')
const say = (line) => console.error(`queueSoak: ${line}`)

// -------------------------------------------------------------------------------------
// processes
// -------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Every child process still running: stopped when this script is stopped. */
const children = new Set()

/** A child process, its standard error kept as text and its exit awaited. */
const child = (command, args) => {
  const p = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(p)
  p.on('exit', () => children.delete(p))
  let stderr = ''
  let stdout = ''
  p.stdout.on('data', (d) => (stdout += String(d)))
  p.stderr.on('data', (d) => (stderr += String(d)))
  const exited = new Promise((resolve) => p.on('close', (code, signal) => resolve(code ?? signal)))
  return { p, exited, stderr: () => stderr, stdout: () => stdout }
}

const gradfold = (...args) => child(process.execPath, [launcher, ...args])

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

/** Every file under `dir`, by relative path, with its text. */
const files = (dir, prefix = '') =>
  Object.fromEntries(
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory()
        ? Object.entries(files(path, `${prefix}${name}/`))
        : [[`${prefix}${name}`, readFileSync(path, 'utf8')]]
    })
  )

// -------------------------------------------------------------------------------------
// the sweep
// -------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'gradfold-soak-'))
const name = `soak-${process.pid}`

/** The iris starter, widened, trained for exactly `maxEpochs` (no rule stops it earlier), as a one-job sweep file. */
const sweepFile = (base, maxEpochs, tag) => {
  const path = join(dir, `${tag}.json`)
  const stop = { ...base.stop, maxEpochs, targetAccuracy: null, lossBelow: null, patience: null }
  // two hidden layers of 64: epochs of a few milliseconds, so that ten minutes' history stays small
  const model = { ...base.model, hidden: [64, 64], activations: ['tanh', 'tanh'] }
  const sweep = {
    name,
    seed: 1,
    metric: 'test.loss',
    base: { ...base, model, stop },
    search: { kind: 'grid', fields: { seed: [0] } }
  }
  writeFileSync(path, JSON.stringify(sweep))
  return path
}

/** Runs the sweep in `path` on this machine (one thread) into `out`: its time in ms. */
const local = async (path, out) => {
  const began = performance.now()
  const run = gradfold('sweep', path, '--threads', '1', '--out', out)
  const code = await run.exited
  if (code !== 0) throw new Error(`the local sweep exited ${code}: ${run.stderr().trim()}`)
  return performance.now() - began
}

/** Epochs that take about `ms` here, from two short local runs (their difference leaves startup out). */
const calibrate = async (base, ms) => {
  const [short, long] = [100, 600]
  const a = await local(sweepFile(base, short, 'short'), join(dir, 'short'))
  const b = await local(sweepFile(base, long, 'long'), join(dir, 'long'))
  const perEpoch = Math.max(1e-3, (b - a) / (long - short))
  return { epochs: Math.max(long, Math.ceil(ms / perEpoch)), perEpoch }
}

const startRedis = async () => {
  const port = await freePort()
  const server = child('redis-server', [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir
  ])
  const url = `redis://127.0.0.1:${port}`
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => undefined) // refused until the server listens: tried again below
  for (let i = 0; i < 100; i++) {
    const up = await probe
      .connect()
      .then(() => probe.ping())
      .catch(() => undefined)
    if (up === 'PONG') break
    await sleep(100)
  }
  probe.disconnect()
  return { server, url }
}

// -------------------------------------------------------------------------------------
// the soak
// -------------------------------------------------------------------------------------

const soak = async () => {
  const init = gradfold('init', 'iris')
  if ((await init.exited) !== 0) throw new Error(`gradfold init exited: ${init.stderr().trim()}`)
  const base = JSON.parse(init.stdout())
  const given = option('--epochs', 0)
  const { epochs, perEpoch } =
    given > 0 ? { epochs: Math.ceil(given), perEpoch: Number.NaN } : await calibrate(base, minutes * 60_000)
  say(
    `${epochs} epochs (${given > 0 ? 'as asked' : `${perEpoch.toFixed(3)} ms each here, now`}), lock duration ${lockDuration} ms`
  )
  const path = sweepFile(base, epochs, 'sweep')
  const { server, url } = await startRedis()
  const client = new Redis(url)
  const queue = new Queue(`gradfold-sweep-${name}`, { connection: { url } })
  const workers = [0, 1].map(() =>
    gradfold('worker', '--queue', url, '--sweep', name, '--lock-duration', String(lockDuration))
  )
  try {
    while (!workers.every((w) => w.stderr().includes('working for sweep'))) {
      if (workers.some((w) => w.p.exitCode !== null))
        throw new Error(`a worker exited: ${workers.map((w) => w.stderr()).join('')}`)
      await sleep(100)
    }
    const lock = `bull:gradfold-sweep-${name}:job-0:lock`
    const began = performance.now()
    const sweep = gradfold('sweep', path, '--queue', url, '--out', join(dir, 'queued'))
    let code
    void sweep.exited.then((c) => (code = c))
    const ttls = []
    while (code === undefined) {
      const ttl = await client.pttl(lock)
      if (ttl >= 0) ttls.push(ttl)
      await sleep(1000)
    }
    const seconds = (performance.now() - began) / 1000
    const job = await queue.getJob('job-0')
    const lines = workers
      .flatMap((w) => w.stderr().split('\n'))
      .filter((l) => l !== '' && !l.startsWith('working for sweep'))
    say(`queued sweep exited ${code} after ${seconds.toFixed(0)} s; running it locally to compare`)
    await local(path, join(dir, 'local'))
    const queued = files(join(dir, 'queued'))
    const here = files(join(dir, 'local'))
    const differing = [...new Set([...Object.keys(queued), ...Object.keys(here)])].filter((f) => queued[f] !== here[f])
    const minTtl = ttls.length === 0 ? null : Math.min(...ttls)
    const checks = {
      'the queued sweep exited 0': code === 0,
      'the job started once': job?.attemptsStarted === 1,
      'the job never stalled': job?.stalledCounter === 0,
      'one "job 0" line from the workers, and no other': lines.length === 1 && lines[0] === 'job 0',
      'the lock was read at least once a lock duration': ttls.length >= Math.floor((seconds * 1000) / lockDuration),
      "the lock's time to live never fell below half its duration": minTtl !== null && minTtl >= lockDuration / 2,
      "the sweep's files equal the local run's, byte for byte": Object.keys(queued).length > 0 && differing.length === 0
    }
    const report = {
      epochs,
      lockDuration,
      seconds: Math.round(seconds),
      readings: ttls.length,
      minTtl,
      attemptsStarted: job?.attemptsStarted,
      stalledCounter: job?.stalledCounter,
      workerLines: lines,
      differing,
      checks,
      passed: Object.values(checks).every(Boolean)
    }
    return report
  } finally {
    for (const w of workers) w.p.kill('SIGTERM')
    await Promise.all(workers.map((w) => Promise.race([w.exited, sleep(5000)])))
    for (const w of workers) if (w.p.exitCode === null) w.p.kill('SIGKILL')
    await queue.close()
    client.disconnect()
    server.p.kill('SIGTERM')
    await server.exited
  }
}

// stopped (Ctrl-C, a test's timeout): no worker, server or folder outlives the script
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    say(`${signal}: stopping`)
    for (const p of children) p.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    process.exit(2)
  })

let exitCode = 2
try {
  const report = await soak()
  for (const [check, held] of Object.entries(report.checks)) say(`${held ? 'ok  ' : 'FAIL'} ${check}`)
  say(
    `${report.epochs} epochs in ${report.seconds} s; ${report.readings} readings of the lock, the lowest ${report.minTtl} ms of ${report.lockDuration}; started ${report.attemptsStarted}, stalled ${report.stalledCounter}`
  )
  if (asJson) console.log(JSON.stringify(report))
  exitCode = report.passed ? 0 : 1
} catch (e) {
  say(`could not run: ${e instanceof Error ? e.message : String(e)}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exit(exitCode)
