import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/main.js'
import { captured } from '../io.js'

const dir = mkdtempSync(join(tmpdir(), 'gradfold-cli-sweep-'))
let files = 0
const sweepFile = (text: string): string => {
  const path = join(dir, `sweep-${files++}.json`)
  writeFileSync(path, text)
  return path
}

describe('gradfold sweep', () => {
  it('runs a grid on local threads, prints the ranked table and writes it with every job’s files', async () => {
    const path = sweepFile(
      JSON.stringify({
        name: 'lr',
        seed: 1,
        metric: 'loss',
        base: {
          data: 'threeClass',
          spec: { sizes: [3, 4, 3], activations: ['tanh', 'identity'], bias: true, loss: 'softmaxCrossEntropy' },
          optimizer: 'sgd',
          learningRate: 0.1,
          batchSize: 10,
          epochs: 5,
          seed: 0
        },
        grid: { learningRate: [0.01, 1] }
      })
    )
    const io = captured()
    const out = join(dir, 'out')
    expect(await main(['sweep', path, '--out', out, '--threads', '1'], io)).toBe(0)
    expect(io.stdout().split('\n')[0]).toBe('rank,job,learningRate,loss,accuracy')
    expect(readFileSync(join(out, 'table.csv'), 'utf8')).toBe(io.stdout())
    expect(JSON.parse(readFileSync(join(out, 'jobs', '1', 'model.json'), 'utf8'))).toHaveProperty('architecture')
  })
  it('refuses a sweep file without a base job, naming the field', async () => {
    const io = captured()
    expect(await main(['sweep', sweepFile('{"name":"x","seed":0,"metric":"loss"}')], io)).toBe(2)
    expect(io.stderr()).toMatch(/base/)
  })
})
