// A session's checkpoints: every `checkpointEvery` epochs during the run, and the finished run's
// once (the run's own at its last epoch when it wrote one there, else the outputs').
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as Node from '../../src/node/index.js'
import { starter } from '../../src/cli/starters.js'
import { ExperimentC } from '../../src/train/experiment/config.js'
import * as Advanced from '../../src/advanced.js'
import { captured } from './io.js'

/** The files each atomic write replaced, in order, by base name. */
const written = vi.hoisted((): Array<string> => [])

vi.mock('../../src/node/files.js', async (importOriginal) => {
  const files = await importOriginal<typeof import('../../src/node/files.js')>()
  return {
    ...files,
    writeTextAtomic: (path: string) => (text: string) => {
      written.push(path)
      return files.writeTextAtomic(path)(text)
    }
  }
})

// The test files of a worker share their modules (isolate: false in vitest.config.ts): the command
// is imported anew, after the module registry is reset, so that it sees the mocked files.js even
// when another file of this worker loaded the real one first.
let main: typeof import('../../src/cli/main.js').main
beforeAll(async () => {
  vi.resetModules()
  main = (await import('../../src/cli/main.js')).main
})

/** The xor starter for `maxEpochs` epochs with a checkpoint every `every`, trained into a new folder: the folder. */
const trained = async (maxEpochs: number, every: number): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), 'gradfold-session-'))
  const c = starter('xor')
  const path = join(dir, 'xor.json')
  writeFileSync(
    path,
    JSON.stringify(
      ExperimentC.encode({ ...c, stop: { ...c.stop, maxEpochs, targetAccuracy: null }, checkpointEvery: every })
    )
  )
  written.length = 0
  const run = join(dir, 'run')
  expect(await main(['train', path, '--out', run, '--quiet'], captured())).toBe(0)
  return run
}

const checkpointWrites = (): number => written.filter((p) => basename(p) === 'checkpoint.json').length

/** The run folder's checkpoint: its epoch, and whether it is the encoding of what it decodes to, character for character. */
const checkpointOf = async (run: string): Promise<readonly [number, boolean]> => {
  const text = readFileSync(join(run, 'checkpoint.json'), 'utf8')
  const loaded = await Node.loadCheckpoint(join(run, 'checkpoint.json'))()
  if (E.isLeft(loaded)) throw new Error(loaded.left.message)
  return [
    loaded.right.checkpoint.progress.state.epoch,
    JSON.stringify(Advanced.Train.ResumableCheckpointC.encode(loaded.right)) === text.trim()
  ]
}

describe('the checkpoints of a session', () => {
  it('writes the checkpoint of a run that ends on a checkpoint epoch once', async () => {
    const run = await trained(12, 4)
    // epochs 4, 8 and 12 during the run; the outputs do not write epoch 12's again
    expect(checkpointWrites()).toBe(3)
    expect(await checkpointOf(run)).toEqual([12, true])
  })

  it('writes the checkpoint of a run that ends between checkpoint epochs with its outputs', async () => {
    const run = await trained(12, 5)
    // epochs 5 and 10 during the run, then epoch 12's with the outputs
    expect(checkpointWrites()).toBe(3)
    expect(await checkpointOf(run)).toEqual([12, true])
  })
})
