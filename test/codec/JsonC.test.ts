import { describe, expect, it } from 'vitest'
import * as _ from '../../src/codec/JsonC.js'
import { getLeft } from '../either.js'

describe('parseJson', () => {
  it('refuses what is no string before JSON.parse would stringify it (an array declaring 2^32 − 1 items hung it)', () => {
    const start = performance.now()
    expect(getLeft(_.parseJson(new Array(2 ** 32 - 1) as never)).message).toBe(
      'not JSON text: expected a string, got an array of 4294967295 items'
    )
    expect(performance.now() - start).toBeLessThan(1000)
  })
})
