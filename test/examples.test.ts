// Every program in examples/ runs to completion and prints what it promises.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as quick from '../examples/quick-model.js'
import { main } from '../src/cli/main.js'
import { Train } from '../src/index.js'
import * as Node from '../src/node/index.js'
import { captured } from './cli/io.js'
import { getRight } from './either.js'

const run = (file: string, args: ReadonlyArray<string> = []): string =>
  execFileSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8', timeout: 120_000 })

describe('examples', () => {
  it('first-gradient prints the loss and the gradient worked out in its comments', () => {
    const out = run('examples/first-gradient.ts')
    expect(out).toContain('loss 20.25')
    expect(out).toContain('∂loss/∂w -18, ∂loss/∂b -9')
  })

  it('seed-three-class (npm run demo) trains the 3-2-3 network to accuracy 1 in all three modes', () => {
    const out = run('examples/seed-three-class.ts')
    const modes = out.split('\n').filter((line) => /^(batch|stochastic|mini-batch) /.test(line))
    expect(modes).toHaveLength(3)
    for (const line of modes) expect(line).toMatch(/ 1\.000 +accuracy reached 1$/)
    expect(out).toMatch(/w1 -?\d\.\d{4} {2}w2/)
  })

  it('backprop-by-hand shows the chain rule and AD agreeing on all twelve weights', () => {
    const out = run('examples/backprop-by-hand.ts')
    expect(out).toContain('h1 = 0.437823')
    expect(out).toContain('= -0.030396')
    const rows = out.split('\n').filter((line) => /^w\d+ /.test(line))
    expect(rows).toHaveLength(12)
    for (const row of rows) {
      const [, hand, ad] = row.trim().split(/\s+/)
      expect(ad).toBe(hand)
    }
    const worst = Number(/largest difference between the two gradients: (\S+)$/m.exec(out)![1])
    expect(worst).toBeLessThan(1e-15)
  })

  it('train-mlp trains an MLP with Adam to accuracy 1', () => {
    const out = run('examples/train-mlp.ts')
    expect(out).toMatch(/stopped after \d+ epochs \(\d+ steps\): TargetAccuracy/)
    expect(out).toContain('accuracy 1')
  })

  it('iris-model trains Iris from CSV, saves it, and names raw flowers in a second process', () => {
    const out = run('examples/iris-model.ts')
    const held = Number(/held-out accuracy (\S+)$/m.exec(out)![1])
    expect(held).toBeGreaterThanOrEqual(0.93)
    expect(out).toMatch(/^loaded .*iris-model\.json: 4-8-3 network, classes setosa, versicolor, virginica$/m)
    expect(out).toContain('5, 3.4, 1.5, 0.2 cm → setosa')
    expect(out).toContain('5.9, 2.8, 4.4, 1.3 cm → versicolor')
    expect(out).toContain('6.9, 3.1, 5.6, 2.2 cm → virginica')
  })

  it('classic-backprop prints every number of Mazur’s walkthrough, and says where gradfold’s figure differs', () => {
    const out = run('examples/classic-backprop.ts')
    const compared = out.split('\n').filter((line) => / walkthrough /.test(line))
    // h1, h2, ŷ1, ŷ2, the total error, the eight weights, the error after 10 000 steps
    expect(compared).toHaveLength(14)
    for (const line of compared) {
      const [mine, published] = /^\s*\S+\s+(\S+)\s+walkthrough\s+(\S+)\s+(same|DIFFERENT)$/.exec(line)!.slice(1)
      expect(line.endsWith(mine === published ? 'same' : 'DIFFERENT')).toBe(true)
      expect(mine).toBe(published)
    }
    expect(out).toContain('h1       0.593269992  walkthrough   0.593269992  same')
    expect(out).toContain('w7       0.511301270  walkthrough   0.511301270  same')
    expect(out).toContain('E       0.0000351085  walkthrough  0.0000351085  same')
    expect(out).toMatch(/^Total error after the 10000th update: 0\.0000351019$/m)
    expect(out).toMatch(/^w8 +h2 → ŷ2 /m)
  })

  it('information shows cross-entropy falling towards H(p) and H(p, q) = H(p) + KL(p‖q) on numbers', () => {
    const out = run('examples/information.ts')
    const rows = out
      .split('\n')
      .filter((line) => /^\d\.\d\d {3}\(/.test(line))
      .map((line) =>
        line
          .split(/\s{2,}/)
          .slice(-3)
          .map(Number)
      )
    expect(rows).toHaveLength(6)
    const h = Number(/entropy H\(p\) = (\S+) bits/.exec(out)![1])
    rows.forEach(([cross, kl, sum], i) => {
      expect(sum).toBe(cross) // H(p) + KL printed beside H(p, q), to six decimals
      expect(Math.abs(h + kl! - cross!)).toBeLessThan(2e-6)
      if (i > 0) expect(cross).toBeLessThan(rows[i - 1]![0]!)
    })
    expect(rows[5]).toEqual([h, 0, h])
    expect(out).toContain('cross-entropy falls at every step towards p: yes')
    expect(Number(/above: (\S+)$/m.exec(out)![1])).toBeLessThan(1e-15)
    expect(out).toContain('H(y, ŷ) = 1 bit')
  })

  it('custom-function checks a user-written model and Huber loss with checkGrad, and Huber resists the outlier', () => {
    const out = run('examples/custom-function.ts', ['--steps', '800'])
    expect(out).toMatch(/checkGrad on the Huber loss of the decay model: 3 partial derivatives/)
    expect(Number(/central differences (\S+)$/m.exec(out)![1])).toBeLessThan(1e-9)
    const [huber, mse] = /largest parameter error: Huber (\S+), MSE (\S+)$/m.exec(out)!.slice(1).map(Number)
    expect(huber).toBeLessThan(mse!)
  })

  it('three-descents counts each mode’s successes and costs over seeds, and shows stochastic descent’s noise', () => {
    const out = run('examples/three-descents.ts', ['--seeds', '3', '--max-epochs', '150'])
    const modes = out.split('\n').filter((line) => /^(batch|stochastic|mini-batch) +\d+\/3 /.test(line))
    expect(modes).toHaveLength(3)
    const curves = Object.fromEntries(
      out
        .split('\n')
        .map((line) => /^(\S+) +\S+ +steps +(\d+), rises +(\d+), jitter (\S+)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, { steps: Number(m[2]), rises: Number(m[3]), jitter: Number(m[4]) }])
    )
    expect(curves['batch']!.steps).toBe(20)
    expect(curves['stochastic']!.steps).toBe(600)
    expect(curves['mini-batch']!.steps).toBe(100)
    const noisiest = /the noisiest per-step loss: (\S+)$/m.exec(out)![1]!
    const byJitter = Object.entries(curves).sort(([, a], [, b]) => b.jitter - a.jitter)[0]![0]
    expect(noisiest).toBe(byJitter)
    expect(out).toMatch(/^- stochastic descent (did not escape|escaped) /m)
  })

  it('xor: without a hidden layer a network cannot classify XOR, with one it can', () => {
    const out = run('examples/xor.ts')
    const flat = Number(/^no hidden layer \(2-1\): accuracy (\S+) after 2000 epochs \(MaxEpochs\)$/m.exec(out)![1])
    expect(flat).toBeLessThanOrEqual(0.75)
    expect(out).toMatch(/^one hidden layer \(2-4-1\): accuracy 1 after \d+ epochs \(TargetAccuracy\)$/m)
    const hidden = out.slice(out.indexOf('one hidden layer'))
    const table: ReadonlyArray<readonly [number, number]> = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1]
    ]
    for (const [a, b] of table) {
      expect(hidden).toMatch(new RegExp(`${a} xor ${b} = ${a ^ b} +predicted P\\(1\\) = \\S+ → ${a ^ b}$`, 'm'))
    }
  })

  it('iris classifies held-out flowers from the bundled set', () => {
    const out = run('examples/iris.ts', ['--epochs', '60'])
    expect(out).toContain('Iris: 105 flowers to train on, 45 held out')
    expect(Number(/held-out accuracy (\S+)$/m.exec(out)![1])).toBeGreaterThanOrEqual(0.9)
  })

  it('digits classifies held-out images from the bundled set', () => {
    const out = run('examples/digits.ts', ['--epochs', '5'])
    expect(out).toMatch(/^digits: \d+ images to train on, \d+ held out$/m)
    expect(Number(/held-out accuracy (\S+)$/m.exec(out)![1])).toBeGreaterThanOrEqual(0.9)
  })

  it('laws-for-your-model finds a user’s layer and optimizer lawful and catches the buggy optimizer', () => {
    const out = run('examples/laws-for-your-model.ts')
    const lines = out.trim().split('\n')
    expect(lines).toHaveLength(7)
    for (const line of lines.slice(0, 6)) expect(line).toMatch(/^holds /)
    expect(lines[6]).toMatch(/^FAILS {2}buggy signDescent: the same inputs give the same steps/)
  })

  it('pipeline turns a CSV file into a saved model in one pipe, and every bad input into a Left', () => {
    const out = run('examples/pipeline.ts')
    expect(out).toMatch(/^good input +Right: saved 4-8-3 model, held-out accuracy 0\.9\d\d$/m)
    const lefts = [
      ['a file that is not there', 'IoError'],
      ['a CSV cell that is not a number', 'InvalidTable'],
      ['a label column the file lacks', 'InvalidTable'],
      ['a negative learning rate', 'InvalidHyperparameter'],
      ['a folder that does not exist to save in', 'IoError']
    ]
    for (const [name, tag] of lefts) expect(out).toMatch(new RegExp(`^${name} +Left ${tag}: `, 'm'))
    expect(out).toContain("the good run's model file is on disk: yes")
  })

  it('seed-three-class answers an unknown option with a message, not a stack trace', () => {
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'examples/seed-three-class.ts', '--bogus'], {
        encoding: 'utf8',
        stdio: 'pipe'
      })
    ).toThrow(/gradfold demo failed: Unknown option '--bogus'/)
  })

  it('quick-model trains the penguins CSV with early stopping, and a new process predicts raw rows as the command’s model file does', async () => {
    const out = run('examples/quick-model.ts')
    expect(out).toMatch(/^Training stopped after epoch \d+: early stopping: /m)
    const predicted = /^predicted: (.*)$/m.exec(out)![1]!.split(', ')
    expect(predicted).toEqual(['Gentoo', 'Adelie', 'Chinstrap'])
    // the command, on the same config (the data path made absolute, as the command resolves it)
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-quick-test-'))
    const config = { ...quick.config, data: { ...quick.config.data, path: resolve('examples/data/penguins.csv') } }
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
    expect(await main(['train', join(dir, 'config.json'), '--out', join(dir, 'run'), '--quiet'], captured())).toBe(0)
    const model = getRight(await Node.loadModel(join(dir, 'run', 'model.json'))())
    expect(getRight(Train.predictClasses(model)(quick.rows))).toEqual(predicted)
    const fromCode = getRight(await Node.experiment(config)())
    expect(Train.encodeModel(fromCode.model)).toBe(readFileSync(join(dir, 'run', 'model.json'), 'utf8'))
  })
})
