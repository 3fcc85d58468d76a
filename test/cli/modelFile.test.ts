import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { penguins } from '../../src/data/penguins.js'
import { Train } from '../../src/index.js'
import * as _ from '../../src/cli/modelFile.js'
import { starter } from '../../src/cli/starters.js'
import { getRight } from '../either.js'

const rows = Array.from({ length: 40 }, (_, i) => ({ a: i % 7, b: (i * 3) % 5, kind: i % 2 === 0 ? 'even' : 'odd' }))
const config = {
  ...starter('csv'),
  data: { source: 'rows' as const, rows, label: 'kind' },
  stop: { ...starter('csv').stop, maxEpochs: 3 }
}

describe('a run’s model file, as the command reads it', () => {
  it('remembers the label column of rows, and calls it class for a bundled set and species for the penguins', async () => {
    const run = getRight(await Train.experiment(config)())
    expect(_.labelOf(run.model)).toBe('kind')
    const iris = getRight(
      await Train.experiment({ ...starter('iris'), stop: { ...starter('iris').stop, maxEpochs: 1 } })()
    )
    expect(_.labelOf(iris.model)).toBe('class')
    const penguinsRun = getRight(
      await Train.experiment(
        { ...starter('penguins'), stop: { ...starter('penguins').stop, maxEpochs: 1 } },
        { penguins }
      )()
    )
    expect(_.labelOf(penguinsRun.model)).toBe('species')
  })

  it('gives the model training sees: the same loss as the run', async () => {
    const run = getRight(await Train.experiment(config)())
    const built = getRight(_.trainModelOf(run.model))
    const a = Train.measure(built.model)(run.prepared.train)(run.model.params)
    const b = Train.measure(run.prepared.model)(run.prepared.train)(run.best.params)
    expect(E.isRight(a) && E.isRight(b) && Object.is(a.right.loss, b.right.loss)).toBe(true)
  })
})
