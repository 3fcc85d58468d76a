// Every program in examples/ runs to completion and prints what it promises.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const run = (file: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 120_000 })

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

  it('seed-three-class answers an unknown option with a message, not a stack trace', () => {
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'examples/seed-three-class.ts', '--bogus'], {
        encoding: 'utf8',
        stdio: 'pipe'
      })
    ).toThrow(/gradfold demo failed: Unknown option '--bogus'/)
  })
})
