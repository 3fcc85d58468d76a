// The playground page in a real browser (Debian's chromium, driven by playwright-core): it
// loads with no console error, one step moves the twelve weights exactly where gradfold's own
// training step moves them, and training lowers the loss.
import { existsSync } from 'node:fs'
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

interface PageApi {
  readonly weights: () => NN.ThreeTwoThree
  readonly losses: () => ReadonlyArray<number>
}
declare const window: { readonly gradfoldPlayground: PageApi }

const weightsOf = (page: Page): Promise<NN.ThreeTwoThree> => page.evaluate(() => window.gradfoldPlayground.weights())
const lossesOf = (page: Page): Promise<ReadonlyArray<number>> => page.evaluate(() => window.gradfoldPlayground.losses())

/** gradfold's own step for the page's settings: sgd(η) on the 3-2-3 network's mlp form, batch `index` of epoch 0. */
const libraryStep = (weights: NN.ThreeTwoThree, batching: E.Either<unknown, Data.Batching>, learningRate: number) => {
  const model: Train.Model<NN.MlpParams> = { forward: NN.threeTwoThreeMlp.forward, loss: (y) => NN.halfSumSquares(y) }
  return pipe(
    E.Do,
    E.apS('optimizer', Optim.sgd(learningRate)),
    E.apSW('batching', batching),
    E.apSW(
      'shuffleKey',
      pipe(
        Random.key(5),
        E.map((k) => Random.split2(k)[1])
      )
    ),
    E.bindW('batch', ({ shuffleKey, batching }) =>
      pipe(Data.plan(batching)(Data.threeClass, shuffleKey, 0), E.chainW(Data.batchAt(0)))
    ),
    E.bindW('params', () => NN.threeTwoThreeToMlp(weights)),
    E.bindW('next', ({ optimizer, shuffleKey, batch, params }) =>
      Train.step(model, optimizer)(Train.initialState(optimizer)(params, shuffleKey), batch)
    ),
    E.chainW(({ next }) => NN.threeTwoThreeFromMlp(next.params))
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
    page = await browser.newPage()
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    await page.goto(server.url)
    await page.waitForSelector('#network svg')
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('loads with no console error and draws all twelve weights', async () => {
    const labels = await page.$$eval('#network [data-weight]', (ts) => ts.map((t) => t.getAttribute('data-weight')))
    expect(labels).toEqual(['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12'])
    expect(problems).toEqual([])
  })

  it('starts from the weights NN.threeTwoThreeMlp.init draws from seed 5', async () => {
    const drawn = getRight(
      pipe(
        Random.key(5),
        E.chainW((k) => NN.threeTwoThreeMlp.init(Random.split2(k)[0])),
        E.chainW(NN.threeTwoThreeFromMlp)
      )
    )
    expect(await weightsOf(page)).toEqual(drawn)
  })

  it('one step moves every weight to where gradfold’s training step moves it, bit for bit', async () => {
    const before = await weightsOf(page)
    await page.click('#step')
    const after = await weightsOf(page)
    const expected = getRight(libraryStep(before, Data.miniBatch(6, { shuffle: true }), 1))
    for (const name of Object.keys(expected) as Array<keyof NN.ThreeTwoThree>) {
      expect(Object.is(after[name], expected[name]), `${name}: page ${after[name]}, library ${expected[name]}`).toBe(
        true
      )
    }
    expect(after).not.toEqual(before)
    // the drawing shows the new weights, and the step's explanation lists w1..w12 in order
    const shown = await page.$$eval('#network [data-weight]', (ts) =>
      ts.map((t) => Number(t.getAttribute('data-value')))
    )
    expect(shown).toEqual(Object.values(expected))
    const rows = await page.$$eval('#explanation tr[data-weight]', (trs) =>
      trs.map((tr) => tr.getAttribute('data-weight'))
    )
    expect(rows).toEqual(['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12'])
  })

  it('trains: after 300 more steps the loss over the data set is lower than at the start', async () => {
    for (let i = 0; i < 3; i++) await page.click('#train')
    const losses = await lossesOf(page)
    expect(losses).toHaveLength(302)
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 2)
    expect(problems).toEqual([])
  })

  it('switches to stochastic descent: a step then explains one sample', async () => {
    await page.selectOption('#mode', 'stochastic')
    await page.click('#step')
    expect(await page.textContent('#explanation p')).toMatch(/^1 sample,/)
    if (process.env['PLAYGROUND_SCREENSHOT'] !== undefined)
      await page.screenshot({ path: process.env['PLAYGROUND_SCREENSHOT'], fullPage: true })
    expect(problems).toEqual([])
  })
})
