// `npm run bench:startup`: how long a newcomer waits. Two figures, each the median of fresh node
// processes (3 warm-ups, then 15 timed runs, alternating):
// - `gradfold --help`: the wall time of `node bin/gradfold.js --help`, the whole process (node's
//   own start included), from the built command in dist/;
// - `import('gradfold')`: the time the dynamic import of the built root entry takes inside a
//   fresh process (node's own start excluded), through the package's self-reference.
// For scale, a third: the wall time of `node -e 0`, node's own start, in the same rounds. The load
// average (1 minute) is printed before and after: on a loaded machine the figures are upper bounds. Runs on the built package under plain node; `--runs N` for fewer timed runs.
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const arg = process.argv.indexOf('--runs')
const runs = arg >= 0 ? Number(process.argv[arg + 1]) : 15
const WARMUPS = 3

const node = (args: ReadonlyArray<string>): { readonly ms: number; readonly out: string } => {
  const started = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return { ms, out: r.stdout }
}

const help = (): number => node(['bin/gradfold.js', '--help']).ms
const bare = (): number => node(['-e', '0']).ms
const importRoot = (): number =>
  Number(
    node([
      '--input-type=module',
      '-e',
      "const t = performance.now(); await import('gradfold'); console.log(performance.now() - t)"
    ]).out.trim()
  )

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

const loadBefore = loadavg()[0]!
for (let i = 0; i < WARMUPS; i++) {
  help()
  importRoot()
  bare()
}
const helpMs: Array<number> = []
const importMs: Array<number> = []
const bareMs: Array<number> = []
for (let i = 0; i < runs; i++) {
  helpMs.push(help())
  importMs.push(importRoot())
  bareMs.push(bare())
}
const loadAfter = loadavg()[0]!
const fmt = (xs: ReadonlyArray<number>): string =>
  `median ${median(xs).toFixed(0)} ms (lowest ${Math.min(...xs).toFixed(0)}, highest ${Math.max(...xs).toFixed(0)})`
console.log(`gradfold --help, whole process:  ${fmt(helpMs)}   target ≤ 300 ms`)
console.log(`import('gradfold'), in process:  ${fmt(importMs)}   target ≤ 80 ms`)
console.log(`node -e 0, whole process:        ${fmt(bareMs)}   (node's own start)`)
console.log(
  `${runs} runs each; node ${process.version}; load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`
)
