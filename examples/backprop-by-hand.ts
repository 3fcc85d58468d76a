// One step of backpropagation through the founding text's 3-2-3 network, shown twice: by the
// chain rule written out as the text derives it, and by gradfold's AD. The numbers can be
// checked by hand. Run with `npx tsx examples/backprop-by-hand.ts`.
//
//   h1 = σ(w1·x1 + w3·x2 + w5·x3)        ŷ1 = σ(w7·h1 + w10·h2)
//   h2 = σ(w2·x1 + w4·x2 + w6·x3)        ŷ2 = σ(w8·h1 + w11·h2)
//                                        ŷ3 = σ(w9·h1 + w12·h2)
//   L = ½ Σ (ŷi − yi)²
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { AD, NN } from '../src/index.js'
import * as Advanced from '../src/advanced.js'

const w: NN.ThreeTwoThree = {
  w1: 0.1,
  w2: 0.2,
  w3: 0.3,
  w4: 0.4,
  w5: 0.5,
  w6: 0.6,
  w7: 0.7,
  w8: 0.8,
  w9: 0.9,
  w10: 1.0,
  w11: 1.1,
  w12: 1.2
}
const x: Advanced.NN.Triple = [1, 0.5, -1]
const y: Advanced.NN.Triple = [1, 0, 0]
const eta = 0.5

const σ = (z: number): number => 1 / (1 + Math.exp(-z))
const f = (v: number): string => v.toFixed(6)

// forward, by hand
const h1 = σ(w.w1 * x[0] + w.w3 * x[1] + w.w5 * x[2])
const h2 = σ(w.w2 * x[0] + w.w4 * x[1] + w.w6 * x[2])
const out = [σ(w.w7 * h1 + w.w10 * h2), σ(w.w8 * h1 + w.w11 * h2), σ(w.w9 * h1 + w.w12 * h2)] as const
const loss = 0.5 * out.reduce((s, o, i) => s + (o - y[i]!) ** 2, 0)

// backward, by the chain rule: the output deltas δi = (ŷi − yi)·ŷi(1 − ŷi), then the hidden ones
const δ = out.map((o, i) => (o - y[i]!) * o * (1 - o))
const δh1 = (δ[0]! * w.w7 + δ[1]! * w.w8 + δ[2]! * w.w9) * h1 * (1 - h1)
const δh2 = (δ[0]! * w.w10 + δ[1]! * w.w11 + δ[2]! * w.w12) * h2 * (1 - h2)
const byHand: NN.ThreeTwoThree = {
  w1: δh1 * x[0],
  w2: δh2 * x[0],
  w3: δh1 * x[1],
  w4: δh2 * x[1],
  w5: δh1 * x[2],
  w6: δh2 * x[2],
  w7: δ[0]! * h1,
  w8: δ[1]! * h1,
  w9: δ[2]! * h1,
  w10: δ[0]! * h2,
  w11: δ[1]! * h2,
  w12: δ[2]! * h2
}

console.log(`forward:  h1 = ${f(h1)}  h2 = ${f(h2)}  ŷ = (${out.map(f).join(', ')})  L = ${f(loss)}`)
console.log(
  `∂L/∂w7 = (ŷ1 − y1)·ŷ1(1 − ŷ1)·h1 = (${f(out[0] - y[0])})·${f(out[0])}·${f(1 - out[0])}·${f(h1)} = ${f(byHand.w7)}`
)

pipe(
  AD.valueAndGrad(NN.threeTwoThreeLoss(x, y))(w),
  E.match(
    (e) => {
      console.error(`error: ${e.message}`)
      process.exitCode = 1
    },
    ({ value, grad }) => {
      console.log(`\nweight   chain rule    AD            w − η·∂L/∂w   (η = ${eta})`)
      for (const k of Object.keys(byHand) as Array<keyof NN.ThreeTwoThree>) {
        console.log(
          `${k.padEnd(6)} ${f(byHand[k]).padStart(11)}  ${f(grad[k]).padStart(11)}  ${f(w[k] - eta * grad[k]).padStart(13)}`
        )
      }
      const worst = Math.max(
        ...(Object.keys(byHand) as Array<keyof NN.ThreeTwoThree>).map((k) => Math.abs(byHand[k] - grad[k]))
      )
      console.log(`\nAD's loss ${f(value)}; largest difference between the two gradients: ${worst.toExponential(1)}`)
    }
  )
)
