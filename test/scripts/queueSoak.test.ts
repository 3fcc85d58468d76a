// The queue's soak run (scripts/queueSoak.mjs) at a minute and a quarter with a 5 s lock, so the job outlasts
// twelve lock periods: with two `gradfold worker` processes on a Redis server of its own, the job
// completes exactly once, its lock's time to live never falls below half its duration, and the
// sweep's files equal the local run's. Needs redis-server on the PATH (.ci/run installs it).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('../../scripts/queueSoak.mjs', import.meta.url))
const hasRedis = spawnSync('redis-server', ['--version']).status === 0
const LOCK = 5000

describe('the queue soak run', () => {
  it.skipIf(!hasRedis)(
    "keeps the lock of a job of over a minute with two workers: it completes once, and the table is the local run's",
    () => {
      const run = spawnSync(
        process.execPath,
        [script, '--minutes', '1.25', '--lock-duration', String(LOCK), '--json'],
        {
          encoding: 'utf8',
          timeout: 1_200_000
        }
      )
      const report = JSON.parse(run.stdout.trim().split('\n').pop() ?? 'null') as {
        readonly checks: Readonly<Record<string, boolean>>
        readonly seconds: number
        readonly minTtl: number
        readonly attemptsStarted: number
        readonly stalledCounter: number
      } | null
      expect(report, run.stderr).not.toBeNull()
      expect(Object.entries(report!.checks).filter(([, held]) => !held)).toEqual([])
      // the job outlasted a dozen lock periods, read once a second, never below half the duration
      expect(report!.seconds * 1000).toBeGreaterThanOrEqual(12 * LOCK * 0.8)
      expect(report!.minTtl).toBeGreaterThanOrEqual(LOCK / 2)
      expect([report!.attemptsStarted, report!.stalledCounter]).toEqual([1, 0])
      expect(run.status).toBe(0)
    },
    1_260_000
  )
})
