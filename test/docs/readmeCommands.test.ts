// Every shell line of README.md and of the guide (docs/guide/*.md) runs as written in a fresh
// copy of the repository, and exits with 0. The copy holds the files git tracks (or would
// track), as a clone does; `npm ci` is played by linking the repository's node_modules and
// running the prepare script (the build), so that the command runs from dist/, as after a real
// `npm ci`. The README's lines run in order in one copy; each guide page runs in its own copy of
// the folder as the README's quick start left it. A few lines cannot run here: they are listed
// below with the reason, and a line that is neither run nor listed fails the test.
//
// Slow (it builds, trains and sweeps): part of `npm run test:integration`.
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** Lines that do not run here, and why. */
const NOT_RUN: Readonly<Record<string, string>> = {
  'npm install gradfold fp-ts': 'installs from the registry: .ci/pack.sh installs the packed tarball instead',
  'npx gradfold sweep runs/sweep.json --queue redis://localhost:6379':
    'needs a Redis server and workers: test/cli/sweep.test.ts runs a queued sweep against the server .ci/run starts',
  'npx gradfold worker --queue redis://localhost:6379 --sweep iris-sweep':
    'serves jobs until stopped, from a Redis server: test/cli/sweep.test.ts runs workers'
}

interface Line {
  readonly page: string
  /** The 1-based line in the page. */
  readonly line: number
  /** The command as written, its trailing comment removed. */
  readonly command: string
  /** The index of its ```sh block in the page. */
  readonly block: number
}

const shellLines = (page: string): ReadonlyArray<Line> => {
  const lines = fs.readFileSync(path.join(root, page), 'utf8').split('\n')
  const found: Array<Line> = []
  let block = -1
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```sh') continue
    block++
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) {
      const command = lines[i]!.replace(/\s+#.*$/, '').trim()
      if (command !== '') found.push({ page, line: i + 1, command, block })
    }
  }
  return found
}

/** A fresh copy of the repository: the files git tracks or would track, node_modules linked. */
const freshCopy = (): string => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'gradfold-readme-'))
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8'
  })
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`)
  for (const file of listed.stdout.split('\0').filter((f) => f !== '')) {
    const from = path.join(root, file)
    if (!fs.existsSync(from)) continue
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.copyFileSync(from, path.join(dir, file))
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return dir
}

/** Every file under `dir`, relative, node_modules left out. */
const filesUnder = (dir: string, under = ''): ReadonlyArray<string> =>
  fs
    .readdirSync(path.join(dir, under), { withFileTypes: true })
    .filter((d) => !(under === '' && d.name === 'node_modules'))
    .flatMap((d) =>
      d.isDirectory() ? filesUnder(dir, path.join(under, d.name)) : [path.join(under, d.name).split(path.sep).join('/')]
    )

const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' }
  delete e['GRADFOLD_FROM_SOURCE']
  delete e['GRADFOLD_VITEST_JSON']
  return e
}

/** Runs `l` in `dir` as written (`npm ci`: the build that its prepare script runs); answers a failure or undefined. */
const run = (l: Line, dir: string): string | undefined => {
  const command = l.command === 'npm ci' ? 'npm run prepare' : l.command
  const r = spawnSync('bash', ['-c', command], { cwd: dir, env: env(), encoding: 'utf8', timeout: 600_000 })
  return r.status === 0
    ? undefined
    : `${l.page}:${l.line}: \`${l.command}\` exited with ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`
}

const guide = fs
  .readdirSync(path.join(root, 'docs/guide'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => `docs/guide/${f}`)
const readme = shellLines('README.md')
const pages = guide.map(shellLines).filter((ls) => ls.length > 0)
const runs = (ls: ReadonlyArray<Line>): ReadonlyArray<Line> => ls.filter((l) => NOT_RUN[l.command] === undefined)

describe('the shell lines of README.md and the guide', () => {
  it('are found, and each one not run here is listed with its reason', () => {
    expect(readme.map((l) => l.command)).toContain('npx gradfold train iris')
    const listed = [...readme, ...pages.flat()].filter((l) => NOT_RUN[l.command] !== undefined).map((l) => l.command)
    expect([...new Set(listed)].sort()).toEqual(Object.keys(NOT_RUN).sort())
  })

  it('run as written in a fresh copy, the quick start first, and write nothing outside runs/ and dist/', () => {
    const dir = freshCopy()
    const before = new Set(filesUnder(dir))
    const quickStart = readme.find((l) => l.command === 'npx gradfold train iris')!.block
    const failures: Array<string> = []
    let snapshot: string | undefined
    for (const l of runs(readme)) {
      const failed = run(l, dir)
      if (failed !== undefined) failures.push(failed)
      const next = readme[readme.indexOf(l) + 1]
      if (snapshot === undefined && (next === undefined || next.block !== quickStart) && l.block === quickStart) {
        snapshot = fs.mkdtempSync(path.join(tmpdir(), 'gradfold-readme-quick-start-'))
        fs.cpSync(dir, snapshot, { recursive: true, verbatimSymlinks: true })
      }
    }
    expect(failures).toEqual([])
    // the model file of the quick start, and the command built: no line fell back to the sources
    expect(fs.existsSync(path.join(dir, 'runs/iris/model.json'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'dist/bundle/cli.js'))).toBe(true)
    const written = filesUnder(dir).filter((f) => !before.has(f))
    expect(written.filter((f) => !f.startsWith('runs/') && !f.startsWith('dist/'))).toEqual([])
    for (const page of pages) {
      const copy = fs.mkdtempSync(path.join(tmpdir(), 'gradfold-guide-'))
      fs.cpSync(snapshot!, copy, { recursive: true, verbatimSymlinks: true })
      for (const l of runs(page)) {
        const failed = run(l, copy)
        if (failed !== undefined) failures.push(failed)
      }
      fs.rmSync(copy, { recursive: true, force: true })
    }
    expect(failures).toEqual([])
    fs.rmSync(dir, { recursive: true, force: true })
    fs.rmSync(snapshot!, { recursive: true, force: true })
  }, 3_600_000)
})
