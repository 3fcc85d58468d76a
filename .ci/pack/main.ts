// A user's program against the packed package: every entry point imports and type-checks under
// strict NodeNext; Iris is read from CSV, trained, saved as a model file, and predicted from in
// a second process (predict.ts) that has nothing but the file.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Data, NN, Optim, Random, Train } from 'gradfold'
import { digits } from 'gradfold/data/digits'
import { lawSeed, DataLaws } from 'gradfold/laws'
import * as Node from 'gradfold/node'

const dir = mkdtempSync(join(tmpdir(), 'gradfold-pack-'))
const csv = join(dir, 'iris.csv')
const modelPath = join(dir, 'iris-model.json')
writeFileSync(
  csv,
  [
    'sepal_length,sepal_width,petal_length,petal_width,species',
    ...Data.irisRows.map((r) => [...r.slice(0, 4), Data.iris.classes?.[r[4]]].join(','))
  ].join('\n')
)

const train = (data: Data.Dataset) =>
  pipe(
    E.Do,
    E.apS('net', NN.mlp({ sizes: [4, 8, 3], activations: ['tanh', 'identity'] })),
    E.apSW('key', Random.key(0)),
    E.apSW('standardizer', Data.fitStandardizer(data)),
    E.bindW('scaled', ({ standardizer }) => Data.applyStandardizer(standardizer)(data)),
    E.bindW('params', ({ net, key }) => net.init(key)),
    E.apSW('optimizer', Optim.adam({ lr: 0.01 })),
    E.apSW('batching', Data.miniBatch(16, { shuffle: true })),
    E.bindW('result', ({ net, key, params, optimizer, batching, scaled }) =>
      Train.fit({
        model: { forward: net.forward, loss: NN.lossByName('softmaxCrossEntropy') },
        optimizer,
        batching,
        maxEpochs: 40
      })(params, key, scaled)
    ),
    E.chainW(({ net, result, standardizer }) =>
      Train.modelFile({
        net,
        loss: 'softmaxCrossEntropy',
        params: result.state.params,
        standardizer,
        classes: Data.classNames(data),
        metrics: Train.finalMetrics(result.history)
      })
    )
  )

const outcome = await pipe(
  Node.loadCsv({ label: 'species' })(csv),
  TE.chainEitherKW(train),
  TE.chainFirstW(Node.saveModel(modelPath))
)()
if (E.isLeft(outcome)) throw new Error(outcome.left.message)

const here = dirname(fileURLToPath(import.meta.url))
const answer = execFileSync(process.execPath, [join(here, 'predict.js'), modelPath], { encoding: 'utf8' }).trim()
if (answer !== 'setosa,versicolor,virginica') throw new Error(`the second process predicted ${answer}`)
if (Data.size(digits) !== 1797 || typeof lawSeed !== 'number' || typeof DataLaws !== 'object')
  throw new Error('an entry point is not what it should be')
console.log(`packed gradfold: trained, saved, loaded in a new process, predicted ${answer}`)
