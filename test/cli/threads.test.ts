// `--threads n` of `gradfold train` and `gradfold resume`: the same model file, byte for byte,
// for every n (the shard size is the batch's, not the threads'), through success, Ctrl-C and
// divergence; the pool closed however the session ends (its gradients fail once it is);
// bad values refused with exit code 2; batches too small for two shards trained on one thread
// with a line that says so.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as Node from '../../src/node/index.js'
import { prepareExperiment } from '../../src/node/experiment.js'
import { ExperimentC, type Experiment } from '../../src/train/experiment/config.js'
import { main } from '../../src/cli/main.js'
import { starter } from '../../src/cli/starters.js'
import { recordedThreads, shardSizeFor, threadsOption, withThreads } from '../../src/cli/threads.js'
import { built } from '../built.js'
import { captured } from './io.js'

const gradfold = (args: ReadonlyArray<string>): ChildProcess =>
  spawn(process.execPath, [built('src/cli/bin.ts'), ...args, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] })

const exited = (child: ChildProcess): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    let stderr = ''
    child.stderr?.on('data', (d) => (stderr += String(d)))
    child.on('exit', (code) => resolve({ code, stderr }))
  })

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const write = (dir: string, name: string, c: Experiment): string => {
  const path = join(dir, `${name}.json`)
  writeFileSync(path, JSON.stringify(ExperimentC.encode(c)))
  return path
}

/** Iris in mini-batches of 32 (shards of 8: four a batch), 60 epochs, no early stop. */
const iris = (dir: string): string => {
  const c = starter('iris')
  return write(dir, 'iris', {
    ...c,
    batching: { ...c.batching, size: 32 },
    stop: { ...c.stop, maxEpochs: 60, patience: null }
  })
}

const model = (run: string): Buffer => readFileSync(join(run, 'model.json'))

