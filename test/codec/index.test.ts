import { describe, expect, it } from 'vitest'
import * as _ from '../../src/codec/index.js'
import { Codec } from '../../src/index.js'

describe('codec index', () => {
  it('exports the codecs and their helpers, and none of the internals', () => {
    expect(Object.keys(_).sort()).toEqual(
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
