// The playground page in a real browser (Debian's chromium, driven by playwright-core), read as
// a student reads it: after one step, 100 steps and play, the chain-rule table and its Markdown
// are the last step's, and the weights are those gradfold's own training loop reaches; the
// regions and the samples' predicted classes are `Train.predictClasses` of the weights shown;
// the loss surface is gradfold's loss; each descent's path is a `Train` run of that mode, bit
// for bit. Every expectation is computed by the library alone (playgroundExpectations.ts), in
// the test's process and in a blank page of the same Chromium: the page equals the latter to the
// bit, and the former to 1e-12 relative, since Node's Math.exp and Math.log (under the library's
// sigmoid and loss) round some arguments differently from Chromium's. The page's numbers are
// read from what it draws and from its read-only `window.__playground`. A screenshot of the page
// after training is written to tmp/playground/ (ignored by git).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePage } from '../../examples/playground/build.js'
import { serveDirectory, servePlayground, type Playground } from '../../examples/playground/serve.js'
import { type NN } from '../../src/index.js'
import * as X from './playgroundExpectations.js'
import * as Advanced from '../../src/advanced.js'

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
// CI installs chromium (.ci/run); elsewhere the test says it did not run rather than fail.
const haveBrowser = existsSync(CHROMIUM) || process.env['CI'] === 'true'
const SCREENSHOT = process.env['PLAYGROUND_SCREENSHOT'] ?? 'tmp/playground/after-training.png'
/**
 * The built script's budget, minified (README, "The playground"): 161 KB since the wasm product
 * kernel keeps large arrays resident (the pool and the module's gradient-descent step, 2.3 KB);
 * 158 KB before, 152 KB when the page began to run the compiled program (its code generator and
 * each op's emitter) and to predict through a model file, 122 KB before that.
 */
const SCRIPT_BUDGET = 165_000

type Mode = X.Mode
type Name = keyof NN.ThreeTwoThree
const NAMES: ReadonlyArray<Name> = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12']

/** What `window.__playground` holds (the fields this test reads). */
interface Snapshot {
  readonly settings: { readonly mode: Mode; readonly learningRate: number; readonly seed: number }
  readonly steps: number
  readonly weights: NN.ThreeTwoThree
  readonly classAccuracy: ReadonlyArray<number>
  readonly losses: ReadonlyArray<number>
  readonly accuracies: ReadonlyArray<number>
  readonly lastStep?: { readonly step: number; readonly rows: ReadonlyArray<number>; readonly sample: number }
  readonly predicted: ReadonlyArray<string>
  readonly regions: { readonly points: ReadonlyArray<Advanced.NN.Triple>; readonly classes: ReadonlyArray<string> }
  readonly race: {
    readonly step: number
    readonly start: NN.ThreeTwoThree
    readonly learningRate: number
    readonly steps: number
    readonly paths: Readonly<Record<Mode, ReadonlyArray<NN.ThreeTwoThree>>>
    readonly surface: {
      readonly start: NN.ThreeTwoThree
      readonly x: Name
      readonly y: Name
      readonly xs: ReadonlyArray<number>
      readonly ys: ReadonlyArray<number>
      readonly losses: ReadonlyArray<number>
    }
  }
}
type Expectations = typeof X
declare const window: { readonly __playground: Snapshot; readonly __expectations: Expectations }

const snapshotOf = (page: Page): Promise<Snapshot> => page.evaluate(() => window.__playground)

/** The weights the network drawing shows, read from its edge labels. */
const shownWeights = async (page: Page): Promise<NN.ThreeTwoThree> => {
  const pairs = await page.$$eval('#network [data-weight]', (ts) =>
    ts.map((t) => [t.getAttribute('data-weight')!, Number(t.getAttribute('data-value'))] as const)
  )
  return Object.fromEntries(pairs) as unknown as NN.ThreeTwoThree
}

// -------------------------------------------------------------------------------------
// the expectations, by the library
// -------------------------------------------------------------------------------------

/** The weights the same, to the bit (the library in the page's own engine). */
const expectSameBits = (page: NN.ThreeTwoThree, library: NN.ThreeTwoThree, where: string): void => {
  for (const name of NAMES)
    expect(
      Object.is(page[name], library[name]),
      `${where}, ${name}: page ${page[name]}, library ${library[name]}`
    ).toBe(true)
}

/** How near Node's numbers must be: Math.exp and Math.log differ in the last bit on some arguments between engines. */
const ACROSS_ENGINES = 1e-12

