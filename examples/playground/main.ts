// The playground page: a student trains the founding text's 3-2-3 network live, on gradfold
// itself. The page holds the current session, the curves, the last step and the three descents;
// every number comes from session.ts, predictions.ts, diagnosis.ts and descents.ts (the
// library), every drawing from the view modules. `window.__playground` is a read-only snapshot
// of every number shown, for the console and for the page's browser test.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as Advanced from '../../src/advanced.js'
import * as Train from '../../src/train/index.js'
import { curveSvg } from './charts.js'
import { classLegend, classTable, dataSvg, pct } from './dataView.js'
import { descents, MODES, surfaceFor, WEIGHT_NAMES, type Descents, type Surface, type WeightName } from './descents.js'
import { diagnose } from './diagnosis.js'
import { predictClasses, regions, type Regions } from './predictions.js'
import { start, step, retune, type Mode, type Session, type Settings, type Stepped } from './session.js'
import { surfaceCaption, surfaceKey, surfaceSvg } from './surfaceView.js'
import { explanationTable, networkSvg } from './view.js'
import { whyView } from './whyView.js'

const element = <T extends Element>(selector: string): T => document.querySelector<T>(selector)!

const modeInput = element<HTMLSelectElement>('#mode')
const rateInput = element<HTMLInputElement>('#rate')
const seedInput = element<HTMLInputElement>('#seed')
const logInput = element<HTMLInputElement>('#log')
const wxInput = element<HTMLSelectElement>('#wx')
const wyInput = element<HTMLSelectElement>('#wy')
const raceStepsInput = element<HTMLSelectElement>('#race-steps')
const sampleInput = element<HTMLSelectElement>('#sample')
const playButton = element<HTMLButtonElement>('#play')
const status = element<HTMLElement>('#status')

/** The grid of the surface (cells per side) and of the regions. */
const SURFACE_CELLS = 30
const REGION_GRID = { columns: 48, rows: 45 } as const

let session: Session | undefined
/** The loss and the accuracy on all 30 samples before any step and after each: appended, never copied. */
let losses: Array<number> = []
let accuracies: Array<number> = []
/** The last step taken, and the sample of its batch the chain-rule table shows. */
let last: (Stepped & { readonly step: number }) | undefined
let sample = 0
let shown: { regions: Regions; predicted: ReadonlyArray<string> } | undefined
/** The three descents from the weights of step `step`, and the surface they are drawn on. */
let race: { descents: Descents; surface: Surface; step: number } | undefined
let playing = false

const settings = (): Settings => ({
  mode: modeInput.value as Mode,
  learningRate: Number(rateInput.value),
  seed: Number(seedInput.value)
})

const fail = (message: string): void => {
  setPlaying(false)
  status.textContent = `stopped: ${message}`
  status.classList.add('error')
}

const setPlaying = (on: boolean): void => {
  playing = on
  playButton.textContent = on ? 'pause' : 'play'
  playButton.setAttribute('aria-pressed', String(on))
}

// -------------------------------------------------------------------------------------
// drawing
// -------------------------------------------------------------------------------------

const drawCurves = (): void => {
  element('#loss-curve').innerHTML = curveSvg({
    title: 'loss on all 30 samples after each step',
    values: losses,
    log: logInput.checked,
    colour: '#0072B2',
    format: (y) => (y < 0.01 ? y.toExponential(1) : y.toFixed(3))
  })
  element('#accuracy-curve').innerHTML = curveSvg({
    title: 'accuracy on all 30 samples after each step',
    values: accuracies,
    log: false,
    colour: '#D55E00',
    format: (y) => `${Math.round(100 * y)} %`,
    min: 0,
    max: 1
  })
}

const drawExplanation = (): void => {
  if (last === undefined) {
    element('#explanation').innerHTML = '<p>Take a step to see every number of it here.</p>'
    element('#markdown').textContent = ''
    element<HTMLElement>('#sample-choice').hidden = true
    return
  }
  element('#explanation').innerHTML = explanationTable(last.explanation, last.rows, last.step, sample)
  element('#markdown').textContent = Train.renderExplanation('markdown')(last.explanation)
}