describe('gradfold train --threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradfold-threads-'))
  const path = iris(dir)
  let reference: Promise<Buffer> | undefined
  /** The model file of a run on 2 threads, spawned. */
  const twoThreads = (): Promise<Buffer> =>
    (reference ??= exited(gradfold(['train', path, '--out', join(dir, 'two'), '--threads', '2'])).then((r) => {
      expect(r.code).toBe(0)
      return model(join(dir, 'two'))
    }))

  it('leaves the same model file, byte for byte, on 1, 2 and 3 threads', async () => {
    const expected = await twoThreads()
    for (const n of ['1', '3']) {
      const io = captured()
      expect(await main(['train', path, '--out', join(dir, `t${n}`), '--threads', n, '--quiet'], io)).toBe(0)
      expect(io.stderr()).not.toMatch(/ignored/)
      expect(model(join(dir, `t${n}`)).equals(expected)).toBe(true)
    }
  }, 120_000)

  it('stops on Ctrl-C with exit code 130 and a checkpoint, and resumes on other threads to the same model file', async () => {
    const expected = await twoThreads()
    const run = join(dir, 'interrupted')
    const child = gradfold(['train', path, '--out', run, '--threads', '2'])
    const outcome = exited(child)
    while (!existsSync(join(run, 'checkpoint.json'))) await sleep(5)
    child.kill('SIGINT')
    const stopped = await outcome
    expect(stopped.code).toBe(130)
    expect(stopped.stderr).toMatch(/interrupted after epoch \d+; checkpoint /)
    expect(existsSync(join(run, 'model.json'))).toBe(false)
    const resumed = await exited(gradfold(['resume', run, '--threads', '3']))
    expect(resumed.code).toBe(0)
    expect(model(run).equals(expected)).toBe(true)
  }, 120_000)

  it('records the threads in the run folder; resume without --threads continues on them, saying so, to the same model file', async () => {
    const expected = await twoThreads()
    expect(JSON.parse(readFileSync(join(dir, 'two', 'threads.json'), 'utf8'))).toEqual({ threads: 2 })
    const run = join(dir, 'interrupted-again')
    const child = gradfold(['train', path, '--out', run, '--threads', '2'])
    const outcome = exited(child)
    while (!existsSync(join(run, 'checkpoint.json'))) await sleep(5)
    child.kill('SIGINT')
    expect((await outcome).code).toBe(130)
    const resumed = await exited(gradfold(['resume', run]))
    expect(resumed.code).toBe(0)
    expect(resumed.stderr.split('\n')[0]).toBe(
      'gradfold: resuming on 2 threads, as the run was trained (--threads n to change)'
    )
    expect(model(run).equals(expected)).toBe(true)
  }, 120_000)

  it('reads no threads from a folder without threads.json, or with one that holds none', async () => {
    expect(await recordedThreads(join(dir, 'nowhere', 'threads.json'))).toBeUndefined()
    for (const junk of ['{', '{"threads":0}', '{"threads":"2"}', '[]', 'null']) {
      writeFileSync(join(dir, 'junk.json'), junk)
      expect(await recordedThreads(join(dir, 'junk.json'))).toBeUndefined()
    }
    writeFileSync(join(dir, 'three.json'), '{"threads":3}\n')
    expect(await recordedThreads(join(dir, 'three.json'))).toBe(3)
  })

  it('answers exit code 1 when training on threads diverges, and exits', async () => {
    const c = starter('xor')
    const optimizer = { name: 'sgd' as const, lr: 1e300, schedule: { name: 'constant' as const } }
    const diverging = write(dir, 'diverge', { ...c, loss: 'mse', optimizer, stop: { ...c.stop, targetAccuracy: null } })
    const r = await exited(gradfold(['train', diverging, '--out', join(dir, 'diverged'), '--threads', '2']))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^gradfold: training failed: diverged at epoch \d+, step \d+, in the \w+: .*Infinity/)
    expect(r.stderr).toMatch(/last good checkpoint is .*checkpoint\.json|no checkpoint was written/)
  }, 60_000)

  it('refuses a --threads that is not a whole number ≥ 1 with exit code 2 and one line naming it', async () => {
    for (const bad of ['0', '-1', '1.5', 'two', '', '2x']) {
      for (const args of [
        ['train', path, '--out', join(dir, 'never'), '--threads', bad],
        ['resume', join(dir, 'never'), '--threads', bad]
      ]) {
        const io = captured()
        expect(await main(args, io)).toBe(2)
        const lines = io.stderr().trim().split('\n')
        expect(lines).toHaveLength(2)
        expect(lines[1]).toMatch(/^ {2}--threads is ".*"; it must be a whole number ≥ 1/)
      }
    }
    expect(readdirSync(dir)).not.toContain('never')
  })

  it('trains a batch too small for two shards on one thread, saying so in one line', async () => {
    const c = starter('xor')
    const stochastic = write(dir, 'xor1', {
      ...c,
      batching: { ...c.batching, kind: 'stochastic' },
      stop: { ...c.stop, maxEpochs: 3 }
    })
    const plain = captured()
    expect(await main(['train', stochastic, '--out', join(dir, 'x0'), '--quiet'], plain)).toBe(0)
    const threaded = captured()
    expect(await main(['train', stochastic, '--out', join(dir, 'x2'), '--threads', '2', '--quiet'], threaded)).toBe(0)
    expect(threaded.stderr().split('\n')[0]).toBe(
      'gradfold: --threads 2 ignored: a batch of 1 sample is one shard (shards hold at least 8); training on one thread'
    )
    expect(model(join(dir, 'x2')).equals(model(join(dir, 'x0')))).toBe(true)
  }, 60_000)

  it('sizes shards by the batch alone: at most 8 shards of at least 8 samples, none for one shard', () => {
    expect([1, 8, 15, 16, 32, 64, 65, 1000].map(shardSizeFor)).toEqual([null, null, 8, 8, 8, 8, 9, 125])
    expect(threadsOption(undefined)).toEqual({ _tag: 'Right', right: undefined })
    expect(threadsOption('4')).toEqual({ _tag: 'Right', right: 4 })
  })

  it('closes the pool whatever the session answers or throws', async () => {
    const c = starter('iris')
    const prepared = await prepareExperiment({ ...c, batching: { ...c.batching, size: 32 } })()
    if (E.isLeft(prepared)) throw new Error(prepared.left.message)
    const p = prepared.right
    for (const ending of [0, 1, 130, 'throws'] as const) {
      const opened: Array<Node.ThreadPool> = []
      const closed: Array<Node.ThreadPool> = []
      const pools = {
        open: (n?: number) => E.map((pool: Node.ThreadPool) => (opened.push(pool), pool))(Node.threadPool(n)),
        close: (pool: Node.ThreadPool) => (closed.push(pool), Node.closePool(pool))
      }
      const answer = withThreads(
        p,
        2,
        captured(),
        async (threaded) => {
          // the library's optimizer: the threads' kernel, ready to run
          expect(threaded !== undefined && 'kernel' in threaded).toBe(true)
          expect(closed).toEqual([])
          if (ending === 'throws') throw new Error('a session that throws')
          return ending
        },
        pools
      )
      if (ending === 'throws') await expect(answer).rejects.toThrow('a session that throws')
      else expect(await answer).toBe(ending)
      expect(opened).toHaveLength(1)
      expect(closed).toEqual(opened)
    }
  }, 60_000)
})
