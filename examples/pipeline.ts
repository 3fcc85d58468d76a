// One pipe of TaskEither from a CSV file to a saved model: read and decode the file, split,
// standardise, build the network, train, wrap the whole model and write it atomically. Every
// step that can fail answers with a Left, which travels to the end of the pipe untouched: no
// exception, no NaN, nothing half-written. The pipe runs once on good input and then on five
// kinds of bad input, printing what each run ended with.
// Run with `npx tsx examples/pipeline.ts`.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Data, NN, Optim, Random, Train } from '../src/index.js'
import * as Node from '../src/node/index.js'

/** What a run needs: where the data is, which column is the label, the step size, where to save. */
interface Job {
  readonly csv: string
  readonly label: string
  readonly lr: number
  readonly out: string
}

const trainOn = (job: Job) => (data: Data.Dataset) =>
  pipe(
    E.Do,
    E.apSW('key', Random.key(0)),
    E.bindW('split', ({ key }) => Data.trainTestSplit({ testFraction: 0.3, stratify: true })(data, key)),
    E.bindW('scaled', ({ split }) => Data.standardizeSplit(split)),
    E.apSW(
      'net',
      NN.mlp({ sizes: [data.inputs.shape[1]!, 8, data.targets.shape[1]!], activations: ['tanh', 'identity'] })
    ),
    E.bindW('params', ({ net, key }) => net.init(key)),
    E.apSW('optimizer', Optim.adam({ lr: job.lr })),
    E.apSW('batching', Data.miniBatch(16, { shuffle: true })),
    E.bindW('result', ({ net, params, key, optimizer, batching, scaled }) =>
      Train.fit({
        model: { forward: net.forward, loss: NN.lossByName('softmaxCrossEntropy') },
        optimizer,
        batching,
        maxEpochs: 40,
        validation: scaled.test
      })(params, key, scaled.train)
    ),
    E.chainW(({ net, result, scaled }) =>
      Train.modelFile({
        net,
        loss: 'softmaxCrossEntropy',
        params: result.state.params,
        standardizer: scaled.standardizer,
        classes: Data.classNames(data),
        featureNames: data.featureNames ?? null,
        training: { hidden: [8], optimizer: 'adam', lr: job.lr, batch: 16, epochs: result.state.epoch },
        metrics: Train.finalMetrics(result.history)
      })
    )
  )

/** The whole pipe: CSV file → data set → trained model → model file on disk. */
const pipeline = (job: Job) =>
  pipe(
    Node.loadCsv({ label: job.label })(job.csv),
    TE.chainEitherKW(trainOn(job)),
    TE.chainFirstW(Node.saveModel(job.out)),
    TE.map(
      (model) =>
        `saved ${model.architecture.sizes.join('-')} model, held-out accuracy ${model.metadata.metrics['validationAccuracy']?.toFixed(3)}`
    )
  )

const dir = mkdtempSync(join(tmpdir(), 'gradfold-pipeline-'))
const broken = join(dir, 'broken.csv')
writeFileSync(broken, 'a,b,species\n1,2,x\n3,oops,y\n')
const good: Job = { csv: 'examples/data/iris.csv', label: 'species', lr: 0.01, out: join(dir, 'iris.json') }

const runs: ReadonlyArray<readonly [string, Job]> = [
  ['good input', good],
  ['a file that is not there', { ...good, csv: join(dir, 'missing.csv') }],
  ['a CSV cell that is not a number', { ...good, csv: broken }],
  ['a label column the file lacks', { ...good, label: 'colour' }],
  ['a negative learning rate', { ...good, lr: -1 }],
  ['a folder that does not exist to save in', { ...good, out: join(dir, 'no', 'such', 'folder', 'iris.json') }]
]

for (const [name, job] of runs) {
  const outcome = await pipeline(job)()
  console.log(
    pipe(
      outcome,
      E.match(
        (e) => `${name.padEnd(40)} Left ${e._tag}: ${e.message}`,
        (done) => `${name.padEnd(40)} Right: ${done}`
      )
    )
  )
}
console.log(`the good run's model file is on disk: ${existsSync(good.out) ? 'yes' : 'no'}`)
rmSync(dir, { recursive: true, force: true })
