// The loss surface as a heat map, one panel per descent: the same surface in each, the panel's
// own path drawn bold over it and the other two paths faint, so the three can be compared side
// by side. A path's points are the two chosen weights after each step; its other ten weights
// move too, which the surface (the other ten held at the start) does not show.
import type { Mode } from './session.js'
import type { Descents, Surface } from './descents.js'
import { MODE_COLOURS, viridis } from './palette.js'

const SIZE = 300
const PAD = { left: 46, bottom: 34, top: 10, right: 10 }
const PLOT = SIZE - PAD.left - PAD.right

/** How many samples each mode's step looks at, for the captions. */
const SAMPLES: Readonly<Record<Mode, number>> = { batch: 30, stochastic: 1, 'mini-batch': 6 }

const scale = (values: ReadonlyArray<number>) => {
  const [lo, hi] = [values[0]!, values[values.length - 1]!]
  const step = (hi - lo) / (values.length - 1)
  return {
    at: (v: number): number => ((v - lo + step / 2) / (hi - lo + step)) * PLOT,
    cell: PLOT / values.length
  }
}

/** The heat map: the loss's logarithm from the grid's least (dark) to its largest (bright). */
const heat = (s: Surface): string => {
  const logs = s.losses.map((l) => Math.log(l))
  const [lo, hi] = [Math.min(...logs), Math.max(...logs)]
  const [n, m] = [s.xs.length, s.ys.length]
  const [w, h] = [PLOT / n, PLOT / m]
  return logs
    .map((l, k) => {
      const [i, j] = [k % n, Math.floor(k / n)]
      return `<rect x="${(PAD.left + i * w).toFixed(2)}" y="${(PAD.top + PLOT - (j + 1) * h).toFixed(2)}" width="${(w + 0.4).toFixed(2)}" height="${(h + 0.4).toFixed(2)}" fill="${viridis((l - lo) / (hi - lo || 1))}"/>`
    })
    .join('')
}

const line = (d: Descents, s: Surface, mode: Mode, own: boolean): string => {
  const [sx, sy] = [scale(s.xs), scale(s.ys)]
  const points = d.paths[mode]
    .map((p) => `${(PAD.left + sx.at(p[s.x])).toFixed(1)},${(PAD.top + PLOT - sy.at(p[s.y])).toFixed(1)}`)
    .join(' ')
  if (!own)
    return `<polyline points="${points}" fill="none" stroke="#fff" stroke-opacity="0.45" stroke-width="1" stroke-dasharray="2 2"/>`
  const end = d.paths[mode][d.paths[mode].length - 1]!
  const [ex, ey] = [PAD.left + sx.at(end[s.x]), PAD.top + PLOT - sy.at(end[s.y])]
  return [
    `<polyline points="${points}" fill="none" stroke="#fff" stroke-width="4.5" stroke-linejoin="round"/>`,
    `<polyline points="${points}" fill="none" stroke="${MODE_COLOURS[mode]}" stroke-width="2" stroke-linejoin="round"/>`,
    `<rect x="${(ex - 4.5).toFixed(1)}" y="${(ey - 4.5).toFixed(1)}" width="9" height="9" fill="${MODE_COLOURS[mode]}" stroke="#fff" stroke-width="1.5"/>`
  ].join('')
}

const axes = (s: Surface): string => {
  const [x0, x1] = [s.xs[0]!, s.xs[s.xs.length - 1]!]
  const [y0, y1] = [s.ys[0]!, s.ys[s.ys.length - 1]!]
  const bottom = PAD.top + PLOT
  return [
    `<text x="${PAD.left}" y="${bottom + 14}" class="tick">${x0.toFixed(2)}</text>`,
    `<text x="${PAD.left + PLOT}" y="${bottom + 14}" class="tick" text-anchor="end">${x1.toFixed(2)}</text>`,
    `<text x="${PAD.left + PLOT / 2}" y="${bottom + 28}" class="axis-label" text-anchor="middle">${s.x}</text>`,
    `<text x="${PAD.left - 4}" y="${bottom}" class="tick" text-anchor="end">${y0.toFixed(2)}</text>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + 10}" class="tick" text-anchor="end">${y1.toFixed(2)}</text>`,
    `<text x="14" y="${PAD.top + PLOT / 2}" class="axis-label" text-anchor="middle" transform="rotate(-90 14 ${PAD.top + PLOT / 2})">${s.y}</text>`
  ].join('')
}

/** One panel: the surface, `mode`'s path bold and the others faint, the start as a ring. */
export const surfaceSvg = (s: Surface, d: Descents, mode: Mode): string => {
  const [sx, sy] = [scale(s.xs), scale(s.ys)]
  const [cx, cy] = [PAD.left + sx.at(s.start[s.x]), PAD.top + PLOT - sy.at(s.start[s.y])]
  return [
    `<svg viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${mode} descent's path on the loss surface over ${s.x} and ${s.y}" data-mode="${mode}">`,
    heat(s),
    ...(['batch', 'stochastic', 'mini-batch'] as const).filter((m) => m !== mode).map((m) => line(d, s, m, false)),
    line(d, s, mode, true),
    `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="5.5" fill="none" stroke="#fff" stroke-width="2.5"/>`,
    axes(s),
    `</svg>`
  ].join('')
}

/** A panel's caption: the mode, its steps, and the loss on all 30 samples where it ends. */
export const surfaceCaption = (d: Descents, mode: Mode): string =>
  `<strong style="color:${MODE_COLOURS[mode]}">${mode}</strong>: ${d.steps} steps of ${SAMPLES[mode]} sample${SAMPLES[mode] === 1 ? '' : 's'} (${d.steps * SAMPLES[mode]} sample gradients); loss on all 30 samples after them ${d.endLoss[mode].toFixed(4)}`

/** The colour key of the heat map. */
export const surfaceKey = (s: Surface): string => {
  const [lo, hi] = [Math.min(...s.losses), Math.max(...s.losses)]
  const stops = Array.from({ length: 9 }, (_, i) => `${viridis(i / 8)} ${(100 * i) / 8}%`).join(', ')
  return `<span class="key">loss ${lo.toFixed(3)} <span class="key-bar" style="background:linear-gradient(to right, ${stops})"></span> ${hi.toFixed(3)} (log scale)</span>`
}
