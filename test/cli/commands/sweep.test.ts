import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/main.js'
import { starter } from '../../../src/cli/starters.js'
import { readSweep } from '../../../src/cli/sweepFile.js'
import { captured } from '../io.js'

const dir = mkdtempSync(join(tmpdir(), 'gradfold-cli-sweep-'))
let files = 0
const sweepFile = (json: unknown): string => {
  const path = join(dir, `sweep-${files++}.json`)
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json))
  return path
}

const xor = starter('xor')
const base = { ...xor, stop: { ...xor.stop, maxEpochs: 20 } }

const errors = async (json: unknown): Promise<ReadonlyArray<string>> => {
  const io = captured()
  expect(await main(['sweep', sweepFile(json)], io)).toBe(2)
  return io
    .stderr()
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

describe('gradfold sweep', () => {
  it('trains a grid over an experiment config on local threads, prints the ranked table and writes every job’s files', async () => {
    const path = sweepFile({
      name: 'lr',
      seed: 1,
      metric: 'validation.loss',
      base,
      search: { kind: 'grid', fields: { 'optimizer.lr': [0.01, 0.1] } }
    })
    const io = captured()
    const out = join(dir, 'out')
    expect(await main(['sweep', path, '--out', out, '--threads', '1'], io)).toBe(0)
    const table = io.stdout().split('\n')
    expect(table[0]).toBe(
      'rank,job,optimizer.lr,validation.loss,test.accuracy,test.loss,train.accuracy,train.loss,validation.accuracy'
    )
    const losses = table.slice(1, 3).map((l) => Number(l.split(',')[3]))
    expect(losses[0]).toBeLessThanOrEqual(losses[1]!)
    expect(readFileSync(join(out, 'table.csv'), 'utf8')).toBe(io.stdout())
    const model = JSON.parse(readFileSync(join(out, 'jobs', '1', 'model.json'), 'utf8'))
    expect(model.training.optimizer.lr).toBe(0.1)
    expect(JSON.parse(readFileSync(join(out, 'jobs', '1', 'history.json'), 'utf8'))).toHaveLength(20)
    expect(readFileSync(join(out, 'metric.svg'), 'utf8')).toMatch(/validation\.loss against optimizer\.lr/)
  })
  it('reports each mistake of the file itself on its own line, with its path', async () => {
    const lines = await errors({
      name: 'a b',
      seed: -1,
      metric: 'loss',
      base,
      search: { kind: 'grid', fields: { 'optimizer.lr': [], 'x..y': [1] } }
    })
    expect(lines).toEqual([
      'name: expected a name of letters, digits, ".", "_" and "-", got "a b"',
      'seed: expected a whole number from 0 to 2^32 − 1, got -1',
      expect.stringMatching(/^metric: expected one of "test\.accuracy", .*, got "loss"$/),
      'search.fields.optimizer.lr: expected a non-empty list of values, got a list of 0 items',
      'search.fields.x..y: expected a field path such as "optimizer.lr" or "model.hidden.0", got a list of 1 item'
    ])
  })
  it('reports the base config’s mistakes under base, as gradfold train would', async () => {
    const lines = await errors({
      name: 's',
      seed: 0,
      metric: 'test.loss',
      base: { ...base, optimizer: { ...base.optimizer, lr: -1 } },
      search: { kind: 'grid', fields: { seed: [0, 1] } }
    })
    expect(lines).toEqual(['base.optimizer.lr: expected a positive finite number, got -1'])
  })
  it('reports a base config file that is missing, and a swept path the base does not have', async () => {
    expect(
      (
        await errors({
          name: 's',
          seed: 0,
          metric: 'test.loss',
          base: 'nowhere.json',
          search: { kind: 'grid', fields: { seed: [0] } }
        })
      )[0]
    ).toMatch(/^base \(nowhere\.json\): .*nowhere\.json/)
    const lines = await errors({
      name: 's',
      seed: 0,
      metric: 'test.loss',
      base,
      search: { kind: 'random', count: 3, fields: { 'optimizer.lrr': { min: 0.1, max: 1 } } }
    })
    expect(lines).toEqual(['search.fields.optimizer.lrr: no such field in the base config'])
  })
  it('checks every job’s config with the experiment codec before any job runs', async () => {
    const lines = await errors({
      name: 's',
      seed: 0,
      metric: 'test.loss',
      base,
      search: { kind: 'grid', fields: { 'optimizer.lr': [0.1, -1], 'model.hidden': [[4], [0]] } }
    })
    expect(lines).toEqual([
      'job 1: optimizer.lr: expected a positive finite number, got -1',
      'job 2: model.hidden.0: expected a whole number ≥ 1, got 0',
      'job 3: model.hidden.0: expected a whole number ≥ 1, got 0',
      'job 3: optimizer.lr: expected a positive finite number, got -1'
    ])
  })
  it('init sweep writes a starter sweep of 12 jobs that reads as it is', async () => {
    const io = captured()
    expect(await main(['init', 'sweep'], io)).toBe(0)
    const path = sweepFile(io.stdout())
    const read = await readSweep(path)
    expect(read._tag === 'Right' && read.right.grid).toEqual({
      'optimizer.lr': [0.003, 0.01, 0.03],
      'model.hidden': [[8], [16]],
      seed: [0, 1]
    })
  })
})
