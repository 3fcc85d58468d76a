// The engine fingerprint: fixed trainings and the elementary functions over fixed arguments,
// each reduced to a hash of its bits. Bundled by scripts/fingerprint/run.ts into one ES module
// that Node, Bun, Chromium and Firefox each run; the same hashes everywhere mean the same bits.
//
//   three-two-three/{batch,stochastic,mini-batch}  the founding text's 3-2-3 network (sigmoid,
//       no biases, ½Σ(ŷ − y)²) on the bundled three-class data, 300 epochs of each descent, the
//       stochastic and mini-batch ones shuffled by the key;
//   iris/adam+schedule  4-16-3 (tanh hidden layer), softmax cross-entropy from the logits, Adam
//       with an exponentially decaying learning rate, shuffled mini-batches of 16, 100 epochs;
//   w1/one-epoch  784-128-10 relu, softmax cross-entropy, SGD, batch 64, one epoch over 512
//       synthetic samples (the benchmark's W1): the matrix products run in the wasm kernel;
//   elementary/<name>  each portable elementary function at 10^5 fixed arguments.
import * as E from 'fp-ts/lib/Either.js'
import { Data, NN, Optim, Random, Tensor, Train } from '../../src/index.js'
import { fingerprint, hashDoubles, names } from '../../laws/elementaryFingerprint.js'

/** Every double of a parameter record, leaves in key order. */
const leaves = (tree: unknown): ReadonlyArray<number> =>
  typeof tree === 'number'
    ? [tree]
    : Tensor.isTensor(tree)
      ? Array.from(tree.data)
      : Object.keys(tree as object)
          .sort()
          .flatMap((k) => leaves((tree as Record<string, unknown>)[k]))

const hashOf = (tree: unknown): string => hashDoubles(Float64Array.from(leaves(tree)))

const orThrow = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

/** The founding network, 300 epochs of one descent from key 0's weights. */
const threeTwoThree = (batching: E.Either<Data.DataError, Data.Batching>, lr: number): string => {
  const [initKey, runKey] = Random.split2(orThrow(Random.key(0)))
  const result = orThrow(
    Train.fit({
      model: { forward: NN.threeTwoThreeMlp.forward, loss: (y) => NN.halfSumSquares(y) },
      optimizer: orThrow(Optim.sgd(lr)),
      batching: orThrow(batching),
      maxEpochs: 300
    })(orThrow(NN.threeTwoThreeMlp.init(initKey)), runKey, Data.threeClass)
  )
  return hashOf(result.state.params)
}

/** Iris, 4-16-3, Adam with an exponentially decaying rate, 100 epochs. */
const iris = (): string => {
  const [initKey, runKey] = Random.split2(orThrow(Random.key(1)))
  const net = orThrow(NN.mlp({ sizes: [4, 16, 3], activations: ['tanh', 'identity'] }))
  const schedule = orThrow(Optim.exponentialDecay({ init: 0.01, decayRate: 0.97, transitionSteps: 10 }))
  const result = orThrow(
    Train.fit({
      model: { forward: net.forward, loss: (y) => NN.softmaxCrossEntropy(y) },
      optimizer: orThrow(Optim.adam({ lr: schedule })),
      batching: orThrow(Data.miniBatch(16, { shuffle: true })),
      maxEpochs: 100
    })(orThrow(net.init(initKey)), runKey, Data.iris)
  )
  return hashOf(result.state.params)
}

/** The benchmark's W1: 512 synthetic samples labelled by a random linear teacher, one epoch. */
const w1 = (): string => {
  const [kx, kt, kInit, kRun] = orThrow(Random.split(4)(orThrow(Random.key(784))))
  const x = orThrow(Random.uniform([512, 784])(kx!))
  const scores = orThrow(Tensor.matmul(orThrow(Random.normal([784, 10])(kt!)))(x))
  const labels = Array.from({ length: 512 }, (_, i) => {
    let best = 0
    for (let j = 1; j < 10; j++) if (scores.data[i * 10 + j]! > scores.data[i * 10 + best]!) best = j
    return best
  })
  const data = orThrow(Data.fromLabels(10)(x, labels))
  const net = orThrow(NN.mlp({ sizes: [784, 128, 10], activations: ['relu', 'identity'], init: 'heUniform' }))
  const result = orThrow(
    Train.fit({
      model: { forward: net.forward, loss: (y) => NN.softmaxCrossEntropy(y) },
      optimizer: orThrow(Optim.sgd(0.01)),
      batching: orThrow(Data.miniBatch(64)),
      maxEpochs: 1
    })(orThrow(net.init(kInit!)), kRun!, data)
  )
  return hashOf(result.state.params)
}

/** All the fingerprints, by name. */
export const fingerprints = (): Readonly<Record<string, string>> => ({
  'three-two-three/batch': threeTwoThree(E.right(Data.fullBatch()), 2),
  'three-two-three/stochastic': threeTwoThree(E.right(Data.stochastic({ shuffle: true })), 0.5),
  'three-two-three/mini-batch': threeTwoThree(Data.miniBatch(6, { shuffle: true }), 1),
  'iris/adam+schedule': iris(),
  'w1/one-epoch': w1(),
  ...Object.fromEntries(names.map((n) => [`elementary/${n}`, fingerprint(n, 100_000)]))
})
