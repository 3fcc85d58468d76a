// gradfold beside @tensorflow/tfjs, in the same run, on the same workloads:
//   (a) one training step (forward, loss, gradient, SGD update) of the founding text's 3-2-3
//       sigmoid network, no biases, loss ½Σ(ŷ − y)² averaged over a batch of 30 (the bundled
//       3-class data set);
//   (b) one training step of a 784-128-10 MLP (relu, then softmax cross-entropy from the logits,
//       averaged over the batch) on a batch of 64;
//   (c) a plain 256×256 by 256×256 matrix product.
// tfjs runs each on its cpu backend (plain JavaScript) and its wasm backend (WebAssembly, SIMD
// when the machine has it; its .wasm files load from node_modules, no network). gradfold computes
// in float64, tfjs in float32. Both sides start from the same weights, and the losses of the
// first step are printed side by side to show they compute the same thing.
//
// Each time is the fastest of 7 rounds after a warm-up; the ratio is tfjs time / gradfold time,
// so a ratio above 1 means gradfold is faster.
//
// Under tsx (Node's module hooks), V8 gives up its assumption that no ArrayBuffer is ever
// detached (`node --trace-protector-invalidation` shows "ArrayBufferDetaching"), so optimized
// loops over typed arrays, gradfold's and tfjs cpu's alike, may check every access: here the
// 256² product takes 19–21 ms against 15 ms in a plain `node` run of the compiled
// library (`npm run build`). The wasm backend computes in its own memory and does not notice.
//
// Run: npm run bench:tfjs   (a plain script, not a test: it prints a table and exits 0)
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { Data, NN, Optim, Random, Tensor, Train } from '../src/index.js'
import * as Advanced from '../src/advanced.js'
import { orFail, time } from './timing.js'

// -------------------------------------------------------------------------------------
// the workloads, on gradfold's side
// -------------------------------------------------------------------------------------

/** A repeatable step: `run` advances its own training state; `firstLoss` is the loss before any step. */
interface Workload {
  readonly run: () => unknown
  readonly firstLoss: number
}

/** A training step of `spec` on `batch`, with plain SGD. */
const trainingStep = (
  spec: NN.Mlp,
  params: NN.MlpParams,
  loss: Train.Model<NN.MlpParams>['loss'],
  lr: number,
  batch: Data.Dataset
): Workload => {
  const optimizer = orFail(Optim.sgd(lr))
  const step = Advanced.Train.stepReport({ forward: spec.forward, loss }, optimizer)
  let state = Train.initialState(optimizer)(params, orFail(Random.key(0)))
  const firstLoss = orFail(step(state, batch)).loss
  return {
    run: () => {
      state = orFail(step(state, batch)).state
    },
    firstLoss
  }
}

const [kSmall, kBig, kData, kMatrix] = orFail(Random.split(4)(orFail(Random.key(2025))))

const small = {
  spec: NN.threeTwoThreeMlp,
  params: orFail(NN.threeTwoThreeMlp.init(kSmall!)),
  batch: Data.threeClass,
  lr: 0.5
}

const bigSpec = orFail(NN.mlp({ sizes: [784, 128, 10], activations: ['relu', 'identity'], init: 'heUniform' }))
const big = {
  spec: bigSpec,
  params: orFail(bigSpec.init(kBig!)),
  batch: orFail(
    Data.make(
      orFail(Random.uniform([64, 784])(kData!)),
      orFail(
        Tensor.fromArray([64, 10])(Array.from({ length: 640 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)))
      )
    )
  ),
  lr: 0.01
}

const [ka, kb] = Random.split2(kMatrix!)
const ma = orFail(Random.uniform([256, 256])(ka))
const mb = orFail(Random.uniform([256, 256])(kb))

// -------------------------------------------------------------------------------------
// the same workloads in tfjs
// -------------------------------------------------------------------------------------

const tensorOf = (t: Tensor.Tensor): tf.Tensor => tf.tensor(Array.from(t.data), [...t.shape])

/** A tfjs training step on the same layers, weights and batch: `minimize` with SGD. */
const tfTrainingStep = (
  params: NN.MlpParams,
  batch: Data.Dataset,
  lr: number,
  forward: (x: tf.Tensor, vars: ReadonlyArray<tf.Variable>) => tf.Tensor,
  loss: (y: tf.Tensor, out: tf.Tensor) => tf.Scalar
): Workload & { readonly dispose: () => void } => {
  const variable = (t: Tensor.Tensor): tf.Variable => tf.tidy(() => tf.variable(tensorOf(t))) // tidy frees the initial value
  const vars = params.flatMap((l) => [variable(l.w), ...(l.b === undefined ? [] : [variable(l.b)])])
  const x = tensorOf(batch.inputs)
  const y = tensorOf(batch.targets)
  const optimizer = tf.train.sgd(lr)
  const once = (): number => {
    const cost = optimizer.minimize(() => loss(y, forward(x, vars)), true)!
    const value = cost.dataSync()[0]!
    cost.dispose()
    return value
  }
  return {
    firstLoss: once(),
    run: once,
    dispose: () => {
      tf.dispose([...vars, x, y])
      optimizer.dispose()
    }
  }
}

const tfSmall = (): ReturnType<typeof tfTrainingStep> =>
  tfTrainingStep(
    small.params,
    small.batch,
    small.lr,
    (x, [w1, w2]) => tf.sigmoid(tf.matMul(tf.sigmoid(tf.matMul(x, w1!)), w2!)), // no biases: the 3-2-3 network has none
    (y, out) => tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(out, y)))), out.shape[0]!)
  )

