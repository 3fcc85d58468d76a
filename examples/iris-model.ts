// A whole model, from a CSV file to predictions in another process: Iris is read from
// examples/data/iris.csv, split 70/30 (stratified), standardised, trained with Adam, and saved
// with one call as one JSON file; a second process loads it with one call, with nothing else in
// hand, and names the species of raw, unstandardised flowers.
// Run with `npx tsx examples/iris-model.ts` (the second process is this file, with `predict`).
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Data, NN, Optim, Random, Train } from '../src/index.js'
import * as Node from '../src/node/index.js'

const train = (iris: Data.Dataset) =>
  pipe(
    E.Do,
    E.apS('key', Random.key(0)),
    E.bindW('split', ({ key }) => Data.trainTestSplit({ testFraction: 0.3, stratify: true })(iris, key)),
    E.bindW('scaled', ({ split }) => Data.standardizeSplit(split)),
    E.apSW('net', NN.mlp({ sizes: [4, 8, 3], activations: ['tanh', 'identity'] })),
    E.bindW('params', ({ net, key }) => net.init(key)),
    E.apSW('optimizer', Optim.adam({ lr: 0.01 })),
    E.apSW('batching', Data.miniBatch(16, { shuffle: true })),
    E.bindW('result', ({ net, params, key, optimizer, batching, scaled }) =>
      Train.fit({
        model: { forward: net.forward, loss: NN.lossByName('softmaxCrossEntropy') },
        optimizer,
        batching,
        maxEpochs: 60,
        validation: scaled.test
      })(params, key, scaled.train)
    ),
    E.chainW(({ net, result, scaled }) =>
      Train.modelFile({
        net,
        loss: 'softmaxCrossEntropy',
        params: result.state.params,
        standardizer: scaled.standardizer,
        classes: Data.classNames(iris),
        featureNames: iris.featureNames ?? null,
        training: { hidden: [8], optimizer: 'adam', lr: 0.01, batch: 16, epochs: result.state.epoch },
        metrics: Train.finalMetrics(result.history)
      })
    )
  )

// sepal length, sepal width, petal length, petal width, in centimetres, as measured
const flowers = [
  [5.0, 3.4, 1.5, 0.2],
  [5.9, 2.8, 4.4, 1.3],
  [6.9, 3.1, 5.6, 2.2]
]

const predictFrom = (file: string) =>
  pipe(
    Node.loadModel(file),
    TE.chainEitherKW((model) =>
      pipe(
        Train.predictClasses(model)(flowers),
        E.map((names) => ({ names, model }))
      )
    ),
    TE.map(({ names, model }) => {
      console.log(`loaded ${file}: ${model.architecture.sizes.join('-')} network, classes ${model.classes?.join(', ')}`)
      flowers.forEach((f, i) => console.log(`  ${f.join(', ')} cm → ${names[i]}`))
    })
  )

const trainAndSave = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'gradfold-iris-')), 'iris-model.json')
  return pipe(
    Node.loadCsv({ label: 'species' })('examples/data/iris.csv'),
    TE.chainEitherKW(train),
    TE.chainFirstW(Node.saveModel(file)),
    TE.map((model) => {
      const { trainAccuracy, validationAccuracy } = model.metadata.metrics
      console.log(
        `trained: train accuracy ${trainAccuracy?.toFixed(3)}, held-out accuracy ${validationAccuracy?.toFixed(3)}`
      )
      console.log(`saved ${file}; predicting in a new process:`)
      const again = ['--import', 'tsx', 'examples/iris-model.ts', 'predict', file]
      process.stdout.write(execFileSync(process.execPath, again, { encoding: 'utf8' }))
    })
  )
}

const [mode, file] = process.argv.slice(2)
const program = mode === 'predict' && file !== undefined ? predictFrom(file) : trainAndSave()
const outcome = await program()
if (E.isLeft(outcome)) {
  console.error(`iris-model failed: ${outcome.left.message}`)
  process.exitCode = 1
}
