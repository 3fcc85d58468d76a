/**
 * An `Explanation` as text: a table for a terminal or Markdown for a page, in three sections —
 * the forward pass (each unit's weighted sum and activation), the error terms (each unit's
 * `∂L/∂a`, `∂a/∂z` and `δ`), and the weights (the chain rule, the gradient and the update).
 * Weights come in the text's order, `w1, w2, …, w12` (natural order: `w2` before `w10`), then
 * the biases. With several samples, every per-sample number gets a row of its own.
 *
 * Rendering is a pure function of the explanation: the same explanation gives the same text.
 *
 * @since 0.2.0
 */
import type { Explanation, Factor, UnitExplanation, WeightExplanation } from './explain.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * `'table'`: columns aligned with spaces, for a terminal; `'markdown'`: GitHub-flavoured tables.
 *
 * @category model
 * @since 0.2.0
 */
export type ExplanationFormat = 'table' | 'markdown'

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

/** A number as the tables show it: six decimals, or three significant digits in exponent form when smaller. */
const show = (v: number | undefined): string =>
  v === undefined ? '' : v === 0 || Math.abs(v) >= 1e-3 ? v.toFixed(6) : v.toExponential(3)

/**
 * Compares names so that their numbers count as numbers: `w2` before `w10`, `h1.2` before `h1.10`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // the weights in the founding text's order: w2 before w10
 * ;['w10', 'w2', 'w1'].sort(Advanced.Train.naturalCompare) // => ['w1', 'w2', 'w10']
 *
 * @category destructors
 * @since 0.2.0
 */
export const naturalCompare = (a: string, b: string): number => {
  // a comparator answers a number: a value that is not a string sorts as the empty name
  const pa = (typeof a === 'string' ? a : '').match(/\d+|\D+/g) ?? []
  const pb = (typeof b === 'string' ? b : '').match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i]!, pb[i]!]
    const d = /^\d/.test(x) && /^\d/.test(y) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0
    if (d !== 0) return d
  }
  return pa.length - pb.length
}

type Table = ReadonlyArray<ReadonlyArray<string>>

/** A table: a header row and body rows, aligned for a terminal or piped for Markdown. */
const table = (format: ExplanationFormat, rows: Table): string => {
  if (format === 'markdown') {
    const line = (r: ReadonlyArray<string>): string => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
    return [line(rows[0]!), line(rows[0]!.map(() => '---')), ...rows.slice(1).map(line)].join('\n')
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)))
  const pad = (s: string, w: number): string => s + ' '.repeat(w - [...s].length)
  return rows
    .map((r) =>
      r
        .map((c, i) => pad(c, widths[i]!))
        .join('  ')
        .trimEnd()
    )
    .join('\n')
}

const heading = (format: ExplanationFormat, text: string): string =>
  format === 'markdown' ? `### ${text}` : `${text}\n${'─'.repeat([...text].length)}`

// -------------------------------------------------------------------------------------
// sections
// -------------------------------------------------------------------------------------

/** A sample column only when there are several samples. */
const sampleCell = (e: Explanation<unknown>, s: number): ReadonlyArray<string> => (e.samples > 1 ? [String(s + 1)] : [])

const forwardRows = (e: Explanation<unknown>): Table => [
  [...(e.samples > 1 ? ['sample'] : []), 'unit', 'activation', 'weighted sum', 'z', 'a'],
  ...e.units.flatMap((u: UnitExplanation) =>
    u.samples.map((v, s) => [...sampleCell(e, s), u.name, u.activation ?? 'input', u.sum ?? '', show(v.z), show(v.a)])
  )
]

const errorRows = (e: Explanation<unknown>): Table => [
  [...(e.samples > 1 ? ['sample'] : []), 'unit', '∂L/∂a', '∂a/∂z', 'δ = ∂L/∂z'],
  ...[...e.units]
    .filter((u) => u.layer > 0)
    .reverse()
    .flatMap((u) => u.samples.map((v, s) => [...sampleCell(e, s), u.name, show(v.dLda), show(v.dadz), show(v.delta)]))
]

const product = (factors: ReadonlyArray<Factor>): string =>
  `${factors.map((f) => f.symbol).join(' · ')} = ${factors.map((f) => show(f.value)).join(' · ')}`

/** The weights in natural order of their names, weights before biases. */
const ordered = (ws: ReadonlyArray<WeightExplanation>): ReadonlyArray<WeightExplanation> =>
  [...ws].sort((a, b) => (a.kind === b.kind ? naturalCompare(a.name, b.name) : a.kind === 'weight' ? -1 : 1))

const weightRows = (e: Explanation<unknown>): Table => [
  ['weight', 'joins', 'w', ...(e.samples > 1 ? ['sample'] : []), 'chain rule', '∂L/∂w', 'w − η·∂L/∂w'],
  ...ordered(e.weights).flatMap((w) =>
    w.terms.map((factors, s) => {
      const first = s === 0
      return [
        first ? w.name : '',
        first ? `${w.from} → ${w.to}` : '',
        first ? show(w.value) : '',
        ...sampleCell(e, s),
        product(factors),
        first ? show(w.gradient) : '',
        first ? show(w.updated) : ''
      ]
    })
  )
]

// -------------------------------------------------------------------------------------
// rendering
// -------------------------------------------------------------------------------------

/**
 * An explanation as a terminal table or Markdown: a title line with the network, the number of
 * samples, η and the loss, then the forward pass, the error terms and the weights.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Train } from 'gradfold'
 * const w = { w1: 0.1, w2: 0.2, w3: 0.3, w4: 0.4, w5: 0.5, w6: 0.6, w7: 0.7, w8: 0.8, w9: 0.9, w10: 1, w11: 1.1, w12: 1.2 }
 * pipe(
 *   Train.explainThreeTwoThree(0.5)(w, { inputs: [[1, 0.5, -1]], targets: [[1, 0, 0]] }),
 *   E.map(Train.renderExplanation('markdown')),
 *   E.map((text) => text.split('\n')[0])
 * ) // right('## One step of gradient descent: the founding text’s 3-2-3 network, 1 sample, η = 0.5, loss L = 0.553443')
 *
 * @category rendering
 * @since 0.2.0
 */
export const renderExplanation =
  (format: ExplanationFormat) =>
  (e: Explanation<unknown>): string => {
    const title = `One step of gradient descent: ${e.network}, ${e.samples} sample${e.samples === 1 ? '' : 's'}, η = ${e.learningRate}, loss L = ${show(e.loss)}`
    return [
      format === 'markdown' ? `## ${title}` : title,
      heading(format, 'Forward pass: z = Σ w·a (+ b), a = act(z)'),
      table(format, forwardRows(e)),
      heading(format, 'Error terms, from the output back: δ = ∂L/∂a · ∂a/∂z'),
      table(format, errorRows(e)),
      heading(format, 'Weights: ∂L/∂w by the chain rule, then w − η·∂L/∂w'),
      table(format, weightRows(e))
    ].join('\n\n')
  }
