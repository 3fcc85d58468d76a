// The data and the predictions as SVG: the 30 samples on the plane x1 + x2 + x3 = 2 (see
// predictions.ts), each by its class's colour and shape, over the regions of the plane the
// network gives each class; a dashed ring marks a sample the network puts in another class.
// Beside it, each class's accuracy and why a class fails (diagnosis.ts).
import type * as NN from '../../src/nn/index.js'
import type { Diagnosis } from './diagnosis.js'
import { CLASS_COLOURS, CLASS_SHAPES, REGION_COLOURS, marker } from './palette.js'
import { toPlane, VIEW, type Regions } from './predictions.js'

const SIZE = { width: 480, height: 450 }

const px = (u: number): number => (SIZE.width * (u - VIEW.u[0])) / (VIEW.u[1] - VIEW.u[0])
const py = (v: number): number => (SIZE.height * (VIEW.v[1] - v)) / (VIEW.v[1] - VIEW.v[0])

/** The regions, one rectangle per run of cells of the same class along a row. */
const regionRects = (r: Regions): string => {
  const [w, h] = [SIZE.width / r.columns, SIZE.height / r.rows]
  const rects: Array<string> = []
  for (let j = 0; j < r.rows; j++) {
    let i = 0
    while (i < r.columns) {
      const c = r.classes[j * r.columns + i]!
      let end = i + 1
      while (end < r.columns && r.classes[j * r.columns + end] === c) end++
      rects.push(
        `<rect x="${(i * w).toFixed(2)}" y="${(j * h).toFixed(2)}" width="${((end - i) * w + 0.5).toFixed(2)}" height="${(h + 0.5).toFixed(2)}" fill="${REGION_COLOURS[Number(c)] ?? '#fff'}"/>`
      )
      i = end
    }
  }
  return rects.join('')
}

/** One sample: its class's shape and colour, a dashed ring when the network predicts another class. */
const sample = (x: NN.Triple, index: number, cls: number, predicted: string): string => {
  const p = toPlane(x)
  const [cx, cy] = [px(p.u), py(p.v)]
  const wrong = String(cls) !== predicted
  const title = `<title>row ${index + 1}: x = (${x.join(', ')}), class ${cls + 1}, predicted ${Number(predicted) + 1}</title>`
  return [
    `<g data-sample="${index}" data-class="${cls}" data-predicted="${predicted}">${title}`,
    `${marker(CLASS_SHAPES[cls]!, cx, cy, 7)} fill="${CLASS_COLOURS[cls]}" stroke="#111" stroke-width="1.2"/>`,
    wrong
      ? `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="12" fill="none" stroke="#111" stroke-width="1.6" stroke-dasharray="3 2"/>`
      : '',
    `</g>`
  ].join('')
}

const CORNERS: ReadonlyArray<readonly [NN.Triple, string]> = [
  [[2, 0, 0], '(2, 0, 0)'],
  [[0, 2, 0], '(0, 2, 0)'],
  [[0, 0, 2], '(0, 0, 2)']
]

/** The plane with the regions and the samples. */
export const dataSvg = (
  r: Regions,
  inputs: ReadonlyArray<NN.Triple>,
  labels: ReadonlyArray<number>,
  predicted: ReadonlyArray<string>
): string =>
  [
    `<svg viewBox="0 0 ${SIZE.width} ${SIZE.height}" role="img" aria-label="the 30 samples and the class the network predicts over the plane x1 + x2 + x3 = 2">`,
    `<g class="regions">${regionRects(r)}</g>`,
    ...inputs.map((x, i) => sample(x, i, labels[i]!, predicted[i]!)),
    // each class centre named at the edge nearest its cluster (the plane's origin is the centres' mean)
    ...CORNERS.map(([x, label]) => {
      const p = toPlane(x)
      const [lx, anchor] = p.u > 0.5 ? [SIZE.width - 6, 'end'] : p.u < -0.5 ? [6, 'start'] : [px(0), 'middle']
      const ly = p.v > 0 ? 16 : SIZE.height - 10
      return `<text x="${lx.toFixed(1)}" y="${ly}" class="corner" text-anchor="${anchor}">cluster around ${label}</text>`
    }),
    `<rect x="0.5" y="0.5" width="${SIZE.width - 1}" height="${SIZE.height - 1}" fill="none" stroke="#9ca3af"/>`,
    `</svg>`
  ].join('')

