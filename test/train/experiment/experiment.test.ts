import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Train } from '../../../src/index.js'
import * as Node from '../../../src/node/index.js'
import { main } from '../../../src/cli/main.js'
import { starter } from '../../../src/cli/starters.js'
import { captured } from '../../cli/io.js'
import { getLeft, getRight } from '../../either.js'
import * as Advanced from '../../../src/advanced.js'

const folder = (): string => mkdtempSync(join(tmpdir(), 'gradfold-experiment-'))

/** The command's model file for `config`, trained in a fresh run folder. */
const commandModel = async (config: unknown): Promise<string> => {
  const dir = folder()
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
  const io = captured()
  expect(await main(['train', join(dir, 'config.json'), '--out', join(dir, 'run'), '--quiet'], io)).toBe(0)
  return readFileSync(join(dir, 'run', 'model.json'), 'utf8')
}

describe('Train.experiment', () => {
  it('gives the model file gradfold train saves for the same config, byte for byte', async () => {
    const config = { ...starter('iris'), stop: { ...starter('iris').stop, maxEpochs: 25, patience: 5 } }
    const run = getRight(await Train.experiment(config)())
    expect(Train.encodeModel(run.model)).toBe(await commandModel(Advanced.Train.ExperimentC.encode(config)))
  })

  it('keeps the best epoch’s parameters and metrics under early stopping, the final ones beside them', async () => {
    const run = getRight(
      await Train.experiment({
        data: { source: 'bundled', name: 'iris' },
        optimizer: { name: 'adam', lr: 0.05 },
        stop: { maxEpochs: 300, patience: 5 }
      })()
    )
    expect(run.stoppedEarly).toBe(true)
    expect(run.final.epoch).toBe(run.best.epoch + 5)
    expect(run.model.params).toEqual(run.best.params)
    const bestRecord = run.history.find((r) => r.epoch === run.best.epoch)!
    expect(run.model.metadata.metrics['validationLoss']).toBe(bestRecord.validation!.loss)
    expect(run.model.metadata.metrics['epoch']).toBe(run.best.epoch)
    expect(run.model.metadata.metrics['finalEpoch']).toBe(run.final.epoch)
    expect(run.best.metrics['validationLoss']).toBeLessThan(run.final.metrics['validationLoss']!)
    expect(run.report).toMatch(/^Training stopped after epoch \d+: early stopping: /)
  })

  it('trains the penguins starter to a held-out accuracy of at least 0.95, categories one-hot and gaps imputed', async () => {
    const run = getRight(await Train.experiment(starter('penguins'))())
    expect('accuracy' in run.test && run.test.accuracy).toBeGreaterThanOrEqual(0.95)
    expect(run.model.featureNames).toEqual([
      'island=Biscoe',
      'island=Dream',
      'island=Torgersen',
      'bill_length_mm',
      'bill_depth_mm',
      'flipper_length_mm',
      'body_mass_g',
      'sex=FEMALE',
      'sex=MALE'
    ])
    const rows = [
      {
        island: 'Biscoe',
        bill_length_mm: '48.7',
        bill_depth_mm: '14.1',
        flipper_length_mm: '210',
        body_mass_g: '4450',
        sex: ''
      },
      {
        island: 'Torgersen',
        bill_length_mm: 39.1,
        bill_depth_mm: 18.7,
        flipper_length_mm: 181,
        body_mass_g: 3750,
        sex: 'MALE'
      }
    ]
    expect(getRight(Train.predictClasses(run.model)(rows))).toEqual(['Gentoo', 'Adelie'])
    expect(getLeft(Train.predictClasses(run.model)([{ ...rows[1]!, island: 'Anvers' }])).message).toBe(
      'row 1, column "island": the category "Anvers" was not in the training data; "island" has "Biscoe", "Dream", "Torgersen"'
    )
  })

  it('names the path of every wrong field, and throws for none', async () => {
    const left = getLeft(
      await Train.experiment({ data: { source: 'bundled', name: 'iris' }, batching: { kind: 'miniBatch', size: 0 } })()
    )
    expect(left.message).toBe('batching.size: expected a whole number ≥ 1, got 0')
    const file = getLeft(await Train.experiment({ data: { source: 'file', path: 'x.csv', label: 'y' } })())
    expect(file.message).toMatch(/^data\.path: a file is read through gradfold\/node/)
    const rows = getLeft(
      await Train.experiment({ data: { source: 'rows', rows: [{ x: 1, y: 'a' }, { x: 2 }], label: 'y' } })()
    )
    expect(rows.message).toBe('data.rows: row 2 has other columns than the first ("x", "y")')
    const missing = getLeft(await Train.experiment({ data: { source: 'bundled', name: 'penguins' } })())
    expect(missing.message).toMatch(
      /^line \d+, column "island": "Torgersen" is not a number; name the column in preprocessing.categorical/
    )
    const gaps = getLeft(
      await Train.experiment({
        data: { source: 'bundled', name: 'penguins' },
        preprocessing: { standardize: true, categorical: ['island', 'sex'] }
      })()
    )
    expect(gaps.message).toMatch(
      /^line \d+, column "\w+": the cell is empty; set preprocessing.missing to 'drop' or 'impute'/
    )
  })

  it('reads a CSV file through gradfold/node, as the command does', async () => {
    const dir = folder()
    const lines = ['x,kind', ...Array.from({ length: 60 }, (_, i) => `${i % 10},${i % 10 < 5 ? 'low' : 'high'}`)]
    writeFileSync(join(dir, 'rows.csv'), lines.join('\n') + '\n')
    const config = {
      data: { source: 'file' as const, path: join(dir, 'rows.csv'), label: 'kind' },
      stop: { maxEpochs: 5 }
    }
    const run = getRight(await Node.experiment(config)())
    expect(run.model.classes).toEqual(['high', 'low'])
    expect(Train.encodeModel(run.model)).toBe(await commandModel(config))
  })
})