const expectNear = (page: number, node: number, where: string): void =>
  expect(
    Math.abs(page - node) <= ACROSS_ENGINES * Math.max(1, Math.abs(node)),
    `${where}: page ${page}, library in Node ${node}`
  ).toBe(true)

const expectNearWeights = (page: NN.ThreeTwoThree, node: NN.ThreeTwoThree, where: string): void => {
  for (const name of NAMES) expectNear(page[name], node[name], `${where}, ${name}`)
}

/** The expectations bundled for a browser page: `window.__expectations`. */
const expectationsBundle = async (): Promise<string> => {
  const result = await build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'playgroundExpectations.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__expectations',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent'
  })
  return result.outputFiles[0]!.text
}

describe.skipIf(!haveBrowser)('the playground in a real browser', () => {
  let server: Playground
  let browser: Browser
  let page: Page
  /** A blank page of the same browser holding the expectations: the library in the page's engine. */
  let library: Page
  const problems: Array<string> = []

  /** An expectation computed in Chromium by the library alone. */
  const inChromium = <K extends keyof Expectations>(
    name: K,
    ...args: Parameters<Expectations[K]>
  ): Promise<ReturnType<Expectations[K]>> =>
    library.evaluate(([n, a]) => (window.__expectations[n] as (...xs: ReadonlyArray<unknown>) => unknown)(...a), [
      name,
      args
    ] as const) as Promise<ReturnType<Expectations[K]>>

  beforeAll(async () => {
    server = await servePlayground(0)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync'
      ]
    })
    library = await browser.newPage()
    await library.setContent('<!doctype html><title>gradfold, the expectations</title>')
    await library.addScriptTag({ content: await expectationsBundle() })
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    // offline: the page asks for nothing but its own files
    await page.route('**/*', (route) =>
      route.request().url().startsWith(server.url) ? route.continue() : route.abort('internetdisconnected')
    )
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`))
    await page.goto(server.url)
    await page.waitForSelector('#network svg')
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /**
   * After `steps` steps of the default settings (seed 3, mini-batch, η = 1), the weights are the
   * training loop's, and the chain-rule table and the Markdown are the explanation of the last step.
   */
  const expectLastStepShown = async (steps: number): Promise<void> => {
    const snap = await snapshotOf(page)
    expect(snap.steps).toBe(steps)
    const expected = await inChromium('lastStep', 'mini-batch', 3, 1, steps)
    expectSameBits(snap.weights, expected.weights, `after ${steps} steps`)
    expectSameBits(await shownWeights(page), expected.weights, `the drawing after ${steps} steps`)
    expectNearWeights(snap.weights, X.lastStep('mini-batch', 3, 1, steps).weights, `after ${steps} steps`)
    expect(await page.textContent('#markdown')).toBe(expected.markdown)
    const rows = await page.$$eval('#explanation tr[data-weight]', (trs) =>
      trs.map((tr) => ({
        name: tr.getAttribute('data-weight'),
        value: Number(tr.getAttribute('data-value')),
        gradient: Number(tr.getAttribute('data-gradient')),
        updated: Number(tr.getAttribute('data-updated')),
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent)
      }))
    )
    expect(rows.map((r) => r.name)).toEqual(NAMES)
    rows.forEach((r, i) => {
      const w = expected.lines[i]!
      expect([r.value, r.gradient, r.updated]).toEqual([w.value, w.gradient, w.updated])
      expect(Object.is(r.updated, expected.weights[w.name as Name])).toBe(true)
      expect(r.cells[3]).toBe(w.gradient.toFixed(6))
    })
    expect(await page.textContent('#explanation p')).toMatch(new RegExp(`^Step ${steps}: a batch of 6 samples`))
    expect(await page.textContent('#explanation [data-batch-loss]')).toBe(expected.loss.toFixed(6))
  }

  it('loads offline with no console error, from the weights NN.threeTwoThreeMlp.init draws from seed 3', async () => {
    const labels = await page.$$eval('#network [data-weight]', (ts) => ts.map((t) => t.getAttribute('data-weight')))
    expect(labels).toEqual(NAMES)
    expectSameBits(await shownWeights(page), await inChromium('initialWeights', 3), 'at the start')
    expectSameBits(await shownWeights(page), X.initialWeights(3), 'at the start, against Node')
    expect(await page.textContent('#markdown')).toBe('')
    expect(problems).toEqual([])
  })

  it('one step: the weights are Train.step’s, the table and the Markdown are that step’s, factors = value', async () => {
    await page.click('#step')
    await expectLastStepShown(1)
    // every sample of the batch can be opened: its chain rule laid out as `factors = value`
    const expected = await inChromium('lastStep', 'mini-batch', 3, 1, 1)
    for (const s of [0, 3, 5]) {
      await page.selectOption('#sample', String(s))
      const cells = await page.$$eval('#explanation td.factors', (tds) =>
        tds.map((td) => [...td.querySelectorAll('span')].map((sp) => sp.textContent))
      )
      cells.forEach(([symbols, values], i) => {
        const factors = expected.lines[i]!.terms[s]!
        expect(symbols).toBe(factors.map((f) => f.symbol).join(' · '))
        const product = factors.reduce((p, f) => p * f.value, 1)
        expect(values).toBe(`= ${factors.map((f) => f.value.toFixed(4)).join(' · ')} = ${product.toExponential(4)}`)
      })
      const row = (await page.textContent(`#sample option[value="${s}"]`))!.match(/row (\d+)/)![1]
      expect(await page.textContent('.sample-line')).toMatch(new RegExp(`^Sample ${s + 1} of 6: row ${row} `))
    }
  })

  it('100 steps: the table and the Markdown are step 101’s, not step 1’s', async () => {
    await page.click('#train')
    await expectLastStepShown(101)
  })

  it('play, then pause: the table and the Markdown are the last step played', async () => {
    await page.click('#play')
    await page.waitForFunction("Number(document.querySelector('#status').dataset.steps) > 120", null, { polling: 50 })
    await page.click('#play')
    const steps = (await snapshotOf(page)).steps
    expect(steps).toBeGreaterThan(101)
    await expectLastStepShown(steps)
    const snap = await snapshotOf(page)
    expect(snap.losses).toHaveLength(steps + 1)
    expect(snap.accuracies).toHaveLength(steps + 1)
    expect(snap.losses[steps]!).toBeLessThan(snap.losses[0]! / 2)
  })

  it('the regions and the samples show Train.predictClasses of the weights shown', async () => {
    const w = await shownWeights(page)
    const snap = await snapshotOf(page)
    const expected = await inChromium('predictClasses', w, Advanced.Data.threeClassInputs)
    expect(snap.predicted).toEqual(expected)
    expect(X.predictClasses(w, Advanced.Data.threeClassInputs)).toEqual(expected)
    const drawn = await page.$$eval('#data [data-sample]', (gs) => gs.map((g) => g.getAttribute('data-predicted')))
    expect(drawn).toEqual(expected)
    expect(snap.regions.classes).toEqual(await inChromium('predictClasses', w, snap.regions.points))
    expect(new Set(snap.regions.classes).size).toBe(3)
    // every region point lies on the plane x1 + x2 + x3 = 2 the page names
    for (const p of snap.regions.points) expect(Math.abs(p[0] + p[1] + p[2] - 2)).toBeLessThan(1e-12)
    // each class's accuracy is gradfold's measure
    const shown = await page.$$eval('#classes tr[data-class]', (trs) =>
      trs.map((tr) => Number(tr.getAttribute('data-accuracy')))
    )
    expect(shown).toEqual((await inChromium('measure', w)).recalls)
  })

  it('σ′ under each unit is the mean of ∂a/∂z over the 30 samples at the weights shown', async () => {
    const w = await shownWeights(page)
    const shown = await page.$$eval('#network [data-sigma-prime]', (ts) =>
      ts.map((t) => [t.getAttribute('data-unit'), Number(t.getAttribute('data-sigma-prime'))])
    )
    expect(shown).toEqual(await inChromium('sigmaPrimes', w))
    X.sigmaPrimes(w).forEach(([unit, s], i) => expectNear(shown[i]![1] as number, s, `σ′ of ${unit}`))
  })

  it('the three descents start where the page stands and are Train runs of their modes, bit for bit', async () => {
    await page.click('#race')
    const snap = await snapshotOf(page)
    const { race } = snap
    expect(race.step).toBe(snap.steps)
    expectSameBits(race.start, snap.weights, 'the descents’ start')
    expect(race.learningRate).toBe(1)
    for (const mode of ['batch', 'stochastic', 'mini-batch'] as const) {
      const run = await inChromium('trainRun', mode, race.start, 3, race.learningRate, race.steps)
      const node = X.trainRun(mode, race.start, 3, race.learningRate, race.steps)
      expect(race.paths[mode]).toHaveLength(race.steps + 1)
      race.paths[mode].forEach((w, k) => {
        expectSameBits(w, run[k]!, `${mode}, step ${k}`)
        expectNearWeights(w, node[k]!, `${mode}, step ${k}`)
      })
    }
    expect(race.paths.batch[race.steps]).not.toEqual(race.paths.stochastic[race.steps])
    expect(race.paths.stochastic[race.steps]).not.toEqual(race.paths['mini-batch'][race.steps])
    expect(await page.$$eval('#surfaces svg[data-mode]', (s) => s.map((x) => x.getAttribute('data-mode')))).toEqual([
      'batch',
      'stochastic',
      'mini-batch'
    ])
  })

  it('a cell of the loss surface over any two weights is gradfold’s loss there, the other ten held', async () => {
    for (const [x, y] of [
      ['w5', 'w6'],
      ['w7', 'w10']
    ] as const) {
      await page.selectOption('#wx', x)
      await page.selectOption('#wy', y)
      const { race } = await snapshotOf(page)
      const s = race.surface
      expect([s.x, s.y]).toEqual([x, y])
      expectSameBits(s.start, race.start, 'the surface’s held weights')
      for (const [i, j] of [
        [0, 0],
        [17, 23],
        [s.xs.length - 1, s.ys.length - 1]
      ] as const) {
        const at = { ...race.start, [x]: s.xs[i]!, [y]: s.ys[j]! }
        const cell = s.losses[j * s.xs.length + i]!
        const expected = await inChromium('lossAt', at)
        expect(
          Object.is(cell, expected),
          `${x} = ${s.xs[i]}, ${y} = ${s.ys[j]}: page ${cell}, library ${expected}`
        ).toBe(true)
        expectNear(cell, X.lossAt(at), `the surface at ${x} = ${s.xs[i]}, ${y} = ${s.ys[j]}`)
      }
      // the paths lie inside the surface's window
      for (const path of Object.values(race.paths))
        for (const w of path) {
          expect(w[x]).toBeGreaterThanOrEqual(s.xs[0]!)
          expect(w[x]).toBeLessThanOrEqual(s.xs[s.xs.length - 1]!)
          expect(w[y]).toBeGreaterThanOrEqual(s.ys[0]!)
          expect(w[y]).toBeLessThanOrEqual(s.ys[s.ys.length - 1]!)
        }
    }
    mkdirSync(SCREENSHOT.slice(0, SCREENSHOT.lastIndexOf('/')), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(problems).toEqual([])
  })

  it('the stalling preset says why: class 1 never right, both hidden units off on it', async () => {
    await page.click('#preset-stalls')
    await page.click('#train')
    const snap = await snapshotOf(page)
    expect(snap.settings).toEqual({ mode: 'mini-batch', learningRate: 1, seed: 9 })
    expect(snap.classAccuracy).toEqual([0, 1, 1])
    expect(await page.textContent('#why .reason')).toMatch(/^Class 1 \(0\.0 % right\): both hidden units are off/)
    await page.click('#preset-learns')
    await page.click('#train')
    expect((await snapshotOf(page)).classAccuracy).toEqual([1, 1, 1])
    expect(await page.textContent('#why p')).toBe('Every class is classified right.')
  })

  it('npm run playground:build writes static files that load offline, with a script under 160 KB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-playground-'))
    const host = await serveDirectory(await writePage(dir), 0)
    try {
      expect(statSync(join(dir, 'main.js')).size).toBeLessThan(SCRIPT_BUDGET)
      const built = await browser.newPage()
      const seen: Array<string> = []
      built.on('pageerror', (e) => seen.push(e.message))
      built.on('console', (m) => {
        if (m.type() === 'error') seen.push(m.text())
      })
      await built.route('**/*', (route) =>
        route.request().url().startsWith(host.url) ? route.continue() : route.abort('internetdisconnected')
      )
      await built.goto(host.url)
      await built.waitForSelector('#surfaces svg[data-mode="mini-batch"]')
      expect(await built.$$('#data [data-sample]')).toHaveLength(30)
      await built.click('#step')
      expect(await built.textContent('#markdown')).toMatch(/^## One step of gradient descent/)
      expect(seen).toEqual([])
      await built.close()
    } finally {
      await host.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('switches to stochastic descent from the keyboard: a step then explains one sample', async () => {
    await page.focus('#mode')
    await page.keyboard.press('ArrowUp')
    expect(await page.inputValue('#mode')).toBe('stochastic')
    await page.focus('#step')
    await page.keyboard.press('Enter')
    expect(await page.textContent('#explanation p')).toMatch(/^Step 101: a batch of 1 sample,/)
    expect(problems).toEqual([])
  })
})
