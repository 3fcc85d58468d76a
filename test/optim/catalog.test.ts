import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/catalog.js'
import { isBlockEntry, isOptimizerEntry } from '../../src/optim/Entry.js'
import * as oneFile from '../../src/optim/optimizers.js'
import { encodeOptimizer } from '../../src/optim/OptimizerSpec.js'

describe('the catalog of optimizers', () => {
  it('names each block and each optimizer once', () => {
    const tags = _.blocks.map((b) => b.tag)
    const names = _.optimizers.map((o) => o.name)
    expect(new Set(tags).size).toBe(tags.length)
    expect(new Set(names).size).toBe(names.length)
    expect(tags).not.toContain('chain')
  })

  it('holds the entries of every one-file optimizer module after the library’s first ones', () => {
    const blocks = Object.values(oneFile).filter(isBlockEntry)
    const optimizers = Object.values(oneFile).filter(isOptimizerEntry)
    expect(blocks.length).toBeGreaterThan(0)
    expect(_.blocks.slice(-blocks.length)).toEqual(blocks)
    expect(_.optimizers.slice(-optimizers.length)).toEqual(optimizers)
    expect(_.blocks[4]!.tag).toBe('scaleByAdam')
    expect(_.optimizers[3]!.name).toBe('adam')
  })

  it('builds every optimizer at its range’s values into chains of its blocks, whose specs name them', () => {
    const tags = new Set(_.blocks.map((b) => b.tag))
    const pool = [0.5, 1e-8, 0]
    for (const o of _.optimizers) {
      const t = E.getOrElseW(() => undefined)(
        o.build(0.1, Object.fromEntries(o.fields.map(([f, range]) => [f, pool.find(range.test)!])))
      )
      const spec = O.toUndefined(encodeOptimizer(t!)) as {
        readonly _tag: string
        readonly parts?: ReadonlyArray<{ readonly _tag: string }>
      }
      const parts = spec.parts ?? [spec]
      expect(parts.every((p) => tags.has(p._tag))).toBe(true)
    }
  })
})
