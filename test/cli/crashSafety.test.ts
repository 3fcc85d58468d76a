// Crash safety of `gradfold train`: a run killed (SIGKILL) at seeded-random moments and resumed
// each time, then interrupted by Ctrl-C (SIGINT) and resumed to its end, leaves the same model
// file, byte for byte, as a run never interrupted, and no torn or stray files on the way.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { Random } from '../../src/index.js'
import { ExperimentC } from '../../src/train/experiment/config.js'
import { main } from '../../src/cli/main.js'
import { starter } from '../../src/cli/starters.js'
import { getRight } from '../either.js'
import { built } from '../built.js'
import { captured } from './io.js'

const EPOCHS = 100

const FILES = [
  'accuracy.svg',
  'checkpoint.json',
  'config.json',
  'history.csv',
  'history.json',
  'loss.svg',
  'model.json',
  'report.md'
]

/** Iris, EPOCHS epochs of mini-batches of 4 and a checkpoint after each: a few seconds of training. */
const config = (dir: string): string => {
  const c = starter('iris')
  const path = join(dir, 'iris.json')
  writeFileSync(
    path,
    JSON.stringify(
      ExperimentC.encode({
        ...c,
        batching: { ...c.batching, size: 4 },
        stop: { ...c.stop, maxEpochs: EPOCHS, patience: null }
      })
    )
  )
  return path
}

const gradfold = (args: ReadonlyArray<string>): ChildProcess =>
  spawn(process.execPath, [built('src/cli/bin.ts'), ...args, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] })

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> =>
  new Promise((resolve) => {
    let stderr = ''
    child.stderr?.on('data', (d) => (stderr += String(d)))
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }))
  })

/** The epoch of the run folder's checkpoint, 0 before the first. */
const epochOf = (run: string): number => {
  try {
    return (JSON.parse(readFileSync(join(run, 'checkpoint.json'), 'utf8')) as { epoch: number }).epoch
  } catch {
    return 0
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const until = async (holds: () => boolean): Promise<void> => {
  while (!holds()) await sleep(5)
}

/**
 * Every file in the folder is whole (each JSON file parses) or a temporary file that a kill
 * stranded mid-write, which `resume` removes; answers how many of those there are.
 */
const whole = (run: string): number => {
  let strays = 0
  for (const f of readdirSync(run)) {
    if (/^\..+\.tmp$/.test(f)) {
      strays++
      continue
    }
    expect(FILES).toContain(f)
    if (f.endsWith('.json')) expect(() => JSON.parse(readFileSync(join(run, f), 'utf8'))).not.toThrow()
  }
  return strays
}

let reference: Promise<Buffer> | undefined

/** The model file of the run never interrupted (trained in-process, once). */
const referenceModel = (path: string, dir: string): Promise<Buffer> =>
  (reference ??= main(['train', path, '--out', join(dir, 'reference'), '--quiet'], captured()).then((code) => {
    expect(code).toBe(0)
    return readFileSync(join(dir, 'reference', 'model.json'))
  }))

describe('gradfold train, killed and resumed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradfold-crash-'))
  const path = config(dir)

  it('ends, after SIGKILLs at seeded-random moments, with the model file of a run never interrupted', async () => {
    const expected = await referenceModel(path, dir)
    // three SIGKILLs, each once the run's checkpoint has passed an epoch drawn from a fixed key
    // (from 10–29, 35–54 and 60–79 of the 100), then after a further 0–20 ms also drawn, so that
    // kills land anywhere in an epoch, mid-write included, however fast this machine trains
    const draws = getRight(pipe(Random.key(9), E.chainW(Random.uniform([6], { low: 0, high: 1 })))).data
    const targets = [10, 35, 60].map((t, i) => t + Math.floor(20 * draws[i]!))
    const delays = [0, 1, 2].map((i) => 20 * draws[3 + i]!)
    const run = join(dir, 'killed')
    const epochs: Array<number> = []
    for (const [i, target] of targets.entries()) {
      const child = gradfold(i === 0 ? ['train', path, '--out', run] : ['resume', run])
      let over = false
      const done = exited(child).then(() => void (over = true))
      await until(() => epochOf(run) >= target || over)
      await sleep(delays[i]!)
      child.kill('SIGKILL')
      await done
      whole(run)
      epochs.push(epochOf(run))
    }
    // every kill landed inside the run, so each resume had work to do from a checkpoint
    expect(epochs[0]).toBeGreaterThan(0)
    for (const e of epochs) expect(e).toBeLessThan(EPOCHS)
    const last = await exited(gradfold(['resume', run]))
    expect(last.code).toBe(0)
    expect(readFileSync(join(run, 'model.json')).equals(expected)).toBe(true)
    expect(readdirSync(run).sort()).toEqual(FILES)
  }, 60_000)

  it('stops on Ctrl-C with exit code 130 and a checkpoint, and resumes to the same model file', async () => {
    const expected = await referenceModel(path, dir)
    const run = join(dir, 'interrupted')
    const child = gradfold(['train', path, '--out', run])
    const outcome = exited(child)
    await until(() => existsSync(join(run, 'checkpoint.json')))
    child.kill('SIGINT')
    const stopped = await outcome
    expect(stopped.code).toBe(130)
    expect(stopped.stderr).toMatch(/interrupted after epoch \d+; checkpoint .*; continue with: gradfold resume /)
    whole(run)
    expect(existsSync(join(run, 'model.json'))).toBe(false)
    const last = await exited(gradfold(['resume', run]))
    expect(last.code).toBe(0)
    expect(readFileSync(join(run, 'model.json')).equals(expected)).toBe(true)
    expect(readdirSync(run).sort()).toEqual(FILES)
  }, 60_000)
})
