import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/cli/svg.js'

const numbersIn = (svg: string, attribute: string): ReadonlyArray<number> =>
  [...svg.matchAll(new RegExp(`${attribute}="([^"]*)"`, 'g'))].flatMap((m) => m[1]!.split(/[ ,]/).map(Number))

const chart = (points: ReadonlyArray<readonly [number, number]>): _.Chart => ({
  title: 'Loss <by> epoch & "more"',
  x: 'epoch',
  y: 'loss',
  series: [{ name: 'training', colour: '#1f77b4', points }]
})

describe('ticks', () => {
  it('cover the range with round, evenly spaced values', () => {
    fc.assert(
      // spans of at least 1e-6 of the values' size: charts of losses and accuracies, far from the
      // float64 resolution where a tick cannot be told from its neighbour
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (lo, relative) => {
          const width = relative * Math.max(1, Math.abs(lo))
          const hi = lo + width
          const t = _.ticks(lo, hi)
          const step = t[1]! - t[0]!
          const scale = Math.pow(10, Math.floor(Math.log10(step)))
          const mantissa = step / scale
          // round steps: 1, 2 or 5 times a power of ten; the difference of two ticks carries the
          // rounding of each (half an ulp of the larger), so the mantissa is exact to ulp / scale
          const tolerance = (4 * Number.EPSILON * Math.max(Math.abs(t[0]!), Math.abs(t[t.length - 1]!), scale)) / scale
          return (
            // the ends may miss the range by the 1e-9 of a step that rounding allows
            t[t.length - 1]! >= hi - 1e-9 * step &&
            t[0]! <= lo + 1e-9 * step &&
            t.length >= 2 &&
            t.length <= 12 &&
            [1, 2, 5, 10].some((m) => Math.abs(mantissa - m) <= tolerance)
          )
        }
      )
    )
  })
})

describe('lineChart', () => {
  it('escapes text, so that a title cannot break the document', () => {
    const svg = _.lineChart(
      chart([
        [1, 1],
        [2, 0.5]
      ])
    )
    expect(svg).toContain('Loss &lt;by&gt; epoch &amp; &quot;more&quot;')
    expect(svg).not.toContain('<by>')
  })

  it('draws one polyline point per finite point, inside the plot area', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true })),
          {
            minLength: 1,
            maxLength: 40
          }
        ),
        (points) => {
          const svg = _.lineChart(chart(points))
          const drawn = numbersIn(svg, 'points')
          const xs = drawn.filter((_, i) => i % 2 === 0)
          const ys = drawn.filter((_, i) => i % 2 === 1)
          return (
            drawn.length === 2 * points.length &&
            xs.every((x) => x >= 64 - 0.01 && x <= 640 - 16 + 0.01) &&
            ys.every((y) => y >= 36 - 0.01 && y <= 360 - 48 + 0.01)
          )
        }
      )
    )
  })

  it('leaves out non-finite points rather than drawing to infinity', () => {
    const svg = _.lineChart(
      chart([
        [1, 1],
        [2, Number.NaN],
        [3, Number.POSITIVE_INFINITY],
        [4, 0.25]
      ])
    )
    expect(numbersIn(svg, 'points')).toHaveLength(4)
    expect(svg).not.toMatch(/NaN|Infinity/)
  })

  it('draws lower values lower on the page', () => {
    const ys = numbersIn(
      _.lineChart(
        chart([
          [1, 2],
          [2, 1]
        ])
      ),
      'points'
    ).filter((_, i) => i % 2 === 1)
    expect(ys[0]!).toBeLessThan(ys[1]!)
  })

  it('is one well-formed svg element whose tags balance', () => {
    const svg = _.lineChart(
      chart([
        [1, 1],
        [2, 0.5],
        [3, 0.2]
      ])
    )
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    const opened = [...svg.matchAll(/<(\w+)[^>]*?(\/?)>/g)].filter((m) => m[2] !== '/').map((m) => m[1])
    const closed = [...svg.matchAll(/<\/(\w+)>/g)].map((m) => m[1])
    expect(opened.sort()).toEqual(closed.sort())
  })
})
