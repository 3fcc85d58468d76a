/**
 * The subcommands, in the order `--help` lists them: the one place where one is registered.
 * A new subcommand (`explain`, `sweep`, `worker`) is a file beside these and a line here.
 *
 * @since 0.2.0
 */
import type { Subcommand } from './Command.js'
import { cvCommand } from './cv.js'
import { evaluateCommand } from './evaluate.js'
import { explainCommand } from './explain.js'
import { init } from './init.js'
import { predictCommand } from './predict.js'
import { resumeCommand } from './resume.js'
import { sweepCommand } from './sweep.js'
import { trainCommand } from './train.js'
import { workerCommand } from './worker.js'

/** @category registry @since 0.2.0 */
export const SUBCOMMANDS: ReadonlyArray<Subcommand> = [
  init,
  trainCommand,
  resumeCommand,
  cvCommand,
  evaluateCommand,
  predictCommand,
  explainCommand,
  sweepCommand,
  workerCommand
]
