/**
 * `gradfold explain [source]`: every number of one step of gradient descent (forward pass,
 * loss, error terms, each weight's chain-rule factors, gradient and update), as a terminal
 * table or Markdown. The source is
 * - nothing (or `three-two-three`): the founding text's 3-2-3 network, its weights drawn from
 *   `--seed` as the demo and the playground draw them, on rows of the bundled 3-class set;
 * - an experiment config: the network and the initial parameters its run starts from, on rows
 *   of the training part as the run prepares it (standardised when the config says so), with
 *   the config's learning rate;
 * - a model file, with `--data`: the trained parameters, on rows of that data, standardised
 *   as the model was trained.
 *
 * @since 0.2.0
 */
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Option } from 'commander'
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as TE from '#fp-ts/TaskEither.js'
import { Data, NN, Random, Train } from '../../index.js'
import * as Node from '../../node/index.js'
import { EXIT, type Io } from '../io.js'
import { trainModelOf } from '../modelFile.js'
import type { Subcommand } from './Command.js'
import { badInput } from './shared.js'
import { readFor, readModel } from './useModel.js'
import * as Advanced from '../../advanced.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What to explain besides the source: which rows, the learning rate (the config's, or 0.5),
 * the seed of the founding network's weights, the data a model file is explained on.
 *
 * @category model
 * @since 0.2.0
 */
export interface ExplainOptions {
  readonly sample: number
  readonly samples: number
  readonly lr?: number
  readonly seed: number
  readonly data?: string
  readonly format: Advanced.Train.ExplanationFormat
}

type Problem = { readonly message: string }
type Explained = TE.TaskEither<Problem, Train.Explanation<unknown>>

/** The founding network's default learning rate, the demo's for one sample a step. */
const FOUNDING_LR = 0.5

// -------------------------------------------------------------------------------------
// sources
// -------------------------------------------------------------------------------------

const rowsOf = (o: ExplainOptions) => (d: Data.Dataset) => Data.slice(o.sample, o.sample + o.samples)(d)

const triples = (t: {
  readonly shape: ReadonlyArray<number>
  readonly data: Float64Array
}): Array<Advanced.NN.Triple> =>
  Array.from({ length: t.shape[0]! }, (_, i) => [t.data[3 * i]!, t.data[3 * i + 1]!, t.data[3 * i + 2]!] as const)

/** The founding text's twelve weights, drawn from `seed`, on rows of the bundled 3-class set. */
const foundingNetwork = (o: ExplainOptions): Explained =>
  TE.fromEither(
    pipe(
      E.Do,
      E.apS('key', Random.key(o.seed)),
      E.bindW('init', ({ key }) => NN.threeTwoThreeMlp.init(Random.split2(key)[0])),
      E.bindW('weights', ({ init }) => Advanced.NN.threeTwoThreeFromMlp(init)),
      E.bindW('rows', () => rowsOf(o)(Data.threeClass)),
      E.chainW(({ weights, rows }) =>
        Train.explainThreeTwoThree(o.lr ?? FOUNDING_LR)(weights, {
          inputs: triples(rows.inputs),
          targets: triples(rows.targets)
        })
      )
    )
  )

/** The first parameters of the run a config describes, on rows of its training part. */
const fromConfig =
  (o: ExplainOptions, path: string) =>
  (text: string): Explained =>
    pipe(
      TE.fromEither(Advanced.Train.decodeExperimentJson(text)),
      TE.mapLeft((e) => ({ message: e.problems.join('\n  ') })),
      TE.chainW((c) => Node.prepareExperiment(c, { folder: dirname(path) })),
      TE.chainEitherKW((p) =>
        pipe(
          rowsOf(o)(p.train),
          E.chainW((rows) =>
            Train.explainStep({ network: p.net, loss: p.model.loss, learningRate: o.lr ?? p.experiment.optimizer.lr })(
              p.params,
              rows
            )
          )
        )
      )
    )

