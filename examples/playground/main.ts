// The playground page: a student trains the founding text's 3-2-3 network live, on gradfold
// itself. The page holds the current session and the loss curve; every number comes from
// session.ts (the library), every drawing from view.ts.
import * as E from 'fp-ts/lib/Either.js'
import { Train } from '../../src/index.js'
import { start, step, retune, type Mode, type Session, type Settings } from './session.js'
import { explanationTable, lossCurveSvg, networkSvg } from './view.js'

const element = <T extends Element>(selector: string): T => document.querySelector<T>(selector)!

const modeInput = element<HTMLSelectElement>('#mode')
const rateInput = element<HTMLInputElement>('#rate')
const seedInput = element<HTMLInputElement>('#seed')
const status = element<HTMLElement>('#status')

let session: Session | undefined
/** The loss over the data set before any step and after each: appended, never copied. */
let curve: Array<number> = []
let playing = false

const settings = (): Settings => ({
  mode: modeInput.value as Mode,
  learningRate: Number(rateInput.value),
  seed: Number(seedInput.value)
})

const fail = (message: string): void => {
  playing = false
  status.textContent = `stopped: ${message}`
  status.classList.add('error')
}

const draw = (s: Session): void => {
  element('#network').innerHTML = networkSvg(s.weights)
  element('#curve').innerHTML = lossCurveSvg(curve)
  status.classList.remove('error')
  status.textContent = `epoch ${s.epoch}, step ${s.steps}: loss ${s.loss.toFixed(6)}, accuracy ${(100 * s.accuracy).toFixed(1)}%`
  element('#markdown').textContent = ''
}

const reset = (): void => {
  playing = false
  const started = start(settings())
  if (E.isLeft(started)) return fail(started.left.message)
  session = started.right
  curve = [session.loss]
  element('#explanation').innerHTML = '<p>Press “one step” to see every number of a step.</p>'
  draw(session)
}

/** Takes `n` steps; shows the last one's explanation when `explain` is set. */
const advance = (n: number, explain: boolean): void => {
  if (session === undefined) return
  for (let i = 0; i < n; i++) {
    const stepped = step(session)
    if (E.isLeft(stepped)) return fail(stepped.left.message)
    session = stepped.right.session
    curve.push(session.loss)
    if (explain && i === n - 1) {
      element('#explanation').innerHTML = explanationTable(stepped.right.explanation)
      element('#markdown').textContent = Train.renderExplanation('markdown')(stepped.right.explanation)
    }
  }
  draw(session)
}

const play = (): void => {
  if (!playing) return
  advance(5, false)
  requestAnimationFrame(play)
}

element('#step').addEventListener('click', () => advance(1, true))
element('#train').addEventListener('click', () => advance(100, false))
element('#play').addEventListener('click', () => {
  playing = !playing
  element('#play').textContent = playing ? 'pause' : 'play'
  play()
})
element('#reset').addEventListener('click', reset)
seedInput.addEventListener('change', reset)
const retuned = (): void => {
  if (session === undefined) return
  const rate = Number(rateInput.value)
  if (!(rate > 0 && Number.isFinite(rate))) return fail('the learning rate must be a positive number')
  session = retune(settings())(session)
  element('#rate-value').textContent = String(rate)
  draw(session)
}
modeInput.addEventListener('change', retuned)
rateInput.addEventListener('input', retuned)

/** For the console and for tests: the current weights, to the last bit, and the curve. */
Object.assign(window, {
  gradfoldPlayground: {
    weights: () => session?.weights,
    losses: () => [...curve],
    session: () => session
  }
})

reset()
