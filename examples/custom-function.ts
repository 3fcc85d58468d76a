// Differentiating a function you write yourself: a model that is not an MLP, an exponential
// decay ŷ = a·e^(−b·x) + c with three scalar parameters, and a robust loss, Huber's, which
// needs |r| and min among the differentiable ops:
//
//   huber_δ(r) = ½·m² + δ·(|r| − m)   with m = min(|r|, δ)
//
// (½r² for small residuals, δ·(|r| − ½δ) for large ones, so an outlier pulls linearly, not
// quadratically). AD.checkGrad compares AD's gradient with the text's limit definition, then
// gradient descent fits the model to data with one outlier, under Huber and under MSE.
// Run with `npx tsx examples/custom-function.ts`; `--steps N` for fewer steps (default 3000).
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { AD, Data, NN, Optim, Random, Tensor, Train } from '../src/index.js'

type Decay = { readonly a: number; readonly b: number; readonly c: number }

/** ŷ = a·e^(−b·x) + c for a batch x `[n, 1]`. */
const decay =
  (p: AD.Traced<Decay>) =>
  (x: AD.Operand): AD.Var =>
    pipe(x, AD.mul(p.b), AD.neg, AD.exp, AD.mul(p.a), AD.add(p.c))

/** Huber's loss with threshold δ, the mean over the batch. */
const huber =
  (delta: number) =>
  (y: Tensor.Tensor) =>
  (yHat: AD.Operand): AD.Var => {
    const r = AD.abs(AD.sub(y)(yHat))
    const m = pipe(r, AD.minimum(delta))
    return pipe(AD.square(m), AD.scale(0.5), AD.add(pipe(r, AD.sub(m), AD.scale(delta))), AD.mean)
  }

const steps: E.Either<Error, number> = E.tryCatch(
  () => Number(parseArgs({ options: { steps: { type: 'string', default: '3000' } } }).values.steps),
  (e) => (e instanceof Error ? e : new Error(String(e)))
)

// 12 samples of 2·e^(−0.8x) + 0.5, exactly, except one outlier at x = 3
const truth: Decay = { a: 2, b: 0.8, c: 0.5 }
const xs = Array.from({ length: 12 }, (_, i) => i * 0.5)
const ys = xs.map((x) => (x === 3 ? 4 : truth.a * Math.exp(-truth.b * x) + truth.c))

const fitWith = (loss: (y: Tensor.Tensor) => (yHat: AD.Operand) => AD.Var, n: number, data: Data.Dataset) =>
  pipe(
    E.Do,
    E.apSW('sgd', Optim.sgd(0.5)),
    E.apSW('key', Random.key(0)),
    E.chainW(({ sgd, key }) =>
      Train.fit({ model: { forward: decay, loss }, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: n })(
        { a: 1, b: 1, c: 0 },
        key,
        data
      )
    ),
    E.map((r) => r.state.params)
  )

const show = (p: Decay): string => `a = ${p.a.toFixed(3)}, b = ${p.b.toFixed(3)}, c = ${p.c.toFixed(3)}`

pipe(
  E.Do,
  E.apSW('n', steps),
  E.apSW(
    'data',
    Data.fromRows(
      xs.map((x) => [x]),
      ys.map((y) => [y])
    )
  ),
  E.bindW('check', ({ data }) =>
    AD.checkGrad((p: AD.Traced<Decay>) => pipe(data.inputs, decay(p), huber(1)(data.targets)))({
      a: 1.4,
      b: 0.6,
      c: 0.2
    })
  ),
  E.bindW('robust', ({ n, data }) => fitWith(huber(1), n, data)),
  E.bindW('squares', ({ n, data }) => fitWith((y) => NN.mse(y), n, data)),
  E.match(
    (e) => {
      console.error(`custom-function failed: ${e.message}`)
      process.exitCode = 1
    },
    ({ check, robust, squares, n }) => {
      console.log(`checkGrad on the Huber loss of the decay model: ${check.checked} partial derivatives,`)
      console.log(`largest relative difference from central differences ${check.maxRelativeError.toExponential(1)}`)
      console.log(`\ntrue curve:           ${show(truth)} (one sample moved to 4 at x = 3)`)
      console.log(`fitted under Huber:   ${show(robust)}  (${n} steps of sgd(0.5))`)
      console.log(`fitted under MSE:     ${show(squares)}`)
      const off = (p: Decay): number =>
        Math.max(Math.abs(p.a - truth.a), Math.abs(p.b - truth.b), Math.abs(p.c - truth.c))
      console.log(`\nlargest parameter error: Huber ${off(robust).toFixed(3)}, MSE ${off(squares).toFixed(3)}`)
    }
  )
)
