/**
 * `gradfold init [iris|digits|xor|three-class|penguins|csv|sweep]`: a starter config on standard output,
 * every field filled in and explained (`sweep`: a starter sweep over the iris starter).
 *
 * @since 0.2.0
 */
import { Argument } from 'commander'
import { EXIT } from '../io.js'
import { explained, starter, STARTERS, type Starter } from '../starters.js'
import { starterSweep } from '../sweepFile.js'
import type { Subcommand } from './Command.js'

/** @category subcommands @since 0.2.0 */
export const init: Subcommand = {
  name: 'init',
  register: (program, io, exit) =>
    program
      .command('init')
      .description('write a starter experiment config to standard output, every field filled in and explained')
      .addArgument(
        new Argument('[data]', 'the data the config starts from').choices([...STARTERS, 'sweep']).default('iris')
      )
      .addHelpText(
        'after',
        '\nExample:\n  gradfold init iris > iris.json\n  gradfold init penguins > penguins.json   # a table with categories and empty cells\n  gradfold init csv > mine.json   # then set data.path and data.label\n  gradfold init sweep > sweep.json   # a sweep over the iris starter, for gradfold sweep'
      )
      .action((data: Starter | 'sweep') => {
        io.out.write(JSON.stringify(data === 'sweep' ? starterSweep() : explained(starter(data)), null, 2) + '\n')
        exit(Promise.resolve(EXIT.ok))
      })
}
