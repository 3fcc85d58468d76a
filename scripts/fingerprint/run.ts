// `npm run fingerprint`: the same training runs and elementary functions under every JavaScript
// engine at hand, and the same bits from each, or a failure. scripts/fingerprint/fingerprint.ts
// is bundled by esbuild into one ES module, then run by
//   node      (V8; this process's own binary),
//   bun       (JavaScriptCore; the `bun` dev dependency ships its binary),
//   chromium  (V8 in a browser; Debian's /usr/bin/chromium, headless),
//   firefox   (SpiderMonkey; Debian's firefox-esr, headless),
// the browsers loading a page from a local server that runs the module and posts the hashes
// back. Each engine's hashes are printed beside Node's; any difference, or an engine that does
// not answer, makes the exit code 1. `--engines=node,bun` limits the run.
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

type Hashes = Readonly<Record<string, string>>

const root = fileURLToPath(new URL('../../', import.meta.url))
const TIMEOUT_MS = 180_000
const all = ['node', 'bun', 'chromium', 'firefox'] as const
const asked = process.argv
  .find((a) => a.startsWith('--engines='))
  ?.slice('--engines='.length)
  .split(',') ?? [...all]

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradfold-fingerprint-'))

const bundle = (): Promise<unknown> =>
  esbuild.build({
    entryPoints: [path.join(root, 'scripts/fingerprint/fingerprint.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    outfile: path.join(dir, 'fingerprint.mjs'),
    logLevel: 'warning'
  })

const MAIN = `import { fingerprints } from './fingerprint.mjs'\nconsole.log(JSON.stringify(fingerprints()))\n`
const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import { fingerprints } from './fingerprint.mjs'
let body
try { body = JSON.stringify(fingerprints()) } catch (e) { body = JSON.stringify({ error: String(e && e.stack || e) }) }
await fetch('/result', { method: 'POST', body })
document.title = 'done'
</script>`

/** The last line a command prints, read as the hashes. */
const runCommand = (command: string, args: ReadonlyArray<string>): Promise<Hashes> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const timer = setTimeout(() => child.kill(), TIMEOUT_MS)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const last = out.trim().split('\n').pop() ?? ''
      if (code === 0) resolve(JSON.parse(last) as Hashes)
      else reject(new Error(`${command} exited with ${code}`))
    })
  })

/** A local server for the page and the module; resolves the posted hashes of one browser visit. */
const serve = (): Promise<{ readonly url: string; readonly next: () => Promise<Hashes>; readonly close: () => void }> =>
  new Promise((resolveServer) => {
    let pending: ((h: Hashes) => void) | undefined
    const server = http.createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/result') {
        let body = ''
        req.on('data', (d: Buffer) => (body += d.toString()))
        req.on('end', () => {
          res.end('ok')
          pending?.(JSON.parse(body) as Hashes)
        })
        return
      }
      const file = req.url === '/fingerprint.mjs' ? 'fingerprint.mjs' : req.url === '/' ? 'index.html' : undefined
      if (file === undefined) {
        res.statusCode = 404
        res.end()
        return
      }
      res.setHeader('content-type', file.endsWith('.mjs') ? 'text/javascript' : 'text/html')
      res.end(fs.readFileSync(path.join(dir, file)))
    })
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolveServer({
        url: `http://127.0.0.1:${port}/`,
        next: () => new Promise((r) => (pending = r)),
        close: () => server.close()
      })
    })
  })

