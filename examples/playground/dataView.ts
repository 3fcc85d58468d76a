// The data and the predictions as SVG: the 30 samples on the plane x1 + x2 + x3 = 2 (see
// predictions.ts), each by its class's colour and shape, over the regions of the plane the
// network gives each class; a dashed ring marks a sample the network puts in another class.
// Beside it, each class's accuracy.
import { CLASS_COLOURS, CLASS_SHAPES, REGION_COLOURS, marker } from './palette.js'
import { toPlane, VIEW, type Regions } from './predictions.js'
import * as Advanced from '../../src/advanced.js'

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
const sample = (x: Advanced.NN.Triple, index: number, cls: number, predicted: string): string => {
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

const CORNERS: ReadonlyArray<readonly [Advanced.NN.Triple, string]> = [
  [[2, 0, 0], '(2, 0, 0)'],
  [[0, 2, 0], '(0, 2, 0)'],
  [[0, 0, 2], '(0, 0, 2)']
]

/** The plane with the regions and the samples. */
export const dataSvg = (
  r: Regions,
  inputs: ReadonlyArray<Advanced.NN.Triple>,
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

export const pct = (x: number): string => `${(100 * x).toFixed(1)} %`

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