const tfBig = (): ReturnType<typeof tfTrainingStep> =>
  tfTrainingStep(
    big.params,
    big.batch,
    big.lr,
    (x, [w1, b1, w2, b2]) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1!), b1!)), w2!), b2!),
    (y, logits) => tf.losses.softmaxCrossEntropy(y, logits)
  )

const tfMatmul = (): Workload & { readonly dispose: () => void } => {
  const a = tensorOf(ma)
  const b = tensorOf(mb)
  const once = (): number => {
    const c = tf.matMul(a, b)
    const first = c.dataSync()[0]!
    c.dispose()
    return first
  }
  return { firstLoss: Number.NaN, run: once, dispose: () => tf.dispose([a, b]) }
}

// -------------------------------------------------------------------------------------
// measuring and printing
// -------------------------------------------------------------------------------------

interface Case {
  readonly name: string
  readonly minMs: number
  readonly ours: () => Workload
  readonly theirs: () => Workload & { readonly dispose: () => void }
}

const cases: ReadonlyArray<Case> = [
  {
    name: '(a) 3-2-3 sigmoid, one SGD step, batch 30',
    minMs: 1400,
    ours: () => trainingStep(small.spec, small.params, (y) => NN.halfSumSquares(y), small.lr, small.batch),
    theirs: tfSmall
  },
  {
    name: '(b) 784-128-10 relu/softmax-CE, one SGD step, batch 64',
    minMs: 4200,
    ours: () => trainingStep(big.spec, big.params, (y) => NN.softmaxCrossEntropy(y), big.lr, big.batch),
    theirs: tfBig
  },
  {
    name: '(c) matmul 256×256 · 256×256',
    minMs: 2800,
    ours: () => ({ run: () => orFail(Tensor.matmul(mb)(ma)), firstLoss: Number.NaN }),
    theirs: tfMatmul
  }
]

const backends = ['cpu', 'wasm'] as const

const us = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`)

/** Selects a tfjs backend; the wasm one loads its .wasm files from the installed package. */
const useBackend = async (name: (typeof backends)[number]): Promise<boolean> => {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url)
    setWasmPaths(
      `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}${path.sep}dist${path.sep}`
    )
  }
  return tf.setBackend(name)
}

const main = async (): Promise<void> => {
  const cpu = os.cpus()
  console.log(
    `gradfold vs @tensorflow/tfjs ${tf.version.tfjs} — node ${process.version}, ${os.platform()} ${process.arch}, ${cpu[0]?.model ?? 'unknown cpu'} (${cpu.length} logical cores)`
  )
  const warn = console.warn
  console.warn = () => undefined // tfjs suggests installing tfjs-node; that is not what is measured here

  const ours = cases.map((c) => {
    const w = c.ours()
    return { firstLoss: w.firstLoss, ms: time(w.run, c.minMs) }
  })
  const theirs: Record<string, Array<{ readonly firstLoss: number; readonly ms: number } | undefined>> = {}
  const notes: Array<string> = []
  for (const backend of backends) {
    const ready = await useBackend(backend).catch((e: unknown) => {
      notes.push(`tfjs ${backend}: ${String(e)}`)
      return false
    })
    theirs[backend] = cases.map((c) => {
      if (!ready) return undefined
      const before = tf.memory().numTensors
      const w = c.theirs()
      const result = { firstLoss: w.firstLoss, ms: time(w.run, c.minMs) }
      w.dispose()
      const leaked = tf.memory().numTensors - before
      if (leaked !== 0) notes.push(`tfjs ${backend}, ${c.name}: ${leaked} tensors left behind`)
      return result
    })
    if (ready && backend === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')
      notes.push(`tfjs wasm: SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}`)
    }
  }
  console.warn = warn

  const ratio = (i: number, backend: string): string => {
    const t = theirs[backend]?.[i]
    return t === undefined ? 'n/a' : `${(t.ms / ours[i]!.ms).toFixed(2)}×`
  }
  const timeOf = (i: number, backend: string): string => {
    const t = theirs[backend]?.[i]
    return t === undefined ? 'n/a' : us(t.ms)
  }
  console.log(
    '\n| workload | gradfold (float64) | tfjs cpu (float32) | cpu / gradfold | tfjs wasm (float32) | wasm / gradfold |'
  )
  console.log('| --- | --- | --- | --- | --- | --- |')
  cases.forEach((c, i) => {
    console.log(
      `| ${c.name} | ${us(ours[i]!.ms)} | ${timeOf(i, 'cpu')} | ${ratio(i, 'cpu')} | ${timeOf(i, 'wasm')} | ${ratio(i, 'wasm')} |`
    )
  })
  console.log('\nLoss before the first step (the same weights and batch on each side):')
  cases.forEach((c, i) => {
    if (Number.isNaN(ours[i]!.firstLoss)) return
    const others = backends.map((b) => `tfjs ${b} ${theirs[b]?.[i]?.firstLoss.toPrecision(7) ?? 'n/a'}`).join(', ')
    console.log(`  ${c.name}: gradfold ${ours[i]!.firstLoss.toPrecision(7)}, ${others}`)
  })
  console.log('\nA ratio above 1× means gradfold is faster.')
  for (const note of notes) console.log(note)
}

void main()
