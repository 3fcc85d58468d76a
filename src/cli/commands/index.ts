/**
 * The subcommands, in the order `--help` lists them: the one place where one is registered.
 * A new subcommand (`explain`, `sweep`, `worker`) is a file beside these and an entry here.
 *
 * Each entry holds the line `gradfold --help` prints for it and loads its module on demand, so
 * that the command loads only the subcommand it runs, and `--help` none (test/cli/main.test.ts
 * checks that each line is the one the module's own declaration prints).
 *
 * @since 0.2.0
 */
import type { Subcommand } from './Command.js'

/**
 * A subcommand as `gradfold --help` lists it, and its module, loaded when it is chosen.
 *
 * @category model
 * @since 0.3.0
 */
export interface Listed {
  readonly name: string
  /** The left column of its line in `gradfold --help`: name, `[options]` if any, arguments. */
  readonly term: string
  readonly description: string
  readonly load: () => Promise<Subcommand>
}

/** @category registry @since 0.2.0 */
export const SUBCOMMANDS: ReadonlyArray<Listed> = [
  {
    name: 'init',
    term: 'init [data]',
    description: 'write a starter experiment config to standard output, every field filled in and explained',
    load: async () => (await import('./init.js')).init
  },
  {
    name: 'train',
    term: 'train [options] <config>',
    description: 'train the experiment a config describes, into a run folder',
    load: async () => (await import('./train.js')).trainCommand
  },
  {
    name: 'resume',
    term: 'resume [options] <run>',
    description: 'continue an interrupted run from its checkpoint, to the same end as if never interrupted',
    load: async () => (await import('./resume.js')).resumeCommand
  },
  {
    name: 'cv',
    term: 'cv [options] <config>',
    description: 'k-fold cross-validation of an experiment: per-fold test metrics and their mean ± sd',
    load: async () => (await import('./cv.js')).cvCommand
  },
  {
    name: 'evaluate',
    term: 'evaluate [options] <model> <data>',
    description:
      'measure a model file on labelled data: loss, accuracy, confusion matrix, per-class precision and recall',
    load: async () => (await import('./evaluate.js')).evaluateCommand
  },
  {
    name: 'predict',
    term: 'predict [options] <model> <data>',
    description: 'predict the class of every row of a CSV (or JSON) file with a model file; writes CSV',
    load: async () => (await import('./predict.js')).predictCommand
  },
  {
    name: 'explain',
    term: 'explain [options] [source]',
    description:
      'show every number of one gradient-descent step: forward pass, loss, error terms, each weight’s chain-rule factors, gradient and update',
    load: async () => (await import('./explain.js')).explainCommand
  },
  {
    name: 'sweep',
    term: 'sweep [options] <sweep>',
    description:
      'train every job of a sweep over an experiment config (grid or seeded random search) on every core, or through a Redis queue',
    load: async () => (await import('./sweep.js')).sweepCommand
  },
  {
    name: 'worker',
    term: 'worker [options]',
    description: 'take jobs of a sweep from a Redis queue and run them, until interrupted',
    load: async () => (await import('./worker.js')).workerCommand
  }
]
