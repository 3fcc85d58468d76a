import fc from 'fast-check'
import { describe, it } from 'vitest'
import { ModelFileC } from '../src/train/files/ModelFile.js'
import { modelFile } from './arbitraries/modelFile.js'
import { lawParameters } from './config.js'
import * as laws from './modelFile.js'

/** A model file's JSON with one value somewhere inside replaced by an arbitrary one. */
const mutated = fc.tuple(modelFile, fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([m, at, value]) => {
  const json = JSON.parse(JSON.stringify(ModelFileC.encode(m))) as unknown
  const slots: Array<readonly [Record<string, unknown> | Array<unknown>, string | number]> = []
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (slots.push([v, i]), walk(x)))
    else if (typeof v === 'object' && v !== null)
      Object.entries(v).forEach(([k, x]) => (slots.push([v as Record<string, unknown>, k]), walk(x)))
  }
  walk(json)
  const slot = slots[at % slots.length]
  if (slot !== undefined) (slot[0] as Record<string | number, unknown>)[slot[1]] = value
  return json
})

describe('model files', () => {
  it('come back from JSON text bit for bit, every part', () => {
    fc.assert(fc.property(modelFile, laws.roundTrips), lawParameters)
  })
  it('decode any value without throwing, a model file with one part replaced included', () => {
    fc.assert(fc.property(fc.oneof(mutated, fc.anything()), laws.decodeIsTotal), lawParameters)
  })
})
