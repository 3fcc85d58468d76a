// The playground's curves as SVG: a quantity measured on all 30 samples before any step and
// after each, against the step, on a linear or a logarithmic axis.

export interface Curve {
  /** What the curve measures, said in full: shown above it. */
  readonly title: string
  readonly values: ReadonlyArray<number>
  readonly log: boolean
  readonly colour: string
  /** A value as an axis label. */
  readonly format: (y: number) => string
  /** The axis' ends on a linear scale (the data's own range unless given). */
  readonly min?: number
  readonly max?: number
}

const WIDTH = 600
const HEIGHT = 230
const PAD = { left: 58, right: 16, top: 34, bottom: 34 }

/** At most `n` of the values, evenly spaced, the last always kept: a curve of 20 000 steps draws as fast as one of 500. */
const thin = (values: ReadonlyArray<number>, n: number): ReadonlyArray<readonly [number, number]> => {
  const stride = Math.max(1, Math.ceil(values.length / n))
  const kept: Array<readonly [number, number]> = []
  for (let i = 0; i < values.length; i += stride) kept.push([i, values[i]!])
  if (kept[kept.length - 1]?.[0] !== values.length - 1 && values.length > 0)
    kept.push([values.length - 1, values[values.length - 1]!])
  return kept
}

const range = (c: Curve): readonly [number, number] => {
  const finite = c.values.filter((v) => Number.isFinite(v) && (!c.log || v > 0))
  const lo = c.log ? Math.min(...finite) : (c.min ?? Math.min(0, ...finite))
  const hi = c.log ? Math.max(...finite) : (c.max ?? Math.max(...finite))
  const [a, b] = finite.length === 0 ? [0, 1] : [lo, hi]
  return c.log ? [Math.log10(a) - 0.02, Math.log10(b) + 0.02] : a === b ? [a - 1, b + 1] : [a, b]
}

/** The curve as SVG, its axis labelled at both ends and the middle, its title above it. */
export const curveSvg = (c: Curve): string => {
  const [lo, hi] = range(c)
  const n = Math.max(c.values.length - 1, 1)
  const x = (i: number): number => PAD.left + ((WIDTH - PAD.left - PAD.right) * i) / n
  const y = (v: number): number => {
    const t = ((c.log ? Math.log10(v) : v) - lo) / (hi - lo)
    return HEIGHT - PAD.bottom - (HEIGHT - PAD.top - PAD.bottom) * t
  }
  const points = thin(c.values, 800)
    .filter(([, v]) => Number.isFinite(v) && (!c.log || v > 0))
    .map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`)
    .join(' ')
  const ticks = [lo, (lo + hi) / 2, hi].map((t) => (c.log ? 10 ** t : t))
  const last = c.values[c.values.length - 1]
  return [
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${c.title}">`,
    `<text x="${PAD.left}" y="18" class="chart-title">${c.title}${c.log ? ' (log scale)' : ''}</text>`,
    ...ticks.map(
      (t) =>
        `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/>` +
        `<text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" class="tick" text-anchor="end">${c.format(t)}</text>`
    ),
    `<line x1="${PAD.left}" y1="${HEIGHT - PAD.bottom}" x2="${WIDTH - PAD.right}" y2="${HEIGHT - PAD.bottom}" class="axis"/>`,
    `<text x="${PAD.left}" y="${HEIGHT - PAD.bottom + 18}" class="tick">step 0</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - PAD.bottom + 18}" class="tick" text-anchor="end">step ${c.values.length - 1}</text>`,
    `<polyline fill="none" stroke="${c.colour}" stroke-width="2.2" points="${points}"/>`,
    last === undefined
      ? ''
      : `<text x="${WIDTH - PAD.right}" y="${PAD.top - 4}" class="tick" text-anchor="end">now ${c.format(last)}</text>`,
    `</svg>`
  ].join('')
}
