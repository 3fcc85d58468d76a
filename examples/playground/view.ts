// The playground's drawings, as pure functions from numbers to markup: the network with its
// twelve weights on their edges and each unit's σ′, and one step's explanation as a table.
import type * as NN from '../../src/nn/index.js'
import type * as Train from '../../src/train/index.js'
import type { UnitState } from './diagnosis.js'
import { NEGATIVE, POSITIVE } from './palette.js'
import * as Advanced from '../../src/advanced.js'

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

/** How far along its edge each weight's label sits: chosen so that no two labels meet. */
const LABEL_AT: Readonly<Record<keyof NN.ThreeTwoThree, number>> = {
  w1: 0.3,
  w2: 0.3,
  w3: 0.45,
  w4: 0.45,
  w5: 0.75,
  w6: 0.3,
  w7: 0.3,
  w8: 0.3,
  w9: 0.3,
  w10: 0.62,
  w11: 0.62,
  w12: 0.62
}

const edge = ([name, from, to]: (typeof EDGES)[number], w: number): string => {
  const t = LABEL_AT[name]
  const lx = from.x + t * (to.x - from.x)
  const ly = from.y + t * (to.y - from.y)
  const width = Math.min(8, 0.75 + 1.5 * Math.abs(w))
  const style = w >= 0 ? `stroke="${POSITIVE}"` : `stroke="${NEGATIVE}" stroke-dasharray="7 4"`
  return [
    `<line x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}" ${style} stroke-width="${width.toFixed(2)}" stroke-opacity="0.6"/>`,
    `<text class="weight" x="${lx.toFixed(1)}" y="${(ly - 4).toFixed(1)}" data-weight="${name}" data-value="${w}">${name} ${fixed(w)}</text>`
  ].join('')
}

const unit = (p: Point, label: string, state?: UnitState): string => {
  // a unit's fill fades to white as its σ′ falls from its largest value, ¼, towards 0
  const fill =
    state === undefined ? '#f3f4f6' : `rgba(0,114,178,${(0.08 + 0.6 * (state.sigmaPrime / 0.25)).toFixed(3)})`
  const circle = `<circle cx="${p.x}" cy="${p.y}" r="22" class="unit" style="fill:${fill}"/><text x="${p.x}" y="${p.y + 5}" class="unit-label">${label}</text>`
  if (state === undefined) return circle
  const low = state.sigmaPrime < 0.05
  return `${circle}<text x="${p.x}" y="${p.y + 40}" class="sigma${low ? ' low' : ''}" data-unit="${label}" data-sigma-prime="${state.sigmaPrime}">σ′ ${state.sigmaPrime.toFixed(3)}${low ? ' ▼' : ''}</text>`
}

/**
 * The 3-2-3 network as SVG, each edge labelled with its weight and drawn by its sign and size,
 * each hidden and output unit with its mean σ′ over the 30 samples when `units` (h1, h2, ŷ1, ŷ2, ŷ3) are given.
 */
export const networkSvg = (w: NN.ThreeTwoThree, units: ReadonlyArray<UnitState> = []): string =>
  [
    `<svg viewBox="0 0 600 345" role="img" aria-label="the 3-2-3 network, its twelve weights and each unit's σ′">`,
    ...EDGES.map((e) => edge(e, w[e[0]])),
    ...INPUTS.map((p, i) => unit(p, `x${i + 1}`)),
    ...HIDDEN.map((p, i) => unit(p, `h${i + 1}`, units[i])),
    ...OUTPUTS.map((p, i) => unit(p, `ŷ${i + 1}`, units[2 + i])),
    `</svg>`
  ].join('')

// -------------------------------------------------------------------------------------
// one step explained
// -------------------------------------------------------------------------------------

/** A chain-rule product laid out as `factors = value`: the symbols, then their values and the product. */
const product = (factors: ReadonlyArray<Advanced.Train.Factor>): string => {
  const value = factors.reduce((p, f) => p * f.value, 1)
  return [
    `<span class="symbols">${factors.map((f) => escape(f.symbol)).join(' · ')}</span>`,
    `<span class="values">= ${factors.map((f) => fixed(f.value)).join(' · ')} = ${value.toExponential(4)}</span>`
  ].join('')
}

const triple = (xs: ReadonlyArray<number>): string => `(${xs.map((x) => x.toFixed(2)).join(', ')})`

/** The selected sample of the step: its row, inputs, class and the network's outputs for it. */
const sampleLine = (e: Train.Explanation<unknown>, rows: ReadonlyArray<number>, s: number): string => {
  const of = (prefix: string) => e.units.filter((u) => u.name.startsWith(prefix)).map((u) => u.samples[s]!.a)
  const row = rows[s]!
  return `<p class="sample-line">Sample ${s + 1} of ${e.samples}: row ${row + 1} of the data set, x = ${triple(of('x'))}, class ${(Advanced.Data.threeClassLabels[row] ?? 0) + 1}; hidden h = ${triple(of('h'))}, output ŷ = ${triple(of('ŷ'))}.</p>`
}

/**
 * The table of one step: each weight's chain rule for the selected sample (`factors = value`),
 * its gradient (the sum of every sample's product), its value and its new value.
 */
export const explanationTable = (
  e: Train.Explanation<unknown>,
  rows: ReadonlyArray<number>,
  step: number,
  sample: number
): string =>
  [
    `<p>Step ${step}: a batch of ${e.samples} sample${e.samples === 1 ? '' : 's'}, η = ${e.learningRate}. ` +
      `The batch’s loss before the step (the mean of ½ Σ (ŷ − y)² over its ${e.samples} sample${e.samples === 1 ? '' : 's'}): L = <span data-batch-loss="${e.loss}">${e.loss.toFixed(6)}</span>.</p>`,
    sampleLine(e, rows, sample),
    `<table><thead><tr><th>weight</th><th>joins</th><th>w</th><th>sample ${sample + 1}’s share of ∂L/∂w, by the chain rule</th><th>∂L/∂w (sum over the ${e.samples} sample${e.samples === 1 ? '' : 's'})</th><th>w − η·∂L/∂w</th></tr></thead><tbody>`,
    ...e.weights.map(
      (w) =>
        `<tr data-weight="${w.name}" data-value="${w.value}" data-gradient="${w.gradient}" data-updated="${w.updated}"><th scope="row">${w.name}</th><td>${escape(w.from)} → ${escape(w.to)}</td><td>${fixed(w.value)}</td><td class="factors">${product(w.terms[sample] ?? [])}</td><td>${w.gradient.toFixed(6)}</td><td>${fixed(w.updated)}</td></tr>`
    ),
    `</tbody></table>`
  ].join('')
