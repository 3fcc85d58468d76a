import { describe, expect, it } from 'vitest'
import * as Advanced from '../../src/codec/advanced.js'
import * as _ from '../../src/codec/index.js'
import { Codec } from '../../src/index.js'

describe('codec index', () => {
  it('exports the codecs and their helpers, and none of the internals', () => {
    // what the layer exports, between `codec/index.ts` and the plumbing in `codec/advanced.ts`
    expect([...Object.keys(_), ...Object.keys(Advanced)].sort()).toEqual(
      [
        'CountC',
        'Float64C',
        'JSON_DEPTH_LIMIT',
        'JSON_SIZE_LIMIT',
        'JsonC',
        'jsonFirst',
        'parseJson',
        'plainFirst',
        'TensorC',
        'TensorOfShapeC',
        'TreeC',
        'contextPath',
        'decode',
        'decodeError',
        'exactTuple',
        'exactType'
      ].sort()
    )
    expect(Codec.TreeC).toBe(_.TreeC)
  })
})
