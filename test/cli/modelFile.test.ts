import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Data, Train } from '../../src/index.js'
import * as _ from '../../src/cli/modelFile.js'
import { prepareWith } from '../../src/cli/experiment.js'
import { starter } from '../../src/cli/starters.js'
import { getRight } from '../either.js'

const rows = Array.from({ length: 40 }, (_, i) => ({
  a: String(i % 7),
  b: String((i * 3) % 5),
  kind: i % 2 === 0 ? 'even' : 'odd'
}))
const named = (dataset: Data.Dataset) => ({ dataset, classes: dataset.classes!, features: dataset.featureNames! })
const experiment = { ...starter('csv'), data: { source: 'file' as const, path: 'rows.csv', label: 'kind' } }
const prepared = getRight(
  prepareWith(
    experiment,
    named(getRight(E.chainW(Data.fromTable({ label: 'kind', task: 'classification' }))(Data.recordsTable(rows))))
  )
)

describe('a run’s model file', () => {
  it('holds the network, names, standardisation and config, and reads back bit for bit', () => {
    const m = getRight(_.modelOfRun(prepared, prepared.params, experiment, { testAccuracy: 0.5 }))
    const back = getRight(Train.modelFromJson(Train.modelToJson(m)))
    expect(back.classes).toEqual(['even', 'odd'])
    expect(back.featureNames).toEqual(['a', 'b'])
    expect(back.architecture.sizes).toEqual([2, 16, 2])
    expect(back.params.every((l, i) => l.w.data.every((x, j) => Object.is(x, prepared.params[i]!.w.data[j])))).toBe(
      true
    )
    expect(Array.from(back.standardizer!.mean.data)).toEqual(Array.from(prepared.standardizer!.mean.data))
  })

  it('remembers the label column of a file, and calls it class for a bundled set', () => {
    const m = getRight(_.modelOfRun(prepared, prepared.params, experiment, {}))
    expect(_.labelOf(m)).toBe('kind')
    const bundled = getRight(_.modelOfRun(prepared, prepared.params, starter('iris'), {}))
    expect(_.labelOf(bundled)).toBe('class')
  })

  it('gives the model training sees: the same loss as the prepared run', () => {
    const m = getRight(_.modelOfRun(prepared, prepared.params, experiment, {}))
    const built = getRight(_.trainModelOf(m))
    const a = Train.measure(built.model)(prepared.train)(m.params)
    const b = Train.measure(prepared.model)(prepared.train)(prepared.params)
    expect(E.isRight(a) && E.isRight(b) && Object.is(a.right.loss, b.right.loss)).toBe(true)
  })
})
