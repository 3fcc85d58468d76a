// The playground's drawings, as pure functions from numbers to markup: the network with its
// twelve weights on their edges, the loss curve, and one step's explanation as a table.
import type { NN, Train } from '../../src/index.js'

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Four significant decimals, with a sign for negatives, as the founding text prints them. */
export const fixed = (x: number): string => x.toFixed(4)

// -------------------------------------------------------------------------------------
// the network
// -------------------------------------------------------------------------------------

interface Point {
  readonly x: number
  readonly y: number
}

const INPUTS: ReadonlyArray<Point> = [60, 170, 280].map((y) => ({ x: 60, y }))
const HIDDEN: ReadonlyArray<Point> = [115, 225].map((y) => ({ x: 300, y }))
const OUTPUTS: ReadonlyArray<Point> = [60, 170, 280].map((y) => ({ x: 540, y }))

/** Which units each weight joins: w1..w6 input → hidden, w7..w12 hidden → output (the text's order). */
const EDGES: ReadonlyArray<readonly [keyof NN.ThreeTwoThree, Point, Point]> = [
  ['w1', INPUTS[0]!, HIDDEN[0]!],
  ['w2', INPUTS[0]!, HIDDEN[1]!],
  ['w3', INPUTS[1]!, HIDDEN[0]!],
  ['w4', INPUTS[1]!, HIDDEN[1]!],
  ['w5', INPUTS[2]!, HIDDEN[0]!],
  ['w6', INPUTS[2]!, HIDDEN[1]!],
  ['w7', HIDDEN[0]!, OUTPUTS[0]!],
  ['w8', HIDDEN[0]!, OUTPUTS[1]!],
  ['w9', HIDDEN[0]!, OUTPUTS[2]!],
  ['w10', HIDDEN[1]!, OUTPUTS[0]!],
  ['w11', HIDDEN[1]!, OUTPUTS[1]!],
  ['w12', HIDDEN[1]!, OUTPUTS[2]!]
]

const edge = ([name, from, to]: (typeof EDGES)[number], w: number): string => {
  // labels sit a third of the way along, where the fan of edges leaving one unit spreads out
  const t = name === 'w1' || name === 'w2' || name === 'w7' || name === 'w8' || name === 'w9' ? 0.3 : 0.62
  const lx = from.x + t * (to.x - from.x)
  const ly = from.y + t * (to.y - from.y)
  const width = Math.min(8, 0.75 + 1.5 * Math.abs(w))
  const colour = w >= 0 ? '#2563eb' : '#dc2626'
  return [
    `<line x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}" stroke="${colour}" stroke-width="${width.toFixed(2)}" stroke-opacity="0.55"/>`,
    `<text class="weight" x="${lx.toFixed(1)}" y="${(ly - 4).toFixed(1)}" data-weight="${name}" data-value="${w}">${name} ${fixed(w)}</text>`
  ].join('')
}

const unit = (p: Point, label: string): string =>
  `<circle cx="${p.x}" cy="${p.y}" r="22" class="unit"/><text x="${p.x}" y="${p.y + 5}" class="unit-label">${label}</text>`

/** The 3-2-3 network as SVG, each edge labelled with its weight and drawn by its sign and size. */
export const networkSvg = (w: NN.ThreeTwoThree): string =>
  [
    `<svg viewBox="0 0 600 340" role="img" aria-label="the 3-2-3 network and its twelve weights">`,
    ...EDGES.map((e) => edge(e, w[e[0]])),
    ...INPUTS.map((p, i) => unit(p, `x${i + 1}`)),
    ...HIDDEN.map((p, i) => unit(p, `h${i + 1}`)),
    ...OUTPUTS.map((p, i) => unit(p, `ŷ${i + 1}`)),
    `</svg>`
  ].join('')

// -------------------------------------------------------------------------------------
// the loss curve
// -------------------------------------------------------------------------------------

/** The loss after each step as a polyline on a log-free, zero-based scale. */
export const lossCurveSvg = (losses: ReadonlyArray<number>): string => {
  const width = 600
  const height = 200
  const pad = 36
  const top = Math.max(...losses, 1e-12)
  const n = Math.max(losses.length - 1, 1)
  const points = losses
    .map(
      (l, i) =>
        `${(pad + ((width - 2 * pad) * i) / n).toFixed(1)},${(height - pad - ((height - 2 * pad) * l) / top).toFixed(1)}`
    )
    .join(' ')
  return [
    `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="loss after each step">`,
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" class="axis"/>`,
    `<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" class="axis"/>`,
    `<text x="${pad - 4}" y="${pad + 4}" class="tick" text-anchor="end">${top.toFixed(3)}</text>`,
    `<text x="${pad - 4}" y="${height - pad + 4}" class="tick" text-anchor="end">0</text>`,
    `<text x="${width - pad}" y="${height - pad + 18}" class="tick" text-anchor="end">${losses.length - 1} steps</text>`,
    `<polyline fill="none" stroke="#7c3aed" stroke-width="2" points="${points}"/>`,
    `</svg>`
  ].join('')
}

// -------------------------------------------------------------------------------------
// one step explained
// -------------------------------------------------------------------------------------

const factors = (terms: ReadonlyArray<ReadonlyArray<Train.Factor>>): string =>
  terms
    .map((term) =>
      term.map((f) => `<span title="${escape(f.symbol)}">${escape(f.symbol)} = ${fixed(f.value)}</span>`).join(' · ')
    )
    .join('<br>+ ')

/** The table of one step: each weight's chain-rule factors, its gradient and its new value. */
export const explanationTable = (e: Train.Explanation<NN.ThreeTwoThree>): string =>
  [
    `<p>${e.samples} sample${e.samples === 1 ? '' : 's'}, loss L = ${e.loss.toFixed(6)}, η = ${e.learningRate}</p>`,
    `<table><thead><tr><th>weight</th><th>∂L/∂w by the chain rule</th><th>∂L/∂w</th><th>w</th><th>w − η·∂L/∂w</th></tr></thead><tbody>`,
    ...e.weights.map(
      (w) =>
        `<tr data-weight="${w.name}"><td>${w.name}</td><td class="factors">${factors(e.samples > 3 ? w.terms.slice(0, 1) : w.terms)}${e.samples > 3 ? '<br>+ … (' + (e.samples - 1) + ' more samples)' : ''}</td><td>${w.gradient.toFixed(6)}</td><td>${fixed(w.value)}</td><td>${fixed(w.updated)}</td></tr>`
    ),
    `</tbody></table>`
  ].join('')