/** Opens the page in a headless browser, waits for its hashes, ends the browser it started. */
const runBrowser = async (
  server: Awaited<ReturnType<typeof serve>>,
  command: string,
  args: (url: string) => ReadonlyArray<string>,
  env: NodeJS.ProcessEnv = process.env
): Promise<Hashes> => {
  const result = server.next()
  const child: ChildProcess = spawn(command, args(server.url), { stdio: 'ignore', env, detached: true })
  const failed = new Promise<never>((_, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code} before answering`)))
  })
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${command} gave no answer in ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS).unref()
  )
  try {
    return await Promise.race([result, failed, timeout])
  } finally {
    // the browser's own process group: its helper processes end with it
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
  }
}

const chromiumArgs = (url: string): ReadonlyArray<string> => [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  `--user-data-dir=${path.join(dir, 'chromium-profile')}`,
  url
]

const firefoxArgs = (url: string): ReadonlyArray<string> => {
  const profile = path.join(dir, 'firefox-profile')
  fs.mkdirSync(profile, { recursive: true })
  // no first-run pages, no updates, no telemetry: the page and nothing else
  fs.writeFileSync(
    path.join(profile, 'user.js'),
    [
      'user_pref("browser.shell.checkDefaultBrowser", false);',
      'user_pref("app.update.enabled", false);',
      'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
      'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
      'user_pref("browser.startup.homepage_override.mstone", "ignore");',
      'user_pref("network.captive-portal-service.enabled", false);',
      'user_pref("extensions.update.enabled", false);'
    ].join('\n')
  )
  return ['--headless', '--no-remote', '--profile', profile, url]
}

const which = (names: ReadonlyArray<string>): string | undefined => names.find((n) => fs.existsSync(n))

const main = async (): Promise<number> => {
  await bundle()
  fs.writeFileSync(path.join(dir, 'main.mjs'), MAIN)
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE)
  const server = await serve()
  const results: Array<readonly [string, Hashes | Error]> = []
  const attempt = async (engine: string, run: () => Promise<Hashes>): Promise<void> => {
    if (!asked.includes(engine)) return
    const started = Date.now()
    const hashes = await run().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
    console.log(
      `${engine}: ${hashes instanceof Error ? `failed: ${hashes.message}` : 'answered'} (${((Date.now() - started) / 1000).toFixed(1)} s)`
    )
    results.push([engine, hashes])
  }
  await attempt('node', () => runCommand(process.execPath, ['main.mjs']))
  await attempt('bun', () => runCommand(path.join(root, 'node_modules/.bin/bun'), ['main.mjs']))
  const chromium = which(['/usr/bin/chromium', '/usr/bin/chromium-browser'])
  await attempt('chromium', () =>
    chromium === undefined
      ? Promise.reject(new Error('no chromium installed'))
      : runBrowser(server, chromium, chromiumArgs)
  )
  const firefox = which(['/usr/bin/firefox-esr', '/usr/bin/firefox'])
  await attempt('firefox', () =>
    firefox === undefined
      ? Promise.reject(new Error('no firefox-esr installed'))
      : runBrowser(server, firefox, firefoxArgs, { ...process.env, MOZ_HEADLESS: '1' })
  )
  server.close()
  fs.rmSync(dir, { recursive: true, force: true })
  return report(results)
}

/** Prints each hash with the engines that gave it; 0 when every engine answered with the same hashes. */
const report = (results: ReadonlyArray<readonly [string, Hashes | Error]>): number => {
  const answered = results.filter((r): r is readonly [string, Hashes] => !(r[1] instanceof Error))
  const reference = answered[0]
  if (reference === undefined || answered.length < results.length) {
    console.log('FAIL: not every engine answered')
    return 1
  }
  let same = true
  for (const name of Object.keys(reference[1])) {
    const cells = answered.map(([engine, h]) => `${engine} ${h[name] ?? 'missing'}`)
    const agree = answered.every(([, h]) => h[name] === reference[1][name])
    same &&= agree
    console.log(`${agree ? 'same' : 'DIFF'}  ${name.padEnd(28)} ${agree ? reference[1][name] : cells.join('  ')}`)
  }
  for (const [engine, h] of answered) if ('error' in h) console.log(`${engine}: ${h['error']}`)
  console.log(same ? `the same bits on ${answered.map((r) => r[0]).join(', ')}` : 'FAIL: the engines differ')
  return same ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  }
)
