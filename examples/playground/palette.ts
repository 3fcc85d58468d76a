// The page's colours: the Okabe–Ito palette, told apart with any kind of colour vision, and
// always doubled by a shape or a line style so that no reading rests on colour alone.

/** Class 1, 2, 3: blue circles, orange squares, bluish-green triangles. */
export const CLASS_COLOURS = ['#0072B2', '#E69F00', '#009E73'] as const
/** The same classes' regions: light tints of their colours. */
export const REGION_COLOURS = ['#cfe3f0', '#fbe6b5', '#c4e9dc'] as const
export const CLASS_SHAPES = ['circle', 'square', 'triangle'] as const

/** Weights: positive blue and solid, negative vermillion and dashed. */
export const POSITIVE = '#0072B2'
export const NEGATIVE = '#D55E00'

/** The descents' colours: batch, stochastic, mini-batch. */
export const MODE_COLOURS = { batch: '#000000', stochastic: '#D55E00', 'mini-batch': '#CC79A7' } as const

/** Viridis, nine stops from low to high: the loss surface's heat map. */
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37]
] as const

/** The viridis colour of `t` in [0, 1]. */
export const viridis = (t: number): string => {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1)
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x))
  const f = x - i
  const c = VIRIDIS[i]!.map((lo, k) => Math.round(lo + f * (VIRIDIS[i + 1]![k]! - lo)))
  return `rgb(${c[0]},${c[1]},${c[2]})`
}

/** A marker of `shape` centred at (x, y), of radius about `r`. */
export const marker = (shape: (typeof CLASS_SHAPES)[number], x: number, y: number, r: number): string =>
  shape === 'circle'
    ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}"`
    : shape === 'square'
      ? `<rect x="${(x - r * 0.9).toFixed(1)}" y="${(y - r * 0.9).toFixed(1)}" width="${(1.8 * r).toFixed(1)}" height="${(1.8 * r).toFixed(1)}"`
      : `<polygon points="${x.toFixed(1)},${(y - 1.15 * r).toFixed(1)} ${(x + r).toFixed(1)},${(y + 0.75 * r).toFixed(1)} ${(x - r).toFixed(1)},${(y + 0.75 * r).toFixed(1)}"`
