/**
 * The main thread's side of the serving protocol (`shared.ts`): one serving loop a worker
 * thread, started with the pool, and jobs handed out through a control block in shared memory.
 * A job is a batch already in registered buffers (`register`): the main thread publishes it
 * (a few words), each worker computes its share of the shards into the shared result array,
 * and the main thread waits for the count of finished shards, either asleep (`runSync`:
 * `Atomics.wait`, for a kernel that runs a span of steps in one call) or awaiting
 * (`runAsync`: `Atomics.waitAsync`, for gradients handed to `Train.run` one step at a time).
 * One job at a time: asynchronous jobs queue; a synchronous one first waits out the job in
 * flight.
 *
 * Once the serving loops run, the threads no longer keep the process alive (as idle workers
 * would not): a job in flight does. A closed pool takes no job; a job in flight when the pool
 * closes, or when a worker dies, answers a `WorkerFailed`.
 *
 * The main thread never waits without bound: asleep or awaiting, it wakes at the latest
 * `answerWithin` ms (the pool's option) after the workers last counted a shard (or a
 * combination), which each notes with the count (asleep through a job that combines, woken only
 * at its end, it learns so when it wakes). A worker that exited (its `exit` event cannot reach a
 * main thread asleep in `Atomics.wait`) or hangs stops counting, so a job in flight ends at the
 * latest `answerWithin` ms after the last shard any worker finished, marked `stalled`; the hub
 * is then broken (it refuses every later job, saying why), and the workers still serving stop.
 *
 * @internal
 * @since 0.2.0
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import * as E from '#fp-ts/Either.js'
import type { Apply } from './combine.js'
import {
  clock,
  CONTROL_WORDS,
  LOSSES,
  MAX_STEPS,
  ORIGIN,
  WORD,
  type BufferSet,
  type ServeTask,
  type ShardFailed,
  type ToWorker
} from './shared.js'

/** `Atomics.waitAsync` (ES2024, in Node since 16), typed here: the project's library is ES2022. */
const waitAsync = (
  Atomics as unknown as {
    readonly waitAsync: (
      a: Int32Array,
      index: number,
      value: number
    ) => { readonly async: boolean; readonly value: Promise<string> | string }
  }
).waitAsync.bind(Atomics)

/** A timer of `ms` milliseconds that does not keep the process alive. */
const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, Math.max(0, ms)).unref()
  })

/**
 * A worker thread that failed outside the library's own errors (it crashed, or the pool was
 * closed).
 *
 * @category model
 * @since 0.2.0
 */
export interface WorkerFailed {
  readonly _tag: 'WorkerFailed'
  readonly message: string
}

/** A failure of the pool's threads, as a value. @internal */
export const workerFailed = (message: string): WorkerFailed => ({ _tag: 'WorkerFailed', message })

/** A published job: its sequence number, its number of shards, and, once finished, the shards that failed. @internal */
export interface Job {
  readonly seq: number
  /** When it was published, on `clock`. */
  readonly origin: number
  readonly count: number
  /** The number of steps (more than 1 only for a job that takes the SGD step). */
  readonly steps: number
  /** Whether the workers combine the gradient after the shards (`APPLY`), and then whether all they wrote is finite. */
  readonly applies: boolean
  finite: boolean
  finished: boolean
  failures: ReadonlyArray<ShardFailed>
  /** Why the job ended unfinished (no worker answered in time), if it did. */
  stalled: string | undefined
  /** Whether, when it stalled, every shard of the step in progress was done (so workers may have begun to combine it). */
  shardsDone: boolean
  /** The steps every worker had combined when it stalled. */
  applied: number
}

/** A pool's serving side, as the main thread keeps it. @internal */
export interface Hub {
  readonly threads: number
  /** The longest the main thread waits for the workers to count anything, ms. */
  readonly answerWithin: number
  /** The pool's threads (tests terminate one). */
  readonly workers: ThreadRunner['threads']
  readonly control: Int32Array
  readonly numbers: Float64Array
  readonly ports: ReadonlyArray<MessagePort>
  /** Resolves once every serving loop runs (or the pool fails first). */
  readonly ready: Promise<E.Either<WorkerFailed, void>>
  /** Resolves when the pool closes or a worker dies. */
  readonly ended: Promise<void>
  readonly close: () => Promise<void>
  seq: number
  sets: number
  closed: boolean
  broken: string | undefined
  inFlight: Job | undefined
  queue: Promise<unknown>
}

