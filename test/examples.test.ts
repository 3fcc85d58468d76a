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
})