/** The sample choices of the last step's batch: one per sample, its row and class. */
const fillSamples = (): void => {
  if (last === undefined) return
  sampleInput.innerHTML = last.rows
    .map(
      (row, s) =>
        `<option value="${s}">${s + 1} of ${last!.rows.length}: row ${row + 1}, class ${(Advanced.Data.threeClassLabels[row] ?? 0) + 1}</option>`
    )
    .join('')
  sample = 0
  element<HTMLElement>('#sample-choice').hidden = last.rows.length < 2
}

const draw = (s: Session): void => {
  const seen = pipe(
    E.Do,
    E.apSW('diagnosis', diagnose(s.weights)),
    E.apSW('regions', regions(REGION_GRID.columns, REGION_GRID.rows)(s.weights)),
    E.apSW('predicted', predictClasses(s.weights)(Advanced.Data.threeClassInputs))
  )
  if (E.isLeft(seen)) return fail(seen.left.message)
  const { diagnosis, predicted } = seen.right
  shown = { regions: seen.right.regions, predicted }
  element('#network').innerHTML = networkSvg(s.weights, diagnosis.units)
  element('#data').innerHTML = dataSvg(
    shown.regions,
    Advanced.Data.threeClassInputs,
    Advanced.Data.threeClassLabels,
    predicted
  )
  element('#classes').innerHTML = classTable(s.classAccuracy)
  element('#why').innerHTML = whyView(diagnosis, s.classAccuracy)
  drawCurves()
  status.classList.remove('error')
  status.dataset['steps'] = String(s.steps)
  status.textContent = `step ${s.steps} (epoch ${s.epoch + 1}, ${s.settings.mode} descent, η = ${s.settings.learningRate}): loss on all 30 samples ${s.loss.toFixed(6)}, accuracy ${pct(s.accuracy)} (by class ${s.classAccuracy.map(pct).join(', ')})`
  drawExplanation()
}

/** What the race panels show and from where; says so when the network has moved on since. */
const drawRaceAbout = (): void => {
  if (race === undefined) return
  const { descents: d, surface, step: from } = race
  const moved =
    session !== undefined && (session.steps !== from || session.settings.learningRate !== d.learningRate)
      ? `<strong>The network has moved on since (step ${session.steps}, η = ${session.settings.learningRate}): “descend from here” starts the three again from it.</strong> `
      : ''
  element('#race-about').innerHTML =
    moved +
    `From the weights of step ${from}, each descent takes ${d.steps} steps at η = ${d.learningRate} ` +
    `(one gradient evaluation a step). Behind the paths, the loss on all 30 samples over ${surface.x} and ${surface.y}, ` +
    `the other ten weights held at their starting values (the ring). A path shows only ${surface.x} and ${surface.y}; ` +
    `its other ten weights move too. ${surfaceKey(surface)}`
}

const drawRace = (): void => {
  if (race === undefined) return
  const { descents: d, surface } = race
  drawRaceAbout()
  element('#surfaces').innerHTML = MODES.map(
    (m) => `<figure>${surfaceSvg(surface, d, m)}<figcaption>${surfaceCaption(d, m)}</figcaption></figure>`
  ).join('')
}

// -------------------------------------------------------------------------------------
// the three descents
// -------------------------------------------------------------------------------------

const pair = (): readonly [WeightName, WeightName] => [wxInput.value as WeightName, wyInput.value as WeightName]

const resurface = (): void => {
  if (race === undefined) return
  const [x, y] = pair()
  const s = surfaceFor(race.descents, x, y, SURFACE_CELLS)
  if (E.isLeft(s)) return fail(s.left.message)
  race = { ...race, surface: s.right }
  drawRace()
}

const runRace = (): void => {
  if (session === undefined) return
  const [x, y] = pair()
  const result = pipe(
    descents({
      start: session.weights,
      key: session.shuffleKey,
      learningRate: session.settings.learningRate,
      steps: Number(raceStepsInput.value)
    }),
    E.bindTo('descents'),
    E.bindW('surface', ({ descents: d }) => surfaceFor(d, x, y, SURFACE_CELLS))
  )
  if (E.isLeft(result)) return fail(result.left.message)
  race = { ...result.right, step: session.steps }
  drawRace()
}