/** Why a hub takes no work, if it takes none. @internal */
export const refusal = (hub: Hub): WorkerFailed | undefined =>
  hub.closed
    ? workerFailed('the thread pool is closed (Node.closePool): it takes no more work')
    : hub.broken === undefined
      ? undefined
      : workerFailed(`a worker thread failed: ${hub.broken}`)

/**
 * What a hub needs of its pool, by shape: piscina's `run`, `destroy` and `threads` (so that the
 * declarations of `gradfold/node` do not name piscina's own types, which a user's strict
 * TypeScript would then check).
 *
 * @internal
 */
export interface ThreadRunner {
  readonly run: (task: ServeTask, options: { readonly transferList: never }) => Promise<unknown>
  readonly destroy: () => Promise<void>
  readonly threads: ReadonlyArray<{
    readonly once: (event: 'exit', listener: (code: number) => void) => unknown
    readonly terminate: () => Promise<number>
  }>
}

/**
 * Starts `threads` serving loops on `piscina` (one task a thread, each holding its thread until
 * the hub closes).
 *
 * @internal
 */
export const openHub = (piscina: ThreadRunner, threads: number, answerWithin: number): Hub => {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4))
  const numbers = new Float64Array(new SharedArrayBuffer((LOSSES + MAX_STEPS) * 8))
  let end = (): void => undefined
  const ended = new Promise<void>((resolve) => (end = resolve))
  const ports: Array<MessagePort> = []
  const starting: Array<Promise<unknown>> = []
  const hub: Hub = {
    threads,
    answerWithin,
    workers: piscina.threads,
    control,
    numbers,
    ports,
    ready: Promise.resolve(E.right(undefined)),
    ended,
    close: async () => {
      if (hub.closed) return
      hub.closed = true
      Atomics.store(control, WORD.STOP, 1)
      Atomics.store(control, WORD.SEQ, (hub.seq += 2))
      Atomics.notify(control, WORD.SEQ)
      end()
      await Promise.allSettled(starting)
      for (const p of ports) p.close()
      await piscina.destroy()
    },
    seq: 0,
    sets: 0,
    closed: false,
    broken: undefined,
    inFlight: undefined,
    queue: Promise.resolve()
  }
  for (let index = 0; index < threads; index++) {
    const { port1, port2 } = new MessageChannel()
    ports.push(port1)
    const task: ServeTask = { control, numbers, port: port2, index, threads }
    const started = piscina.run(task, { transferList: [port2] as never })
    started.catch((e: unknown) => {
      if (!hub.closed) hub.broken ??= e instanceof Error ? e.message : String(e)
      end()
    })
    starting.push(started)
  }
  ;(hub as { ready: Hub['ready'] }).ready = (async () => {
    for (let n = Atomics.load(control, WORD.READY); n < threads; n = Atomics.load(control, WORD.READY)) {
      const w = waitAsync(control, WORD.READY, n)
      if (w.async) await Promise.race([w.value, ended])
      const no = refusal(hub)
      if (no !== undefined) return E.left(no)
    }
    // the serving loops run (outside piscina's tasks: idle, they do not keep the process alive;
    // a job in flight does); a thread that exits before the pool closes breaks it
    for (const t of piscina.threads)
      t.once('exit', (code) => {
        if (!hub.closed) hub.broken ??= `a worker thread exited (code ${code})`
        end()
      })
    return E.right(undefined)
  })()
  return hub
}

/**
 * Registers buffers with every worker (by message, once) and answers them with their id.
 *
 * @internal
 */
export const register = (hub: Hub, buffers: Omit<BufferSet, 'id'>): BufferSet => {
  const set: BufferSet = { ...buffers, id: ++hub.sets }
  for (const p of hub.ports) p.postMessage({ _tag: 'set', set })
  return set
}

/** Lets the workers forget a buffer set. @internal */
export const drop = (hub: Hub, set: BufferSet): void => {
  if (!hub.closed) for (const p of hub.ports) p.postMessage({ _tag: 'drop', id: set.id })
}

