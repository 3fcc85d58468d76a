// The first thing to try: a pure function of a parameter record, its value and its gradient.
// Run with `npx tsx examples/first-gradient.ts`.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { AD } from '../src/index.js'

type Params = { readonly w: number; readonly b: number }

// The squared error of a one-weight model y = w·x + b on the sample x = 2, y = 7.
const loss = (p: AD.Traced<Params>): AD.Var => pipe(p.w, AD.mul(2), AD.add(p.b), AD.sub(7), AD.square)

pipe(
  AD.valueAndGrad(loss)({ w: 1, b: 0.5 }),
  E.match(
    (error) => console.error(`error: ${error.message}`),
    ({ value, grad }) => {
      // (2·1 + 0.5 − 7)² = 20.25; ∂/∂w = 2·(−4.5)·2 = −18; ∂/∂b = 2·(−4.5) = −9
      console.log(`loss ${value}`)
      console.log(`∂loss/∂w ${grad.w}, ∂loss/∂b ${grad.b}`)
    }
  )
)