/** The legend of the data view: each class's marker and region colour. */
export const classLegend = (): string =>
  [0, 1, 2]
    .map(
      (c) =>
        `<span class="legend-item"><svg viewBox="0 0 36 20" width="36" height="20" aria-hidden="true"><rect width="36" height="20" fill="${REGION_COLOURS[c]}"/>${marker(CLASS_SHAPES[c]!, 18, 10, 6)} fill="${CLASS_COLOURS[c]}" stroke="#111"/></svg> class ${c + 1} (${CLASS_SHAPES[c]})</span>`
    )
    .join('') +
  `<span class="legend-item"><svg viewBox="0 0 28 28" width="22" height="22" aria-hidden="true"><circle cx="14" cy="14" r="11" fill="none" stroke="#111" stroke-width="1.6" stroke-dasharray="3 2"/></svg> predicted wrong</span>`

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`

/** Each class's accuracy: the share of its 10 samples the network classifies right. */
export const classTable = (classAccuracy: ReadonlyArray<number>): string =>
  [
    `<table class="classes"><caption>right, of each class’s 10 samples</caption><tbody>`,
    ...classAccuracy.map(
      (a, c) =>
        `<tr data-class="${c}" data-accuracy="${a}"><th scope="row"><svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">${marker(CLASS_SHAPES[c]!, 10, 10, 7)} fill="${CLASS_COLOURS[c]}" stroke="#111"/></svg> ${c + 1}</th><td>${pct(a)}${a < 1 ? ' ✗' : ''}</td></tr>`
    ),
    `</tbody></table>`
  ].join('')

// -------------------------------------------------------------------------------------
// why it is stuck
// -------------------------------------------------------------------------------------

const two = (x: number): string => x.toFixed(2)

/** What the numbers say about each class the network gets wrong, in sentences. */
const reasons = (d: Diagnosis, classAccuracy: ReadonlyArray<number>): ReadonlyArray<string> => {
  const [h1, h2] = [d.units[0]!, d.units[1]!]
  const code = (c: number): readonly [number, number] => [h1.byClass[c]!.a, h2.byClass[c]!.a]
  return classAccuracy.flatMap((a, c) => {
    if (a >= 1) return []
    const [a1, a2] = code(c)
    const others = [0, 1, 2].filter((o) => o !== c)
    const near = others.find((o) => Math.hypot(code(o)[0] - a1, code(o)[1] - a2) < 0.3)
    const what =
      a1 < 0.15 && a2 < 0.15
        ? `both hidden units are off for class ${c + 1} (h1 ≈ ${two(a1)}, h2 ≈ ${two(a2)}): every output is then near σ(0) = ½, whatever w7…w12 are, so the outputs cannot single it out`
        : near !== undefined
          ? `class ${c + 1} gets almost the same hidden code (h1, h2) ≈ (${two(a1)}, ${two(a2)}) as class ${near + 1} (${two(code(near)[0])}, ${two(code(near)[1])}): the outputs cannot tell them apart`
          : `class ${c + 1}'s hidden code is (h1, h2) ≈ (${two(a1)}, ${two(a2)})`
    const s1 = h1.byClass[c]!.sigmaPrime
    const s2 = h2.byClass[c]!.sigmaPrime
    return [
      `Class ${c + 1} (${pct(a)} right): ${what}. On its samples σ′(h1) ≈ ${s1.toFixed(3)} and σ′(h2) ≈ ${s2.toFixed(3)} (at most 0.25): every gradient that reaches w1…w6 from these samples is multiplied by them on the way back, so the hidden units move ${Math.max(s1, s2) < 0.05 ? 'very slowly' : 'slowly'} towards a code of class ${c + 1}'s own.`
    ]
  })
}

/** The diagnosis: the sentences, and each unit's mean activation and σ′ on each class. */
export const whyView = (d: Diagnosis, classAccuracy: ReadonlyArray<number>): string => {
  const said = reasons(d, classAccuracy)
  return [
    said.length === 0
      ? `<p>Every class is classified right.</p>`
      : said.map((s) => `<p class="reason">${s}</p>`).join(''),
    `<p>Size of the gradient of the loss on all 30 samples: ‖∂L/∂(w1…w6)‖ = ${d.hiddenGradient.toExponential(2)}, ‖∂L/∂(w7…w12)‖ = ${d.outputGradient.toExponential(2)}.</p>`,
    `<table class="units"><thead><tr><th>unit</th><th>mean σ′, all</th>${[1, 2, 3].map((c) => `<th>class ${c}: a, σ′</th>`).join('')}</tr></thead><tbody>`,
    ...d.units.map(
      (u) =>
        `<tr><th scope="row">${u.name}</th><td>${u.sigmaPrime.toFixed(3)}</td>${u.byClass.map((b) => `<td${b.sigmaPrime < 0.05 ? ' class="low"' : ''}>${two(b.a)}, ${b.sigmaPrime.toFixed(3)}</td>`).join('')}</tr>`
    ),
    `</tbody></table>`
  ].join('')
}
