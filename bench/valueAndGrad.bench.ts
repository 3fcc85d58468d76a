// The cost of `valueAndGrad`, per call and per recorded op, against the forward pass alone
// (`AD.value` / `AD.evaluate`, which keeps no tape), on the founding text's 3-2-3 network (written
// weight by weight, and as an mlp) and on a 784-128-10 MLP (relu, softmax cross-entropy) with a
// batch of 64; @tensorflow/tfjs (cpu backend, float32) runs the 784-128-10 step beside it.
//
// Run: npm run bench:ad   (a plain script, not a test: it prints a table and exits 0)
import * as tf from '@tensorflow/tfjs'
import { pipe } from 'fp-ts/lib/function.js'
import * as AD from '../src/ad/index.js'
import { emptyTape, leaf } from '../src/ad/tape.js'
import * as NN from '../src/nn/index.js'
import * as Random from '../src/random/index.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import { leaves, unsafeRebuild, type Leaf } from '../src/tree/Tree.js'
import { orFail, time } from './timing.js'
import * as Advanced from '../src/advanced.js'

/** How many ops `f` records on a tape at `params` (parameter leaves not counted). */
const opsOf = <P extends Advanced.AD.Params>(f: (p: AD.Traced<P>) => AD.Var, params: P): number => {
  const tape = emptyTape()
  const entries = leaves(params)
  const vars = entries.map((e) =>
    leaf(tape, typeof e.leaf === 'number' ? unsafeMake([], Float64Array.of(e.leaf)) : e.leaf)
  )
  f(unsafeRebuild(params, vars as unknown as ReadonlyArray<Leaf>) as unknown as AD.Traced<P>)
  return tape.nodes.length - entries.length
}

interface Row {
  readonly name: string
  readonly ops: number
  readonly forward: number
  readonly valueAndGrad: number
}

const measure = <P extends Advanced.AD.Params>(
  name: string,
  f: (p: AD.Traced<P>) => AD.Var,
  params: P,
  minMs: number
): Row => ({
  name,
  ops: opsOf(f, params),
  forward: time(() => orFail(AD.value(f)(params)), minMs),
  valueAndGrad: time(() => orFail(AD.valueAndGrad(f)(params)), minMs)
})

const us = (ms: number): string => `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`

const print = (rows: ReadonlyArray<Row>): void => {
  console.log(
    '| workload | ops | forward (value) | valueAndGrad | valueAndGrad / forward | per op (valueAndGrad) | backward per op |'
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  for (const r of rows) {
    const cells = [
      r.name,
      String(r.ops),
      us(r.forward),
      us(r.valueAndGrad),
      `${(r.valueAndGrad / r.forward).toFixed(2)}×`,
      us(r.valueAndGrad / r.ops),
      us((r.valueAndGrad - r.forward) / r.ops)
    ]
    console.log(`| ${cells.join(' | ')} |`)
  }
}

// -------------------------------------------------------------------------------------
// the 3-2-3 network
// -------------------------------------------------------------------------------------

const w323: NN.ThreeTwoThree = {
  w1: 0.1,
  w2: -0.2,
  w3: 0.3,
  w4: 0.4,
  w5: -0.5,
  w6: 0.6,
  w7: 0.7,
  w8: -0.8,
  w9: 0.9,
  w10: 1,
  w11: -1.1,
  w12: 1.2
}
const x323: Advanced.NN.Triple = [0.5, -1, 2]
const y323: Advanced.NN.Triple = [0, 1, 0]
const x323t = unsafeMake([1, 3], Float64Array.from(x323))
const y323t = unsafeMake([1, 3], Float64Array.from(y323))
const mlp323: NN.MlpParams = ((): NN.MlpParams => {
  const p = Advanced.NN.threeTwoThreeToMlp(w323)
  if (p._tag === 'Left') throw new Error(p.left.message)
  return p.right
})()

const recordLoss = NN.threeTwoThreeLoss(x323, y323)
const mlpLoss = (p: AD.Traced<NN.MlpParams>) => pipe(x323t, NN.threeTwoThreeMlp.forward(p), NN.halfSumSquares(y323t))
const emptyCall = (p: AD.Traced<NN.ThreeTwoThree>) => AD.addScalar(0)(p.w1)

// -------------------------------------------------------------------------------------
// 784-128-10, batch 64
// -------------------------------------------------------------------------------------

const [kInit, kData] = Random.split2(orFail(Random.key(2015)))
const spec = orFail(NN.mlp({ sizes: [784, 128, 10], activations: ['relu', 'identity'], init: 'heUniform' }))
const params = orFail(spec.init(kInit))
const x: Tensor = orFail(Random.uniform([64, 784])(kData))
const y: Tensor = unsafeMake(
  [64, 10],
  Float64Array.from({ length: 640 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0))
)
const bigLoss = (p: AD.Traced<NN.MlpParams>) => pipe(x, spec.forward(p), NN.softmaxCrossEntropy(y))
const bigUnfused = (p: AD.Traced<NN.MlpParams>) =>
  pipe(
    x,
    AD.matmul(p[0]!.w),
    AD.addRow(p[0]!.b!),
    AD.relu,
    AD.matmul(p[1]!.w),
    AD.addRow(p[1]!.b!),
    AD.logSoftmax,
    AD.mul(y),
    AD.sum,
    AD.neg,
    AD.scale(1 / 64)
  )

const tfStep = (): (() => unknown) => {
  const vars = params.flatMap((l) => [
    tf.variable(tf.tensor(Array.from(l.w.data), [...l.w.shape])),
    tf.variable(tf.tensor(Array.from(l.b!.data), [...l.b!.shape]))
  ])
  const tx = tf.tensor(Array.from(x.data), [64, 784])
  const ty = tf.tensor(Array.from(y.data), [64, 10])
  const f = (): tf.Scalar => {
    const h = tf.relu(tf.add(tf.matMul(tx, vars[0]!), vars[1]!))
    return tf.losses.softmaxCrossEntropy(ty, tf.add(tf.matMul(h, vars[2]!), vars[3]!))
  }
  return () => {
    const { value, grads } = tf.variableGrads(f)
    value.dataSync()
    tf.dispose([value, ...Object.values(grads)])
  }
}

const main = async (): Promise<void> => {
  console.log(`gradfold valueAndGrad benchmark — node ${process.version}, ${process.arch}`)
  const rows = [
    measure('3-2-3, record of 12 numbers (weight by weight)', recordLoss, w323, 1400),
    measure('3-2-3, mlp (fused dense+sigmoid)', mlpLoss, mlp323, 1400),
    measure('one op on the 12-number record (per-call cost)', emptyCall, w323, 1400),
    measure('784-128-10 mlp, batch 64, fused', bigLoss, params, 4200),
    measure('784-128-10, batch 64, unfused ops', bigUnfused, params, 4200)
  ]
  print(rows)
  await tf.setBackend('cpu')
  const warn = console.warn
  console.warn = () => undefined
  const step = tfStep()
  console.warn = warn
  const tfMs = time(step, 4200)
  const ours = rows[3]!.valueAndGrad
  console.log(
    `\n784-128-10, batch 64, value and gradients: gradfold ${us(ours)} (float64), tfjs cpu ${us(tfMs)} (float32): tfjs / gradfold ${(tfMs / ours).toFixed(2)}× (above 1× = gradfold faster)`
  )
}

void main()
