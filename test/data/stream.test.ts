import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { threeClass } from '../../src/data/threeClass.js'
import { key } from '../../src/random/Key.js'
import * as _ from '../../src/data/stream.js'
import { getRight } from '../either.js'

async function* whole() {
  yield E.right(threeClass)
}

const collect = async <A>(it: AsyncIterable<A>): Promise<Array<A>> => {
  const out: Array<A> = []
  for await (const x of it) out.push(x)
  return out
}

describe('blocks', () => {
  it('cuts 30 rows into blocks of 8, 8, 8 and 6', async () => {
    const got = await collect(_.blocks(8)(whole()))
    expect(got.map((b) => getRight(b).inputs.shape[0])).toEqual([8, 8, 8, 6])
  })
  it('answers a block size below one with a Left', async () => {
    const [first] = await collect(_.blocks(0)(whole()))
    expect(first !== undefined && E.isLeft(first)).toBe(true)
  })
})

describe('shuffledBatches', () => {
  it('gives every row once per epoch, and another order in another epoch', async () => {
    const k = getRight(key(1))
    const rows = async (epoch: number) =>
      (await collect(_.shuffledBatches({ batchSize: 4, buffer: 12, key: k, epoch })(whole()))).flatMap((b) =>
        Array.from(getRight(b).inputs.data)
      )
    const [a, b] = [await rows(0), await rows(1)]
    expect([...a].sort()).toEqual(Array.from(threeClass.inputs.data).sort())
    expect(a).not.toEqual(b)
  })
  it('refuses a buffer smaller than a batch', async () => {
    const [first] = await collect(
      _.shuffledBatches({ batchSize: 4, buffer: 2, key: getRight(key(1)), epoch: 0 })(whole())
    )
    expect(first !== undefined && E.isLeft(first)).toBe(true)
  })
})
