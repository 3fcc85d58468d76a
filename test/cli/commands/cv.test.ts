import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/main.js'
import { captured } from '../io.js'

const folder = (): string => mkdtempSync(join(tmpdir(), 'gradfold-cv-'))

describe('gradfold cv', () => {
  it('prints each fold’s test metrics and their mean ± sd, the same bytes on a rerun', async () => {
    const dir = folder()
    const init = captured()
    expect(await main(['init', 'iris'], init)).toBe(0)
    const config = JSON.parse(init.stdout())
    config.stop.maxEpochs = 20
    writeFileSync(join(dir, 'iris.json'), JSON.stringify(config))
    const first = captured()
    expect(await main(['cv', join(dir, 'iris.json'), '--folds', '3'], first)).toBe(0)
    const lines = first.stdout().trim().split('\n')
    expect(lines[0]).toBe('fold  samples  best epoch  test loss  test accuracy')
    expect(lines.slice(1, 4).map((l) => l.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['1', '50'],
      ['2', '50'],
      ['3', '50']
    ])
    expect(lines[4]).toMatch(/^accuracy 0\.\d{4} ± 0\.\d{4} \(mean ± sd over 3 folds\)$/)
    expect(lines[5]).toMatch(/^loss \d\.\d{4} ± \d\.\d{4}$/)
    const again = captured()
    expect(await main(['cv', join(dir, 'iris.json'), '--folds', '3'], again)).toBe(0)
    expect(again.stdout()).toBe(first.stdout())
  })

  it('refuses a fold count below 2 and a config with a wrong field, naming it, with exit code 2', async () => {
    const dir = folder()
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ data: { source: 'bundled', name: 'iris' }, seed: -1 }))
    const bad = captured()
    expect(await main(['cv', join(dir, 'bad.json')], bad)).toBe(2)
    expect(bad.stderr()).toContain('seed: expected a whole number from 0 to 2^32 − 1, got -1')
    const folds = captured()
    expect(await main(['cv', join(dir, 'bad.json'), '--folds', '1'], folds)).toBe(2)
    expect(folds.stderr()).toContain('--folds: expected a whole number ≥ 2, got 1')
  })
})
