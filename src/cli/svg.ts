/**
 * A small line chart as SVG text: one polyline per series over shared axes with round tick
 * values, a title, axis labels and a legend, and optionally one x marked by a dashed vertical
 * line with its label (the best epoch of a run: the one early stopping keeps). Pure: the same series give the same bytes.
 * Non-finite points are left out (a gap, never a line to infinity); text is escaped.
 *
 * @since 0.2.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A named series of `[x, y]` points, drawn in `colour`.
 *
 * @category model
 * @since 0.2.0
 */
export interface Series {
  readonly name: string
  readonly colour: string
  readonly points: ReadonlyArray<readonly [number, number]>
}

/**
 * @category model
 * @since 0.2.0
 */
export interface Chart {
  readonly title: string
  readonly x: string
  readonly y: string
  readonly series: ReadonlyArray<Series>
  /** An x to mark with a dashed vertical line and a label, e.g. `{ x: 17, label: 'best epoch 17' }`. */
  readonly marker?: { readonly x: number; readonly label: string }
  readonly width?: number
  readonly height?: number
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const MARGIN = { left: 64, right: 16, top: 36, bottom: 48 } as const
const LEGEND_Y = 16

/**
 * Escapes the five characters XML gives meaning to.
 *
 * @category text
 * @since 0.2.0
 */
export const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/**
 * Round tick values from at or below `lo` to at or above `hi`: steps of 1, 2 or 5 times a power
 * of ten, about `count` of them. The first and last ticks are the axis's ends.
 *
 * @category axes
 * @since 0.2.0
 */
export const ticks = (lo: number, hi: number, count = 5): ReadonlyArray<number> => {
  if (!(hi > lo)) return [lo]
  const raw = (hi - lo) / count
  const power = Math.pow(10, Math.floor(Math.log10(raw)))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-12)) ?? 10 * power
  const first = Math.floor(lo / step + 1e-9)
  const last = Math.ceil(hi / step - 1e-9)
  // k · step rounded to the step's own decimals: 0.30000000000000004 becomes 0.3
  const decimals = Math.min(100, Math.max(0, 1 - Math.floor(Math.log10(step))))
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(decimals)))
}

const label = (v: number): string =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(4)))

const fixed = (v: number): string => String(Math.round(v * 100) / 100)

const extent = (values: ReadonlyArray<number>): readonly [number, number] => {
  if (values.length === 0) return [0, 1]
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  // A span below 1e-12 of the values' size (or of 1) is drawn as a flat line in a unit-wide band.
  const size = Math.max(1, Math.abs(lo), Math.abs(hi))
  return hi - lo < 1e-12 * size ? [lo - 0.5 * size, hi + 0.5 * size] : [lo, hi]
}

// -------------------------------------------------------------------------------------
// drawing
// -------------------------------------------------------------------------------------

/**
 * The chart as a standalone SVG document.
 *
 * @category drawing
 * @since 0.2.0
 */
export const lineChart = (chart: Chart): string => {
  const width = chart.width ?? 640
  const height = chart.height ?? 360
  const finite = chart.series.map((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)))
  const all = finite.flat()
  const [x0, x1] = extent(all.map(([x]) => x))
  const [y0, y1] = extent(all.map(([, y]) => y))
  const xTicks = ticks(x0, x1).filter((v) => v >= x0 && v <= x1)
  const yTicks = ticks(y0, y1)
  const [lo, hi] = [yTicks[0]!, yTicks[yTicks.length - 1]!]
  const plotW = width - MARGIN.left - MARGIN.right
  const plotH = height - MARGIN.top - MARGIN.bottom
  const px = (x: number): number => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW
  const py = (y: number): number => MARGIN.top + plotH - ((y - lo) / (hi - lo)) * plotH
  const bottom = MARGIN.top + plotH
  const legendX = (i: number): number => width - MARGIN.right - 96 * (chart.series.length - i)
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14" font-weight="bold">${escape(chart.title)}</text>`,
    ...yTicks.map(
      (v) =>
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fixed(py(v))}" y2="${fixed(py(v))}" stroke="#e5e5e5"/>` +
        `<text x="${MARGIN.left - 6}" y="${fixed(py(v) + 4)}" text-anchor="end">${escape(label(v))}</text>`
    ),
    ...xTicks.map(
      (v) =>
        `<line x1="${fixed(px(v))}" x2="${fixed(px(v))}" y1="${bottom}" y2="${bottom + 4}" stroke="#333"/>` +
        `<text x="${fixed(px(v))}" y="${bottom + 18}" text-anchor="middle">${escape(label(v))}</text>`
    ),
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 8}" text-anchor="middle">${escape(chart.x)}</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.y)}</text>`,
    ...(chart.marker === undefined || !(chart.marker.x >= x0 && chart.marker.x <= x1)
      ? []
      : [
          `<line x1="${fixed(px(chart.marker.x))}" x2="${fixed(px(chart.marker.x))}" y1="${MARGIN.top}" y2="${bottom}" stroke="#2ca02c" stroke-width="1.5" stroke-dasharray="4 3"/>` +
            `<text x="${fixed(px(chart.marker.x) + 4)}" y="${MARGIN.top + 12}" fill="#2ca02c">${escape(chart.marker.label)}</text>`
        ]),
    ...chart.series.flatMap((s, i) => [
      finite[i]!.length === 0
        ? ''
        : `<polyline fill="none" stroke="${escape(s.colour)}" stroke-width="2" points="${finite[i]!.map(([x, y]) => `${fixed(px(x))},${fixed(py(y))}`).join(' ')}"/>`,
      // the legend sits in the top margin, right-aligned, one 96-pixel slot per series
      `<line x1="${legendX(i)}" x2="${legendX(i) + 18}" y1="${LEGEND_Y}" y2="${LEGEND_Y}" stroke="${escape(s.colour)}" stroke-width="2"/>` +
        `<text x="${legendX(i) + 24}" y="${LEGEND_Y + 4}">${escape(s.name)}</text>`
    ]),
    '</svg>'
  ]
  return lines.filter((l) => l !== '').join('\n') + '\n'
}
