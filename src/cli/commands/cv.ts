/**
 * `gradfold cv <config> [--folds K]`: k-fold cross-validation of the experiment a config
 * describes (`Train.crossValidate`): per fold the test loss and accuracy of a run trained on the
 * other folds, then the accuracy's and the loss's mean ± standard deviation. The same config
 * prints the same bytes.
 *
 * @since 0.3.0
 */
import { dirname } from 'node:path'
import * as E from '#fp-ts/Either.js'
import * as Node from '../../node/index.js'
import { EXIT, type Io } from '../io.js'
import type { Subcommand } from './Command.js'
import { badInput, readExperiment } from './shared.js'

/**
 * Cross-validates the experiment of the config at `path` over `folds` folds; answers the exit code.
 *
 * @category running
 * @since 0.3.0
 */
export const cv = async (path: string, options: { readonly folds?: string }, io: Io): Promise<number> => {
  const folds = Number(options.folds ?? '5')
  if (!(Number.isSafeInteger(folds) && folds >= 2))
    return badInput(io, 'bad argument:', [`--folds: expected a whole number ≥ 2, got ${options.folds}`])
  const experiment = await readExperiment(path)
  if (E.isLeft(experiment)) return badInput(io, `${path} is not a valid experiment config:`, experiment.left)
  const result = await Node.crossValidate(experiment.right, { folds, folder: dirname(path) })()
  if (E.isLeft(result)) return badInput(io, 'the cross-validation cannot run:', [result.left.message])
  io.out.write(result.right.report + '\n')
  return EXIT.ok
}

/** @category subcommands @since 0.3.0 */
export const cvCommand: Subcommand = {
  name: 'cv',
  register: (program, io, exit) =>
    program
      .command('cv')
      .description('k-fold cross-validation of an experiment: per-fold test metrics and their mean ± sd')
      .argument('<config>', 'the experiment config (JSON), e.g. from gradfold init')
      .option('-k, --folds <k>', 'the number of folds (default 5)')
      .addHelpText(
        'after',
        `
Each fold is held out in turn; the run on the other folds (their validation part for early
stopping drawn as the config's split draws it) is measured on it with its best parameters.

Example:
  gradfold init penguins > penguins.json && gradfold cv penguins.json --folds 5`
      )
      .action((config: string, options: { folds?: string }) => exit(cv(config, options, io)))
}
