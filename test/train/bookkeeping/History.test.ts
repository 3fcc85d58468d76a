import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/train/bookkeeping/History.js'

const record = (epoch: number): _.EpochRecord => ({
  epoch,
  step: 2 * epoch,
  batchLoss: 1 / epoch,
  train: { loss: 1 / epoch, accuracy: 0.5 },
  validation: null,
  learningRate: 0.1
})

describe('historyPrefix', () => {
  it('shows the first n records of the list, and none appended after it was made', () => {
    const records = [record(1), record(2)]
    const view = _.historyPrefix(records, 2)
    records.push(record(3))
    expect(view.length).toBe(2)
    expect(view[2]).toBeUndefined()
    expect(2 in view).toBe(false)
    expect(view.map((r) => r.epoch)).toEqual([1, 2])
    expect([...view].map((r) => r.epoch)).toEqual([1, 2])
    expect(Object.keys(view)).toEqual(['0', '1'])
  })

  it('reads the list it views rather than a copy of it (made in O(1), whatever the length)', () => {
    const records = [record(1), record(2)]
    const view = _.historyPrefix(records, 2)
    records[1] = record(7)
    expect(view[1]!.epoch).toBe(7)
  })

  it('is an array to every reader: Array.isArray, JSON and the codec give what a plain array gives', () => {
    const records = [record(1), record(2), record(3)]
    const view = _.historyPrefix(records, 2)
    expect(Array.isArray(view)).toBe(true)
    expect(JSON.stringify(view)).toBe(JSON.stringify(records.slice(0, 2)))
    expect(_.HistoryC.is(view)).toBe(true)
    expect(view).toEqual(records.slice(0, 2))
  })

  it('encodes as the plain array of its own records: the encoder reads the list behind it, up to its count', () => {
    const records = [record(1), record(2), record(3)]
    const view = _.historyPrefix(records, 2)
    records.push(record(4))
    expect(_.recordsOf(view)).toEqual({ list: records, n: 2 })
    expect(_.HistoryC.encode(view)).toEqual(_.HistoryC.encode(records.slice(0, 2)))
    // a plain array is its own list
    const plain = records.slice(0, 3)
    expect(_.recordsOf(plain)).toEqual({ list: plain, n: 3 })
  })

  it('refuses writes', () => {
    const records = [record(1)]
    const view = _.historyPrefix(records, 1) as Array<_.EpochRecord>
    expect(() => view.push(record(2))).toThrow(TypeError)
    expect(() => {
      view[0] = record(5)
    }).toThrow(TypeError)
    expect(records.map((r) => r.epoch)).toEqual([1])
  })
})

describe('the measure codecs on a list of classes declaring 2^32 − 1 reports', () => {
  // io-ts's array codec visits every index: unchecked, this ran out of memory collecting errors
  const huge = { loss: 0.3, accuracy: 0.9, classes: new Array(2 ** 32 - 1) }

  it.each([
    ['ClassificationMeasureC', _.ClassificationMeasureC],
    ['MeasureC', _.MeasureC]
  ] as const)('%s refuses it before looking at its items', (_name, codec) => {
    expect(codec.decode(huge)._tag).toBe('Left')
  })

  it('EpochRecordC and HistoryC refuse it where it sits in a record', () => {
    const record = { epoch: 1, step: 1, batchLoss: 0.5, train: huge, validation: null, learningRate: null }
    expect(_.EpochRecordC.decode(record)._tag).toBe('Left')
    expect(_.HistoryC.decode([record])._tag).toBe('Left')
  })
})