/**
 * What the workers do once a job's shards are done: combine the gradient, each on its slice,
 * into the set's `update` (`mean`), or take the SGD step on its `params` with rate `lr` (`sgd`).
 * Who asks for it vouches that the set's parameters are finite (the shards do not check them;
 * the combination checks the gradient).
 *
 * @internal
 */
export interface Combine {
  readonly apply: Apply
  readonly lr: number
  /** For `sgd`: the number of steps the job runs, the rows of each, and the rows from one step's first to the next's. */
  readonly steps?: number
  readonly stride?: number
  /**
   * For `sgd`: a shared array of the parameters' length the workers copy the new parameters into
   * after the job's last step, each its slice (`COPY`), unless the job went wrong.
   */
  readonly copyInto?: Float64Array
}

/** Publishes the job `rows` rows from `base` of `set`, in shards of `size`. */
const publish = (hub: Hub, set: BufferSet, base: number, size: number, rows: number, combine?: Combine): Job => {
  const c = hub.control
  const job: Job = {
    seq: hub.seq + 2,
    origin: clock(),
    count: Math.ceil(rows / size),
    steps: combine?.steps ?? 1,
    applies: combine !== undefined,
    finite: true,
    finished: false,
    failures: [],
    stalled: undefined,
    shardsDone: false,
    applied: 0
  }
  Atomics.store(c, WORD.DONE, 0)
  Atomics.store(c, WORD.APPLIED, 0)
  Atomics.store(c, WORD.BAD, 0)
  Atomics.store(c, WORD.HEARD, 0)
  Atomics.store(c, WORD.SEQ, ++hub.seq) // odd: being written
  Atomics.store(c, WORD.SET, set.id)
  Atomics.store(c, WORD.BASE, base)
  Atomics.store(c, WORD.SIZE, size)
  Atomics.store(c, WORD.ROWS, rows)
  Atomics.store(c, WORD.APPLY, combine === undefined ? 0 : combine.apply === 'mean' ? 1 : 2)
  Atomics.store(c, WORD.STEPS, job.steps)
  Atomics.store(c, WORD.STRIDE, combine?.stride ?? 0)
  const into = combine?.copyInto
  if (into !== undefined) for (const p of hub.ports) p.postMessage({ _tag: 'copyInto', into } satisfies ToWorker)
  Atomics.store(c, WORD.COPY, into === undefined ? 0 : 1)
  hub.numbers[0] = 1 / rows
  hub.numbers[1] = combine === undefined ? 0 : -combine.lr
  hub.numbers[ORIGIN] = job.origin
  Atomics.store(c, WORD.SEQ, ++hub.seq) // even: published
  Atomics.notify(c, WORD.SEQ)
  hub.inFlight = job
  return job
}

/** Marks `job` finished, with the failures its workers sent. */
const finish = (hub: Hub, job: Job): Job => {
  const failures: Array<ShardFailed> = []
  for (const p of hub.ports)
    for (let m = receiveMessageOnPort(p); m !== undefined; m = receiveMessageOnPort(p)) {
      const f = m.message as ShardFailed
      if (f.seq === job.seq) failures.push(f)
    }
  job.failures = failures.sort((a, b) => a.shard - b.shard)
  job.finite = Atomics.load(hub.control, WORD.BAD) === 0
  job.finished = true
  if (hub.inFlight === job) hub.inFlight = undefined
  return job
}

/** The count of everything the workers have done for the job in flight: shards, then combinations. */
const progressOf = (c: Int32Array): number => Atomics.load(c, WORD.DONE) + Atomics.load(c, WORD.APPLIED)

/**
 * Ends `job` unfinished: no worker counted anything for `answerWithin` ms. The hub is broken
 * from then on, and the workers still serving are told to stop (those waiting for the others'
 * shards included).
 */
const stall = (hub: Hub, job: Job): Job => {
  const c = hub.control
  const why = `no worker thread answered within ${hub.answerWithin} ms (one exited or hangs); the pool takes no more work`
  job.stalled = why
  job.applied = Math.floor(Atomics.load(c, WORD.APPLIED) / hub.threads)
  job.shardsDone = Atomics.load(c, WORD.DONE) >= (job.applied + 1) * job.count
  job.finished = true
  hub.broken ??= why
  if (hub.inFlight === job) hub.inFlight = undefined
  Atomics.store(c, WORD.STOP, 1)
  for (const w of [WORD.SEQ, WORD.DONE, WORD.APPLIED]) Atomics.notify(c, w)
  return job
}

