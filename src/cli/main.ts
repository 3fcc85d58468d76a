/**
 * The `gradfold` command: its program (name, version, subcommands) and the entry that runs it
 * on the process's arguments. Exit codes: 0 success, 1 training failed, 2 bad input (config,
 * data, arguments), 130 interrupted by Ctrl-C after a checkpoint.
 *
 * @since 0.2.0
 */
import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { SUBCOMMANDS } from './commands/index.js'
import { EXIT, processIo, type Io } from './io.js'

/** The package's version: package.json is two folders up from src/cli, three from dist/src/cli. */
const version = (): string => {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { version: string }).version
    } catch {
      continue
    }
  }
  return 'unknown'
}

/**
 * Runs the command line `argv` (without `node` and the script), answering the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const main = async (argv: ReadonlyArray<string>, io: Io = processIo()): Promise<number> => {
  let pending: Promise<number> = Promise.resolve(EXIT.ok)
  const program = new Command('gradfold')
    .description(
      'Train neural networks from an experiment config: gradfold init, train, resume, cv, evaluate, predict, explain, sweep, worker.'
    )
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExample:\n  gradfold train iris                         # the iris starter, into runs/iris\n  gradfold evaluate runs/iris/model.json iris  # on its held-out test part\n  gradfold init iris > mine.json               # a config to edit, every field explained\n\nExit codes: 0 done, 1 training failed, 2 bad input, 130 interrupted (checkpoint written).'
    )
  for (const s of SUBCOMMANDS) s.register(program, io, (code) => (pending = code))
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
  try {
    await program.parseAsync([...argv], { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.badInput
    io.err.write(`gradfold: ${e instanceof Error ? e.message : String(e)}\n`)
    return EXIT.failed
  }
  if (argv.length === 0) {
    program.outputHelp()
    return EXIT.badInput
  }
  return pending
}
