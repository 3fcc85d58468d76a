import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/main.js'
import { captured } from '../io.js'

const folder = (): string => mkdtempSync(join(tmpdir(), 'gradfold-penguins-'))

describe('gradfold init penguins, train and predict', () => {
  it('trains the mixed table to a held-out accuracy of at least 0.95 and predicts raw rows with category names and empty cells', async () => {
    const dir = folder()
    const init = captured()
    expect(await main(['init', 'penguins'], init)).toBe(0)
    writeFileSync(join(dir, 'penguins.json'), init.stdout())
    const trained = captured()
    expect(await main(['train', join(dir, 'penguins.json'), '--out', join(dir, 'run'), '--quiet'], trained)).toBe(0)
    const accuracy = Number(/test accuracy (\d\.\d+)/.exec(trained.stderr())![1])
    expect(accuracy).toBeGreaterThanOrEqual(0.95)
    expect(readFileSync(join(dir, 'run', 'report.md'), 'utf8')).toMatch(/early stopping|maximum of 200 epochs/)
    expect(readFileSync(join(dir, 'run', 'loss.svg'), 'utf8')).toMatch(/best epoch \d+/)
    writeFileSync(
      join(dir, 'raw.csv'),
      [
        'island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex',
        'Biscoe,48.7,14.1,210,4450,',
        'Torgersen,39.1,18.7,181,3750,MALE',
        'Dream,49.0,19.5,210,3950,MALE',
        'Dream,,,,,'
      ].join('\n') + '\n'
    )
    const predicted = captured()
    expect(await main(['predict', join(dir, 'run', 'model.json'), join(dir, 'raw.csv')], predicted)).toBe(0)
    const rows = predicted.stdout().trim().split('\n')
    expect(rows[0]).toBe('row,predicted,p(Adelie),p(Chinstrap),p(Gentoo)')
    expect(rows.slice(1, 4).map((r) => r.split(',')[1])).toEqual(['Gentoo', 'Adelie', 'Chinstrap'])
    expect(rows).toHaveLength(5)
    writeFileSync(
      join(dir, 'unseen.csv'),
      'island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\nAnvers,40,18,190,3800,MALE\n'
    )
    const unseen = captured()
    expect(await main(['predict', join(dir, 'run', 'model.json'), join(dir, 'unseen.csv')], unseen)).toBe(2)
    expect(unseen.stderr()).toContain('line 2, column "island": the category "Anvers" was not in the training data')
  })
})