/** A trained model on rows of `--data`, standardised as the model was trained. */
const fromModel = (o: ExplainOptions, path: string): Explained =>
  o.data === undefined
    ? TE.left({ message: `${path} is a model file: say which data to explain it on with --data` })
    : pipe(
        TE.Do,
        TE.apS('model', readModel(path)),
        TE.bindW('labelled', ({ model }) => readFor(model)(o.data!)),
        TE.bindW('built', ({ model }) => TE.fromEither(trainModelOf(model))),
        TE.chainEitherKW(({ model, labelled, built }) =>
          pipe(
            model.standardizer === null
              ? E.right(labelled.dataset)
              : Data.applyStandardizer(model.standardizer)(labelled.dataset),
            E.chainW(rowsOf(o)),
            E.chainW((rows) =>
              Train.explainStep({ network: built.net, loss: built.model.loss, learningRate: o.lr ?? FOUNDING_LR })(
                model.params,
                rows
              )
            )
          )
        )
      )

const isModelFile = (text: string): boolean => text.includes(`"${Advanced.Train.MODEL_FORMAT}"`)

/**
 * The explanation `source` and `o` ask for.
 *
 * @category running
 * @since 0.2.0
 */
export const explanation = (source: string | undefined, o: ExplainOptions): Explained =>
  source === undefined || source === 'three-two-three'
    ? foundingNetwork(o)
    : pipe(
        TE.tryCatch(
          () => readFile(source, 'utf8'),
          (e): Problem => ({ message: `${source}: ${e instanceof Error ? e.message : String(e)}` })
        ),
        TE.chainW((text) => (isModelFile(text) ? fromModel(o, source) : fromConfig(o, source)(text)))
      )

/**
 * Prints the explanation; answers the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const explain = async (source: string | undefined, o: ExplainOptions, io: Io): Promise<number> => {
  const e = await explanation(source, o)()
  if (E.isLeft(e)) return badInput(io, 'cannot explain:', [e.left.message])
  io.out.write(Train.renderExplanation(o.format)(e.right) + '\n')
  return EXIT.ok
}

// -------------------------------------------------------------------------------------
// the subcommand
// -------------------------------------------------------------------------------------

const count = (least: number) => (s: string) => {
  const n = Number(s)
  return Number.isInteger(n) && n >= least ? n : Number.NaN
}

const checked = (o: ExplainOptions): ReadonlyArray<string> => [
  ...(Number.isNaN(o.sample) ? ['--sample: expected a row number from 0'] : []),
  ...(Number.isNaN(o.samples) ? ['--samples: expected a whole number from 1'] : []),
  ...(o.lr !== undefined && !(o.lr > 0 && Number.isFinite(o.lr)) ? ['--lr: expected a positive finite number'] : []),
  ...(Number.isNaN(o.seed) ? ['--seed: expected a whole number from 0'] : [])
]

/** @category subcommands @since 0.2.0 */
export const explainCommand: Subcommand = {
  name: 'explain',
  register: (program, io, exit) =>
    program
      .command('explain')
      .description(
        'show every number of one gradient-descent step: forward pass, loss, error terms, each weight’s chain-rule factors, gradient and update'
      )
      .argument(
        '[source]',
        'an experiment config, a model file (with --data), or nothing for the founding 3-2-3 network'
      )
      .addOption(new Option('--sample <row>', 'the first row explained (0-based)').argParser(count(0)).default(0))
      .addOption(new Option('--samples <n>', 'how many rows make the batch').argParser(count(1)).default(1))
      .addOption(new Option('--lr <eta>', 'the learning rate η (default: the config’s, else 0.5)').argParser(Number))
      .addOption(
        new Option('--seed <n>', 'the founding network’s weights are drawn from this seed')
          .argParser(count(0))
          .default(5)
      )
      .addOption(new Option('--data <data>', 'with a model file: a bundled set’s name or a CSV/JSON file'))
      .option('--markdown', 'Markdown instead of a terminal table')
      .addHelpText(
        'after',
        '\nExample:\n  gradfold explain                          # the founding text’s network, one sample\n  gradfold explain --samples 6 --markdown   # a mini-batch of 6, as Markdown\n  gradfold explain iris.json --sample 3     # the first parameters of a run, on row 3 of its training part\n  gradfold explain runs/iris/model.json --data iris'
      )
      .action((source: string | undefined, flags: Omit<ExplainOptions, 'format'> & { readonly markdown?: boolean }) => {
        const o: ExplainOptions = { ...flags, format: flags.markdown === true ? 'markdown' : 'table' }
        const problems = checked(o)
        exit(
          Promise.resolve(problems.length > 0 ? badInput(io, 'bad arguments:', problems) : undefined).then(
            (code) => code ?? explain(source, o, io)
          )
        )
      })
}
