// The founding text's information theory on numbers: the cross-entropy H(p, q) = −Σ p log₂ q
// of a true distribution p and a prediction q falls as q nears p, and is smallest, equal to the
// entropy H(p), at q = p; what separates the two is the divergence KL(p‖q), so that
// H(p, q) = H(p) + KL(p‖q). Run with `npx tsx examples/information.ts`.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { NN } from '../src/index.js'

const { crossEntropy, entropy, klDivergence } = NN.Information
const bits = { base: 2 } as const

// the true distribution of a 3-class sample (the text's y is one-hot; a softer one shows more)
const p = [0.7, 0.2, 0.1]
const uniform = [1 / 3, 1 / 3, 1 / 3]
// predictions on the way from knowing nothing (uniform) to the truth: q(t) = (1 − t)·uniform + t·p
const ts = [0, 0.25, 0.5, 0.75, 0.9, 1]
const along = (t: number): ReadonlyArray<number> => uniform.map((u, i) => (1 - t) * u + t * p[i]!)

const rows = pipe(
  ts,
  E.traverseArray((t) =>
    pipe(
      E.Do,
      E.apS('q', E.right(along(t))),
      E.bind('cross', ({ q }) => crossEntropy(p, bits)(q)),
      E.bind('kl', ({ q }) => klDivergence(p, bits)(q)),
      E.map((r) => ({ t, ...r }))
    )
  )
)

const f = (v: number): string => v.toFixed(6)

pipe(
  E.Do,
  E.apS('rows', rows),
  E.apS('h', entropy(bits)(p)),
  E.apS('oneHot', crossEntropy([1, 0, 0], bits)([0.5, 0.5, 0])),
  E.match(
    (e) => {
      console.error(`information failed: ${e.message}`)
      process.exitCode = 1
    },
    ({ rows, h, oneHot }) => {
      console.log(`p = (${p.join(', ')}), entropy H(p) = ${f(h)} bits\n`)
      console.log('t      q = (1 − t)·uniform + t·p        H(p, q)    KL(p‖q)    H(p) + KL(p‖q)')
      for (const r of rows) {
        const q = `(${r.q.map((x) => x.toFixed(4)).join(', ')})`
        console.log(`${r.t.toFixed(2)}   ${q.padEnd(28)}  ${f(r.cross)}   ${f(r.kl)}   ${f(h + r.kl)}`)
      }
      const falling = rows.every((r, i) => i === 0 || r.cross < rows[i - 1]!.cross)
      const identity = Math.max(...rows.map((r) => Math.abs(r.cross - (h + r.kl))))
      console.log(`\ncross-entropy falls at every step towards p: ${falling ? 'yes' : 'no'}`)
      console.log(
        `at q = p: H(p, q) = ${f(rows[rows.length - 1]!.cross)} = H(p), KL(p‖p) = ${rows[rows.length - 1]!.kl}`
      )
      console.log(`largest |H(p, q) − (H(p) + KL(p‖q))| above: ${identity.toExponential(1)}`)
      console.log(`\none-hot y = (1, 0, 0), ŷ = (0.5, 0.5, 0): H(y, ŷ) = ${oneHot} bit (0 · log 0 counts as 0)`)
    }
  )
)
