import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as Node from '../../src/node/index.js'
import * as _ from '../../src/cli/main.js'
import { SUBCOMMANDS } from '../../src/cli/commands/index.js'
import { starter } from '../../src/cli/starters.js'
import { ExperimentC } from '../../src/train/experiment/config.js'
import { captured } from './io.js'
import * as Advanced from '../../src/advanced.js'

const folder = (): string => mkdtempSync(join(tmpdir(), 'gradfold-cli-'))

/** The xor starter, short: 12 epochs, no early stop. */
const smallConfig = (dir: string): string => {
  const c = starter('xor')
  const path = join(dir, 'xor.json')
  writeFileSync(
    path,
    JSON.stringify(ExperimentC.encode({ ...c, stop: { ...c.stop, maxEpochs: 12, targetAccuracy: null } }))
  )
  return path
}

describe('gradfold', () => {
  it('init writes a config that train accepts and trains into a run folder with every file', async () => {
    const dir = folder()
    const io = captured()
    expect(await _.main(['init', 'xor'], io)).toBe(0)
    const config = JSON.parse(io.stdout())
    config.stop.maxEpochs = 12
    config.stop.targetAccuracy = null
    writeFileSync(join(dir, 'xor.json'), JSON.stringify(config))
    const run = captured()
    expect(await _.main(['train', join(dir, 'xor.json'), '--out', join(dir, 'run'), '--quiet'], run)).toBe(0)
    expect(readdirSync(join(dir, 'run')).sort()).toEqual([
      'accuracy.svg',
      'checkpoint.json',
      'config.json',
      'history.csv',
      'history.json',
      'loss.svg',
      'model.json',
      'report.md'
    ])
    expect(
      readFileSync(join(dir, 'run', 'history.csv'), 'utf8')
        .trim()
        .split('\n')
    ).toHaveLength(13)
    expect(readFileSync(join(dir, 'run', 'report.md'), 'utf8')).toMatch(/\| different \| \d+ \| \d+ \|/)
  })

  it('refuses a config with three mistakes with exit code 2 and three lines', async () => {
    const dir = folder()
    const c = JSON.parse(JSON.stringify(ExperimentC.encode(starter('iris'))))
    c.optimizer.lr = -0.1
    c.optimizer.learningrate = 0.1
    c.stop.maxEpochs = 0
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(c))
    const io = captured()
    expect(await _.main(['train', join(dir, 'bad.json'), '--out', join(dir, 'run')], io)).toBe(2)
    const lines = io.stderr().trim().split('\n').slice(1)
    expect(lines).toHaveLength(3)
    expect(lines).toContain('  optimizer.lr: expected a positive finite number, got -0.1')
    expect(readdirSync(dir)).toEqual(['bad.json'])
  })

  it('answers exit code 2 for an unknown subcommand, a missing argument and a missing file', async () => {
    expect(await _.main(['trian'], captured())).toBe(2)
    expect(await _.main(['train'], captured())).toBe(2)
    expect(await _.main(['train', join(folder(), 'none.json')], captured())).toBe(2)
    expect(await _.main(['init', 'mnist'], captured())).toBe(2)
  })

  it('has --help with an example on every subcommand', async () => {
    for (const s of SUBCOMMANDS) {
      const io = captured()
      expect(await _.main([s.name, '--help'], io)).toBe(0)
      expect(io.stdout()).toMatch(/Example:\n {2}gradfold /)
    }
  })

  it('lists in --help each subcommand as its own module declares it, without loading any', async () => {
    const noExit = (): void => undefined
    const listed = await _.program(captured(), () => false, noExit)
    const loaded = await _.program(captured(), () => true, noExit)
    expect(listed.helpInformation()).toEqual(loaded.helpInformation())
    const io = captured()
    expect(await _.main(['--help'], io)).toBe(0)
    expect(io.stdout()).toContain(loaded.helpInformation())
    for (const s of SUBCOMMANDS) expect(io.stdout()).toContain(`  ${s.term} `)
  })

  it('shows the full help of the subcommand `help <name>` names', async () => {
    const io = captured()
    expect(await _.main(['help', 'train'], io)).toBe(0)
    expect(io.stdout()).toContain('--threads <n>')
  })

  it('trains with --json as one JSON object per epoch on standard output', async () => {
    const dir = folder()
    const io = captured()
    expect(await _.main(['train', smallConfig(dir), '--out', join(dir, 'run'), '--json'], io)).toBe(0)
    const lines = io
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  })

  it('refuses to train over a run, and resume of a finished run changes nothing', async () => {
    const dir = folder()
    const config = smallConfig(dir)
    const run = join(dir, 'run')
    expect(await _.main(['train', config, '--out', run, '--quiet'], captured())).toBe(0)
    const model = readFileSync(join(run, 'model.json'))
    expect(await _.main(['train', config, '--out', run, '--quiet'], captured())).toBe(2)
    const resumed = captured()
    expect(await _.main(['resume', run, '--quiet'], resumed)).toBe(0)
    expect(resumed.stderr()).toMatch(
      /^gradfold: nothing to do: the run in .* has finished\. Training stopped after epoch 12 because it reached the maximum of 12 epochs\./
    )
    expect(readFileSync(join(run, 'model.json')).equals(model)).toBe(true)
  })

  it('trains a starter by its name where a config file is expected, and the summary says why it stopped', async () => {
    const dir = folder()
    const io = captured()
    expect(await _.main(['train', 'xor', '--out', join(dir, 'xor'), '--quiet'], io)).toBe(0)
    expect(io.stderr()).toMatch(
      /^done: \d+ epochs, stopped because .+; test accuracy \d\.\d+ \(epoch \d+'s parameters\); results in /
    )
    const kept = JSON.parse(readFileSync(join(dir, 'xor', 'config.json'), 'utf8'))
    expect(kept).toEqual(JSON.parse(JSON.stringify(ExperimentC.encode(starter('xor')))))
    const missing = captured()
    expect(await _.main(['train', join(dir, 'nothing.json')], missing)).toBe(2)
    expect(missing.stderr()).toContain(
      "no such file (a starter's name also works here: iris, digits, xor, three-class, penguins)"
    )
  })

  it('evaluates a model file and predicts a CSV with it', async () => {
    const dir = folder()
    const run = join(dir, 'run')
    expect(await _.main(['train', smallConfig(dir), '--out', run, '--quiet'], captured())).toBe(0)
    writeFileSync(join(dir, 'points.csv'), 'x,y\n0.5,0.5\n-0.5,0.5\n')
    const predicted = captured()
    expect(await _.main(['predict', join(run, 'model.json'), join(dir, 'points.csv')], predicted)).toBe(0)
    expect(predicted.stdout().split('\n')[0]).toBe('row,predicted,p(different),p(same)')
    expect(predicted.stdout().trim().split('\n')).toHaveLength(3)
    const evaluated = captured()
    expect(await _.main(['evaluate', join(run, 'model.json'), 'xor', '--part', 'all'], evaluated)).toBe(0)
    expect(evaluated.stdout()).toMatch(/^scored all 144 rows of xor\nsamples 144 {2}loss \d\.\d+ {2}accuracy \d\.\d+/)
    expect(await _.main(['predict', join(run, 'model.json'), join(dir, 'none.csv')], captured())).toBe(2)
  })

  it('evaluates the held-out test part of the data the model was trained on by default, saying which rows', async () => {
    const dir = folder()
    const run = join(dir, 'run')
    expect(await _.main(['train', smallConfig(dir), '--out', run, '--quiet'], captured())).toBe(0)
    const model = JSON.parse(readFileSync(join(run, 'model.json'), 'utf8'))
    const scored = async (...args: ReadonlyArray<string>): Promise<string> => {
      const io = captured()
      expect(await _.main(['evaluate', join(run, 'model.json'), ...args], io)).toBe(0)
      return io.stdout()
    }
    // the starter splits 144 rows into 20% test, 20% validation: the report's test accuracy, row for row
    const test = await scored('xor')
    expect(test.split('\n')[0]).toBe("scored the test part of xor: 29 of 144 rows, as the model's run split them")
    expect(Number(/accuracy (\S+)/.exec(test)![1])).toBe(Number(model.metrics.testAccuracy.toFixed(4)))
    expect((await scored('xor', '--part', 'validation')).split('\n')[0]).toMatch(
      /^scored the validation part of xor: \d+ of 144 rows/
    )
    expect((await scored('xor', '--part', 'train')).split('\n')[1]).toMatch(/^samples (8\d|9\d) /)
    // a file of one's own: every row, read with the label column named
    writeFileSync(join(dir, 'points.csv'), 'x,y,kind\n0.5,0.5,same\n-0.5,0.5,different\n')
    expect((await scored(join(dir, 'points.csv'), '--label', 'kind')).split('\n')[0]).toBe(
      `scored all 2 rows of ${join(dir, 'points.csv')}`
    )
    const noSplit = captured()
    expect(
      await _.main(
        ['evaluate', join(run, 'model.json'), join(dir, 'points.csv'), '--label', 'kind', '--part', 'test'],
        noSplit
      )
    ).toBe(2)
    expect(noSplit.stderr()).toContain(
      'is not the data the model was trained on, so it has no test part; use --part all'
    )
    const predicted = captured()
    expect(
      await _.main(['predict', join(run, 'model.json'), join(dir, 'points.csv'), '--label', 'kind'], predicted)
    ).toBe(0)
    expect(
      predicted
        .stdout()
        .split('\n')
        .map((l) => l.split(',').slice(0, 3).join(','))
    ).toEqual([
      'row,predicted,kind',
      expect.stringMatching(/^1,(same|different),same$/),
      expect.stringMatching(/^2,(same|different),different$/),
      ''
    ])
  })

  it('answers exit code 1 when training diverges, with the message and the last good checkpoint', async () => {
    const dir = folder()
    const c = starter('xor')
    const path = join(dir, 'diverge.json')
    const optimizer = { name: 'sgd' as const, lr: 1e300, schedule: { name: 'constant' as const } }
    writeFileSync(
      path,
      JSON.stringify(ExperimentC.encode({ ...c, loss: 'mse', optimizer, stop: { ...c.stop, targetAccuracy: null } }))
    )
    const io = captured()
    expect(await _.main(['train', path, '--out', join(dir, 'run'), '--quiet'], io)).toBe(1)
    expect(io.stderr()).toMatch(/^gradfold: training failed: diverged at epoch \d+, step \d+/)
    expect(io.stderr()).toMatch(/last good checkpoint is .*checkpoint\.json|no checkpoint was written/)
    expect(readdirSync(join(dir, 'run'))).not.toContain('model.json')
  })
})

describe('the checkpoint of a run', () => {
  it('describes its run, so that Node.loadCheckpoint reads it with nothing else in hand', async () => {
    const dir = folder()
    const run = join(dir, 'run')
    expect(await _.main(['train', smallConfig(dir), '--out', run, '--quiet'], captured())).toBe(0)
    const text = readFileSync(join(run, 'checkpoint.json'), 'utf8')
    const loaded = await Node.loadCheckpoint(join(run, 'checkpoint.json'))()
    if (E.isLeft(loaded)) throw new Error(loaded.left.message)
    const r = loaded.right
    expect([r.net.sizes, r.config.maxEpochs, r.checkpoint.progress.state.epoch]).toEqual([[2, 8, 2], 12, 12])
    // read back to the bit: the checkpoint it encodes is the file, character for character
    expect(JSON.stringify(Advanced.Train.ResumableCheckpointC.encode(r))).toBe(text.trim())
  })
})
