/**
 * A sweep's results on disk, made from the jobs' results alone (so a sweep run locally and one
 * run through a queue write the same bytes): `table.csv`, the jobs sorted by the metric (ties by
 * job index) with their swept fields; `jobs/<i>/result.json`, `history.json` and `model.json`
 * for each job; and `metric.svg`, the metric against the first swept field.
 *
 * @since 0.2.0
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as TE from '#fp-ts/TaskEither.js'
import { ioError, type IoError } from '../../train/files/IoError.js'
import { writeTextAtomic } from '../files.js'
import type { JobResult } from './job.js'
import { sweptFields, type SweepSpec } from './SweepSpec.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const at = (json: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce(
      (x: unknown, k) => (x === null || typeof x !== 'object' ? undefined : (x as Record<string, unknown>)[k]),
      json
    )

const cell = (x: unknown): string => {
  const s = typeof x === 'string' ? x : (JSON.stringify(x) ?? '')
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const metricOf = (spec: SweepSpec, r: JobResult): number => r.metrics[spec.metric] ?? Number.NaN

/** Whether a higher value of the metric is better: an accuracy's is, a loss's is not. */
const higherIsBetter = (metric: string): boolean => /accuracy$/i.test(metric)

/** Every metric's name any job has, sorted, the ranking metric first. */
const metricNames = (spec: SweepSpec, results: ReadonlyArray<JobResult>): ReadonlyArray<string> => [
  spec.metric,
  ...[...new Set(results.flatMap((r) => Object.keys(r.metrics)))].filter((m) => m !== spec.metric).sort()
]

// -------------------------------------------------------------------------------------
// results
// -------------------------------------------------------------------------------------

/**
 * The jobs sorted by the metric (the highest first for an accuracy, the lowest first otherwise;
 * a missing or NaN metric last; ties by index).
 *
 * @example
 * import * as Node from 'gradfold/node'
 * const base = { optimizer: { lr: 0.1 } }
 * const spec: Node.SweepSpec = { name: 'lr', seed: 1, metric: 'test.loss', base, grid: { 'optimizer.lr': [0.01, 1] } }
 * const r = (index: number, loss: number) => ({ index, config: base, metrics: { 'test.loss': loss }, history: [], model: '' })
 * Node.ranked(spec)([r(0, 0.5), r(1, 0.25)]).map((x) => x.index) // [1, 0]
 *
 * @category results
 * @since 0.2.0
 */
export const ranked =
  (spec: SweepSpec) =>
  (results: ReadonlyArray<JobResult>): ReadonlyArray<JobResult> => {
    const sign = higherIsBetter(spec.metric) ? -1 : 1
    const key = (r: JobResult): number => {
      const m = metricOf(spec, r)
      return Number.isNaN(m) ? Number.POSITIVE_INFINITY : sign * m
    }
    return [...results].sort((a, b) => key(a) - key(b) || a.index - b.index)
  }

/**
 * The table as CSV text: rank, job, the swept fields, then the metrics (the ranking one first,
 * the others by name), best job first.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * const spec: Node.SweepSpec = { name: 'lr', seed: 1, metric: 'test.loss', base: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }, grid: { 'optimizer.lr': [0.01, 0.1] } }
 * // two finished jobs; the lower test loss ranks first
 * const results = [
 *   { index: 0, config: { optimizer: { name: 'sgd', lr: 0.01 }, seed: 0 }, metrics: { 'test.loss': 0.9, 'test.accuracy': 0.6 }, history: [], model: '' },
 *   { index: 1, config: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }, metrics: { 'test.loss': 0.4, 'test.accuracy': 0.9 }, history: [], model: '' }
 * ]
 * Node.sweepTable(spec)(results) // => 'rank,job,optimizer.lr,test.loss,test.accuracy\n1,1,0.1,0.4,0.9\n2,0,0.01,0.9,0.6\n'
 *
 * @category results
 * @since 0.2.0
 */
export const sweepTable =
  (spec: SweepSpec) =>
  (results: ReadonlyArray<JobResult>): string => {
    const fields = sweptFields(spec)
    const metrics = metricNames(spec, results)
    const header = ['rank', 'job', ...fields, ...metrics].map(cell).join(',')
    const rows = ranked(spec)(results).map((r, i) =>
      [
        String(i + 1),
        String(r.index),
        ...fields.map((f) => cell(at(r.config, f))),
        ...metrics.map((m) => String(r.metrics[m] ?? ''))
      ].join(',')
    )
    return [header, ...rows].join('\n') + '\n'
  }

/**
 * An SVG scatter of the metric against the first swept field (its values placed in sorted
 * order when they are not numbers), one dot per job.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * const spec: Node.SweepSpec = { name: 'lr', seed: 1, metric: 'test.loss', base: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }, grid: { 'optimizer.lr': [0.01, 0.1] } }
 * // two finished jobs; the lower test loss ranks first
 * const results = [
 *   { index: 0, config: { optimizer: { name: 'sgd', lr: 0.01 }, seed: 0 }, metrics: { 'test.loss': 0.9, 'test.accuracy': 0.6 }, history: [], model: '' },
 *   { index: 1, config: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }, metrics: { 'test.loss': 0.4, 'test.accuracy': 0.9 }, history: [], model: '' }
 * ]
 * // one dot per job: the test loss against the learning rate
 * Node.metricSvg(spec)(results).match(/<circle/g)?.length // => 2
 *
 * @category results
 * @since 0.2.0
 */
