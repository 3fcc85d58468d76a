// npm's prepare script (run by `npm ci`, `npm install` in a clone, and the first `npx gradfold`
// of a clone, which installs the clone into npx's cache): builds dist/ unless the last build is
// newer than every source it was made from, so that a clone runs the built command and a second
// prepare costs nothing. `--force` builds anyway.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const stamp = 'dist/.built'
const sources = ['src', 'laws', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs']

const newest = (path) =>
  statSync(path).isDirectory()
    ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
    : statSync(path).mtimeMs

const fresh = existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...sources.map(newest))
if (fresh && !process.argv.includes('--force')) {
  console.log('gradfold: dist/ is up to date with the sources')
} else {
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' })
  if (built.status !== 0) process.exit(built.status ?? 1)
  writeFileSync(stamp, `${new Date().toISOString()}\n`)
}
