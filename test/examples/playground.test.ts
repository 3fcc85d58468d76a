// The playground page in a real browser (Debian's chromium, driven by playwright-core), read as
// a student reads it: after one step, 100 steps and play, the chain-rule table and its Markdown
// are the last step's, and the weights are those gradfold's own training loop reaches; the
// regions and the samples' predicted classes are `Train.predictClasses` of the weights shown;
// the loss surface is gradfold's loss; each descent's path is a `Train` run of that mode, bit
// for bit. Every expectation is computed here, in the test's process, by the library; the
// page's numbers are read from what it draws and from its read-only `window.__playground`.
// A screenshot of the page after training is written to tmp/ (ignored by git).
import { existsSync, mkdirSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { servePlayground, type Playground } from '../../examples/playground/serve.js'
import { Data, NN, Optim, Random, Train } from '../../src/index.js'
import { getRight } from '../either.js'

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
// CI installs chromium (.ci/run); elsewhere the test says it did not run rather than fail.
const haveBrowser = existsSync(CHROMIUM) || process.env['CI'] === 'true'
const SCREENSHOT = process.env['PLAYGROUND_SCREENSHOT'] ?? 'tmp/playground/after-training.png'

type Mode = 'batch' | 'stochastic' | 'mini-batch'
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
  readonly regions: { readonly points: ReadonlyArray<NN.Triple>; readonly classes: ReadonlyArray<string> }
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
declare const window: { readonly __playground: Snapshot }

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

const model: Train.Model<NN.MlpParams> = { forward: NN.threeTwoThreeMlp.forward, loss: (y) => NN.halfSumSquares(y) }

const batchingOf = (mode: Mode): Data.Batching =>
  mode === 'batch'
    ? Data.fullBatch()
    : mode === 'stochastic'
      ? Data.stochastic({ shuffle: true })
      : getRight(Data.miniBatch(6, { shuffle: true }))

/** The keys a seed gives: the initial weights' and the shuffles'. */
const keysOf = (seed: number) => Random.split2(getRight(Random.key(seed)))

const initialWeights = (seed: number): NN.ThreeTwoThree =>
  getRight(pipe(NN.threeTwoThreeMlp.init(keysOf(seed)[0]), E.chainW(NN.threeTwoThreeFromMlp)))

/**
 * gradfold's training loop for `steps` steps: `Train.step` with `Optim.sgd(η)` on each batch of
 * each epoch's plan, in order; the weights before the first step and after each, and each step's batch.
 */
const trainRun = (mode: Mode, start: NN.ThreeTwoThree, seed: number, learningRate: number, steps: number) => {
  const optimizer = getRight(Optim.sgd(learningRate))
  const key = keysOf(seed)[1]
  let state = Train.initialState(optimizer)(getRight(NN.threeTwoThreeToMlp(start)), key)
  const weights: Array<NN.ThreeTwoThree> = [start]
  const batches: Array<Data.Batch> = []
  for (let epoch = 0; weights.length <= steps; epoch++) {
    const plan = getRight(Data.plan(batchingOf(mode))(Data.threeClass, key, epoch))
    for (let i = 0; i < plan.batchCount && weights.length <= steps; i++) {
      const batch = getRight(Data.batchAt(i)(plan))
      state = getRight(Train.step(model, optimizer)(state, batch))
      weights.push(getRight(NN.threeTwoThreeFromMlp(state.params)))
      batches.push(batch)
    }
  }
  return { weights, batches }
}

const triples = (t: { readonly shape: ReadonlyArray<number>; readonly data: Float64Array }): Array<NN.Triple> =>
  Array.from({ length: t.shape[0]! }, (_, i) => [t.data[3 * i]!, t.data[3 * i + 1]!, t.data[3 * i + 2]!] as const)

/** The explanation of step `n` of the run (1-based): from the weights before it, on its batch. */
const explanationOfStep = (run: ReturnType<typeof trainRun>, n: number, learningRate: number) =>
  getRight(
    Train.explainThreeTwoThree(learningRate)(run.weights[n - 1]!, {
      inputs: triples(run.batches[n - 1]!.inputs),
      targets: triples(run.batches[n - 1]!.targets)
    })
  )

const lossAt = (w: NN.ThreeTwoThree): number =>
  getRight(pipe(NN.threeTwoThreeToMlp(w), E.chainW(Train.measure(model)(Data.threeClass)))).loss

const predictClasses = (w: NN.ThreeTwoThree, rows: ReadonlyArray<NN.Triple>): ReadonlyArray<string> =>
  getRight(
    pipe(
      NN.threeTwoThreeToMlp(w),
      E.chainW((params) => Train.modelFile({ net: NN.threeTwoThreeMlp, loss: 'halfSumSquares', params })),
      E.chainW((m) => Train.predictClasses(m)(rows))
    )
  )

const expectSameBits = (page: NN.ThreeTwoThree, library: NN.ThreeTwoThree, where: string): void => {
  for (const name of NAMES)
    expect(Object.is(page[name], library[name]), `${where}, ${name}: page ${page[name]}, library ${library[name]}`).toBe(
      true
    )
}

describe.skipIf(!haveBrowser)('the playground in a real browser', () => {
  let server: Playground
  let browser: Browser
  let page: Page
  const problems: Array<string> = []

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
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    // offline: the page asks for nothing but its own three files
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
    const run = trainRun('mini-batch', initialWeights(3), 3, 1, steps)
    expectSameBits(snap.weights, run.weights[steps]!, `after ${steps} steps`)
    expectSameBits(await shownWeights(page), run.weights[steps]!, `the drawing after ${steps} steps`)
    const expected = explanationOfStep(run, steps, 1)
    expect(await page.textContent('#markdown')).toBe(Train.renderExplanation('markdown')(expected))
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
      const w = expected.weights[i]!
      expect([r.value, r.gradient, r.updated]).toEqual([w.value, w.gradient, w.updated])
      expect(Object.is(r.updated, run.weights[steps]![w.name as Name])).toBe(true)
      expect(r.cells[3]).toBe(w.gradient.toFixed(6))
    })
    expect(await page.textContent('#explanation p')).toMatch(new RegExp(`^Step ${steps}: a batch of 6 samples`))
    expect(await page.textContent('#explanation [data-batch-loss]')).toBe(expected.loss.toFixed(6))
  }

  it('loads offline with no console error, from the weights NN.threeTwoThreeMlp.init draws from seed 3', async () => {
    const labels = await page.$$eval('#network [data-weight]', (ts) => ts.map((t) => t.getAttribute('data-weight')))
    expect(labels).toEqual(NAMES)
    expectSameBits(await shownWeights(page), initialWeights(3), 'at the start')
    expect(await page.textContent('#markdown')).toBe('')
    expect(problems).toEqual([])
  })

  it('one step: the weights are Train.step’s, the table and the Markdown are that step’s, factors = value', async () => {
    await page.click('#step')
    await expectLastStepShown(1)
    // every sample of the batch can be opened: its chain rule laid out as `factors = value`
    const run = trainRun('mini-batch', initialWeights(3), 3, 1, 1)
    const expected = explanationOfStep(run, 1, 1)
    for (const s of [0, 3, 5]) {
      await page.selectOption('#sample', String(s))
      const cells = await page.$$eval('#explanation td.factors', (tds) =>
        tds.map((td) => [...td.querySelectorAll('span')].map((sp) => sp.textContent))
      )
      cells.forEach(([symbols, values], i) => {
        const factors = expected.weights[i]!.terms[s]!
        expect(symbols).toBe(factors.map((f) => f.symbol).join(' · '))
        const product = factors.reduce((p, f) => p * f.value, 1)
        expect(values).toBe(`= ${factors.map((f) => f.value.toFixed(4)).join(' · ')} = ${product.toExponential(4)}`)
      })
      const row = (await snapshotOf(page)).lastStep!.rows[s]!
      expect(await page.textContent('.sample-line')).toMatch(new RegExp(`^Sample ${s + 1} of 6: row ${row + 1} `))
    }
  })

  it('100 steps: the table and the Markdown are step 101’s, not step 1’s', async () => {
    await page.click('#train')
    await expectLastStepShown(101)
  })

  it('play, then pause: the table and the Markdown are the last step played', async () => {
    await page.click('#play')
    await page.waitForTimeout(400)
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
    const expected = predictClasses(w, Data.threeClassInputs)
    expect(snap.predicted).toEqual(expected)
    const drawn = await page.$$eval('#data [data-sample]', (gs) => gs.map((g) => g.getAttribute('data-predicted')))
    expect(drawn).toEqual(expected)
    expect(snap.regions.classes).toEqual(predictClasses(w, snap.regions.points))
    expect(new Set(snap.regions.classes).size).toBe(3)
    // every region point lies on the plane x1 + x2 + x3 = 2 the page names
    for (const p of snap.regions.points) expect(Math.abs(p[0] + p[1] + p[2] - 2)).toBeLessThan(1e-12)
    // each class's accuracy is gradfold's measure
    const measured = getRight(
      pipe(NN.threeTwoThreeToMlp(w), E.chainW(Train.measure(model, { perClass: true })(Data.threeClass)))
    )
    const recalls = 'classes' in measured ? measured.classes!.map((c) => c.recall) : []
    const shown = await page.$$eval('#classes tr[data-class]', (trs) =>
      trs.map((tr) => Number(tr.getAttribute('data-accuracy')))
    )
    expect(shown).toEqual(recalls)
  })

  it('σ′ under each unit is the mean of ∂a/∂z over the 30 samples at the weights shown', async () => {
    const w = await shownWeights(page)
    const e = getRight(
      Train.explainThreeTwoThree(0)(w, {
        inputs: Data.threeClassInputs,
        targets: Data.threeClassLabels.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)) as unknown as NN.Triple)
      })
    )
    const expected = e.units
      .filter((u) => u.layer > 0)
      .map((u) => [u.name, u.samples.reduce((s, v) => s + v.dadz!, 0) / u.samples.length])
    const shown = await page.$$eval('#network [data-sigma-prime]', (ts) =>
      ts.map((t) => [t.getAttribute('data-unit'), Number(t.getAttribute('data-sigma-prime'))])
    )
    expect(shown).toEqual(expected)
  })

  it('the three descents start where the page stands and are Train runs of their modes, bit for bit', async () => {
    await page.click('#race')
    const snap = await snapshotOf(page)
    const { race } = snap
    expect(race.step).toBe(snap.steps)
    expectSameBits(race.start, snap.weights, 'the descents’ start')
    expect(race.learningRate).toBe(1)
    for (const mode of ['batch', 'stochastic', 'mini-batch'] as const) {
      const run = trainRun(mode, race.start, 3, race.learningRate, race.steps)
      expect(race.paths[mode]).toHaveLength(race.steps + 1)
      race.paths[mode].forEach((w, k) => expectSameBits(w, run.weights[k]!, `${mode}, step ${k}`))
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
        const expected = lossAt({ ...race.start, [x]: s.xs[i]!, [y]: s.ys[j]! })
        const cell = s.losses[j * s.xs.length + i]!
        expect(Object.is(cell, expected), `${x} = ${s.xs[i]}, ${y} = ${s.ys[j]}: page ${cell}, library ${expected}`).toBe(
          true
        )
      }
      // the paths lie inside the surface's window
      for (const path of Object.values(race.paths))
        for (const w of path) {
          expect(w[x]).toBeGreaterThanOrEqual(s.xs[0]!)
          expect(w[x]).toBeLessThanOrEqual(s.xs[s.xs.length - 1]!)
        }
    }
    mkdirSync(SCREENSHOT.slice(0, SCREENSHOT.lastIndexOf('/')), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(problems).toEqual([])
  })

  it('the stalling preset says why: class 1 never right, both hidden units off on it', async () => {
    await page.click('#preset-stalls')
    for (let i = 0; i < 5; i++) await page.click('#train')
    const snap = await snapshotOf(page)
    expect(snap.settings).toEqual({ mode: 'mini-batch', learningRate: 1, seed: 0 })
    expect(snap.classAccuracy).toEqual([0, 1, 1])
    expect(await page.textContent('#why .reason')).toMatch(/^Class 1 \(0\.0 % right\): both hidden units are off/)
    await page.click('#preset-learns')
    await page.click('#train')
    expect((await snapshotOf(page)).classAccuracy).toEqual([1, 1, 1])
    expect(await page.textContent('#why p')).toBe('Every class is classified right.')
  })

  it('switches to stochastic descent: a step then explains one sample', async () => {
    await page.selectOption('#mode', 'stochastic')
    await page.click('#step')
    expect(await page.textContent('#explanation p')).toMatch(/^Step 101: a batch of 1 sample,/)
    expect(problems).toEqual([])
  })
})
