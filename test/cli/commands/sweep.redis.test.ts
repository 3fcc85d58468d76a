// `gradfold sweep --queue` against a real Redis server (GRADFOLD_REDIS_URL, which .ci/run sets;
// skipped without it), run by `npm run test:integration`: the command waits for every job and
// exits 1 with one line for each job that failed.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/main.js'
import { starter } from '../../../src/cli/starters.js'
import { startWorker } from '../../../src/node/sweep/queue.js'
import { getRight } from '../../either.js'
import { captured } from '../io.js'

const dir = mkdtempSync(join(tmpdir(), 'gradfold-cli-sweep-queue-'))

const xor = starter('xor')
const base = { ...xor, stop: { ...xor.stop, maxEpochs: 20 } }

const sweepFile = (json: unknown): string => {
  const path = join(dir, 'sweep.json')
  writeFileSync(path, JSON.stringify(json))
  return path
}

describe('gradfold sweep --queue', () => {
  it.skipIf(process.env['GRADFOLD_REDIS_URL'] === undefined)(
    'through a queue, waits for every job and exits 1 with one line for each job that failed',
    async () => {
      const url = process.env['GRADFOLD_REDIS_URL']!
      const name = `failing-${process.pid}-${Date.now()}`
      const path = sweepFile({
        name,
        seed: 1,
        metric: 'test.loss',
        base,
        search: { kind: 'grid', fields: { seed: [0, 1, 2] } }
      })
      const worker = getRight(
        await startWorker(url, name, async ({ index }) =>
          index === 0
            ? E.right({ metrics: { 'test.loss': 0.5 }, history: [], model: '' })
            : E.left({ message: `no data for seed ${index}\nsecond line` })
        )()
      )
      try {
        const io = captured()
        expect(await main(['sweep', path, '--queue', url, '--out', join(dir, name)], io)).toBe(1)
        expect(io.stderr()).toBe('gradfold: job 1: no data for seed 1\ngradfold: job 2: no data for seed 2\n')
        expect(io.stdout()).toBe('')
      } finally {
        await worker.close()
      }
    },
    60_000
  )
})