// -------------------------------------------------------------------------------------
// training
// -------------------------------------------------------------------------------------

const reset = (): void => {
  setPlaying(false)
  const started = start(settings())
  if (E.isLeft(started)) return fail(started.left.message)
  session = started.right
  losses = [session.loss]
  accuracies = [session.accuracy]
  last = undefined
  draw(session)
  runRace()
}

/** Takes `n` steps; the chain-rule table and the Markdown always show the last of them. */
const advance = (n: number): void => {
  if (session === undefined) return
  for (let i = 0; i < n; i++) {
    const stepped = step(session)
    if (E.isLeft(stepped)) return fail(stepped.left.message)
    session = stepped.right.session
    losses.push(session.loss)
    accuracies.push(session.accuracy)
    if (i === n - 1) last = { ...stepped.right, step: session.steps }
  }
  fillSamples()
  draw(session)
  drawRaceAbout()
}

const play = (): void => {
  if (!playing) return
  advance(5)
  requestAnimationFrame(play)
}

element('#step').addEventListener('click', () => advance(1))
element('#train').addEventListener('click', () => advance(100))
playButton.addEventListener('click', () => {
  setPlaying(!playing)
  play()
})
element('#reset').addEventListener('click', reset)
seedInput.addEventListener('change', reset)
for (const preset of ['#preset-learns', '#preset-stalls'])
  element<HTMLButtonElement>(preset).addEventListener('click', (e) => {
    seedInput.value = (e.currentTarget as HTMLButtonElement).dataset['seed'] ?? '0'
    modeInput.value = 'mini-batch'
    rateInput.value = '1'
    element('#rate-value').textContent = '1'
    reset()
  })
const retuned = (): void => {
  if (session === undefined) return
  const rate = Number(rateInput.value)
  if (!(rate > 0 && Number.isFinite(rate))) return fail('the learning rate must be a positive number')
  session = retune(settings())(session)
  element('#rate-value').textContent = String(rate)
  draw(session)
  drawRaceAbout()
}
modeInput.addEventListener('change', retuned)
rateInput.addEventListener('input', retuned)
logInput.addEventListener('change', drawCurves)
sampleInput.addEventListener('change', () => {
  sample = Number(sampleInput.value)
  drawExplanation()
})
for (const [input, initial] of [
  [wxInput, 'w7'],
  [wyInput, 'w10']
] as const) {
  input.innerHTML = WEIGHT_NAMES.map((w) => `<option${w === initial ? ' selected' : ''}>${w}</option>`).join('')
  input.addEventListener('change', resurface)
}
raceStepsInput.addEventListener('change', runRace)
element('#race').addEventListener('click', runRace)

// -------------------------------------------------------------------------------------
// the snapshot
// -------------------------------------------------------------------------------------

const frozen = <A>(a: A): A => {
  if (typeof a === 'object' && a !== null) {
    for (const v of Object.values(a)) frozen(v)
    Object.freeze(a)
  }
  return a
}

/** Every number the page shows, copied and frozen: reading it changes nothing. */
const snapshot = () =>
  frozen(
    structuredClone({
      settings: session?.settings,
      steps: session?.steps,
      weights: session?.weights,
      loss: session?.loss,
      classAccuracy: session?.classAccuracy,
      losses,
      accuracies,
      lastStep: last === undefined ? undefined : { step: last.step, rows: last.rows, sample },
      predicted: shown?.predicted,
      regions: shown?.regions,
      race:
        race === undefined
          ? undefined
          : {
              step: race.step,
              start: race.descents.start,
              learningRate: race.descents.learningRate,
              steps: race.descents.steps,
              paths: race.descents.paths,
              endLoss: race.descents.endLoss,
              surface: race.surface
            }
    })
  )

Object.defineProperty(window, '__playground', { get: snapshot, enumerable: true })

element('#legend').innerHTML = classLegend()
reset()