/** The word `job` ends on, and the count that ends it: every shard done, or every worker's combination of every step. */
const goal = (hub: Hub, job: Job): readonly [number, number] =>
  job.applies ? [WORD.APPLIED, hub.threads * job.steps] : [WORD.DONE, job.count]

/** When the workers last counted anything for `job`, on `clock`, as they said (`HEARD`). */
const heard = (c: Int32Array, job: Job): number => job.origin + Atomics.load(c, WORD.HEARD)

/**
 * Sleeps until every shard of `job` is done (and every worker has combined, when it combines),
 * or until the workers have counted nothing for `answerWithin` ms (then the job stalls). A job
 * that combines wakes this thread at its end alone (`ENDED`), or at the bound; one that does
 * not, at each shard.
 */
const sleepOn = (hub: Hub, job: Job): Job => {
  const c = hub.control
  const [word, count] = goal(hub, job)
  const bell = job.applies ? WORD.ENDED : word
  let seen = progressOf(c)
  let since = clock()
  for (;;) {
    const rung = Atomics.load(c, bell) // read before the count: an end between the two does not let this thread sleep
    if (Atomics.load(c, word) >= count) return finish(hub, job)
    const now = clock()
    const p = progressOf(c)
    if (p !== seen) [seen, since] = [p, Math.max(since, heard(c, job))]
    if (now - since >= hub.answerWithin) return stall(hub, job)
    Atomics.wait(c, bell, rung, hub.answerWithin - (now - since))
  }
}

/**
 * Runs a job and sleeps until it is done (the job in flight first, if any), the workers
 * combining the gradient after it when asked; the caller has checked `refusal` and awaited
 * `ready`.
 *
 * @internal
 */
export const runSync = (hub: Hub, set: BufferSet, base: number, size: number, rows: number, combine?: Combine): Job => {
  if (hub.inFlight !== undefined) sleepOn(hub, hub.inFlight)
  const no = refusal(hub)
  return no === undefined
    ? sleepOn(hub, publish(hub, set, base, size, rows, combine))
    : {
        seq: hub.seq,
        origin: clock(),
        count: 0,
        steps: 0,
        applies: false,
        finite: false,
        finished: true,
        failures: [],
        stalled: no.message,
        shardsDone: false,
        applied: 0
      }
}

/**
 * Runs a job after the jobs queued before it, awaiting its end.
 *
 * @internal
 */
export const runAsync = (
  hub: Hub,
  set: BufferSet,
  base: number,
  size: number,
  rows: number
): Promise<E.Either<WorkerFailed, Job>> => {
  const turn = hub.queue.then(async (): Promise<E.Either<WorkerFailed, Job>> => {
    // the bound counts from a job the workers can take: not while they start
    const ready = await hub.ready
    if (E.isLeft(ready)) return ready
    const no = refusal(hub)
    if (no !== undefined) return E.left(no)
    const job = publish(hub, set, base, size, rows)
    const c = hub.control
    const alive = setInterval(() => undefined, 1 << 30) // the process waits for the job (the threads are unreferenced)
    let seen = progressOf(c)
    let since = performance.now()
    try {
      for (;;) {
        const d = Atomics.load(c, WORD.DONE)
        if (d >= job.count) return E.right(finish(hub, job))
        const stopped = refusal(hub)
        if (stopped !== undefined)
          return E.left(workerFailed(`${stopped.message}; a gradient was being computed on it`))
        const now = performance.now()
        const p = progressOf(c)
        if (p !== seen) [seen, since] = [p, now]
        else if (now - since >= hub.answerWithin) return E.left(workerFailed(stall(hub, job).stalled!))
        const w = waitAsync(c, WORD.DONE, d)
        if (w.async) await Promise.race([w.value, hub.ended, pause(hub.answerWithin - (now - since))])
      }
    } finally {
      clearInterval(alive)
    }
  })
  hub.queue = turn.catch(() => undefined)
  return turn
}