export const metricSvg =
  (spec: SweepSpec) =>
  (results: ReadonlyArray<JobResult>): string => {
    const field = sweptFields(spec)[0] ?? 'job'
    const raw = results.map((r) => (field === 'job' ? r.index : at(r.config, field)))
    const numeric = raw.every((x) => typeof x === 'number')
    const labels = [...new Set(raw.map((x) => JSON.stringify(x)))].sort()
    const xs = raw.map((x) => (numeric ? (x as number) : labels.indexOf(JSON.stringify(x))))
    const ys = results.map((r) => metricOf(spec, r))
    const span = (vs: ReadonlyArray<number>): readonly [number, number] => {
      const finite = vs.filter(Number.isFinite)
      const lo = Math.min(...finite)
      const hi = Math.max(...finite)
      return lo === hi ? [lo - 1, hi + 1] : [lo, hi]
    }
    const [x0, x1] = span(xs)
    const [y0, y1] = span(ys)
    const px = (x: number): string => (60 + ((x - x0) / (x1 - x0)) * 420).toFixed(2)
    const py = (y: number): string => (260 - ((y - y0) / (y1 - y0)) * 220).toFixed(2)
    const dots = xs
      .map((x, i) =>
        Number.isFinite(ys[i]!) ? `  <circle cx="${px(x)}" cy="${py(ys[i]!)}" r="4" fill="#1f77b4"/>` : ''
      )
      .filter((d) => d !== '')
    return [
      '<svg xmlns="http://www.w3.org/2000/svg" width="520" height="300" viewBox="0 0 520 300">',
      '  <rect width="520" height="300" fill="white"/>',
      '  <line x1="60" y1="260" x2="480" y2="260" stroke="black"/>',
      '  <line x1="60" y1="40" x2="60" y2="260" stroke="black"/>',
      `  <text x="270" y="290" text-anchor="middle" font-size="12">${field} (${cell(numeric ? x0 : labels[0])} … ${cell(numeric ? x1 : labels[labels.length - 1])})</text>`,
      `  <text x="14" y="150" font-size="12" transform="rotate(-90 14 150)" text-anchor="middle">${spec.metric} (${y0} … ${y1})</text>`,
      `  <text x="270" y="24" text-anchor="middle" font-size="14">${spec.name}: ${spec.metric} against ${field}</text>`,
      ...dots,
      '</svg>',
      ''
    ].join('\n')
  }

/**
 * Writes the sweep's results under `dir` (each file atomically).
 *
 * @example
 * import { mkdtempSync, readdirSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import * as Node from 'gradfold/node'
 * const spec: Node.SweepSpec = { name: 'lr', seed: 1, metric: 'test.loss', base: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }, grid: { 'optimizer.lr': [0.01, 0.1] } }
 * // two finished jobs; the lower test loss ranks first
 * const results = [
 *   { index: 0, config: { optimizer: { name: 'sgd', lr: 0.01 }, seed: 0 }, metrics: { 'test.loss': 0.9, 'test.accuracy': 0.6 }, history: [], model: '' },
 *   { index: 1, config: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }, metrics: { 'test.loss': 0.4, 'test.accuracy': 0.9 }, history: [], model: '' }
 * ]
 * const dir = mkdtempSync(join(tmpdir(), 'gradfold-sweep-'))
 * await Node.writeSweepResults(dir, spec)(results)() // right(undefined)
 * readdirSync(dir).sort() // => ['jobs', 'metric.svg', 'table.csv']
 *
 * @category results
 * @since 0.2.0
 */
export const writeSweepResults =
  (dir: string, spec: SweepSpec) =>
  (results: ReadonlyArray<JobResult>): TE.TaskEither<IoError, void> =>
  async () => {
    const write = async (path: string, text: string): Promise<IoError | undefined> => {
      const r = await writeTextAtomic(path)(text)()
      return r._tag === 'Left' ? r.left : undefined
    }
    for (const r of results) {
      const jobDir = join(dir, 'jobs', String(r.index))
      const made = await TE.tryCatch(() => mkdir(jobDir, { recursive: true }), ioError(jobDir, 'write'))()
      if (made._tag === 'Left') return made
      for (const [name, text] of [
        ['result.json', JSON.stringify(r)],
        ['history.json', JSON.stringify(r.history)],
        ['model.json', r.model]
      ] as const) {
        const e = await write(join(jobDir, name), text)
        if (e !== undefined) return { _tag: 'Left', left: e }
      }
    }
    for (const [name, text] of [
      ['table.csv', sweepTable(spec)(results)],
      ['metric.svg', metricSvg(spec)(results)]
    ] as const) {
      const e = await write(join(dir, name), text)
      if (e !== undefined) return { _tag: 'Left', left: e }
    }
    return { _tag: 'Right', right: undefined }
  }
