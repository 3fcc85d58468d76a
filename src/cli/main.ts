/**
 * The `gradfold` command: its program (name, version, subcommands) and the entry that runs it
 * on the process's arguments. Exit codes: 0 success, 1 training failed, 2 bad input (config,
 * data, arguments), 130 interrupted by Ctrl-C after a checkpoint.
 *
 * @since 0.2.0
 */
import { readFileSync } from 'node:fs'
import { Command, CommanderError, Help } from 'commander'
import { SUBCOMMANDS } from './commands/index.js'
import { EXIT, processIo, type Io } from './io.js'

/** The package's version: package.json is two folders up from src/cli and from dist/bundle, three from dist/src/cli. */
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
 * The subcommand `argv` runs, or shows the help of (`help <name>`), if any.
 */
const chosen = (argv: ReadonlyArray<string>): string | undefined => (argv[0] === 'help' ? argv[1] : argv[0])

/**
 * The `gradfold` program. Every subcommand is on it; those `full` answers true for are loaded and
 * declared in full, the others only listed (name, arguments, description: the line of
 * `gradfold --help`), so that the command loads the module of the one subcommand it runs.
 *
 * @category running
 * @since 0.3.0
 */
export const program = async (
  io: Io,
  full: (name: string) => boolean,
  exit: (code: Promise<number>) => void
): Promise<Command> => {
  const command = new Command('gradfold')
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
  const listed = new Map<Command, string>()
  for (const s of SUBCOMMANDS)
    if (full(s.name)) (await s.load()).register(command, io, exit)
    else listed.set(command.command(s.name).description(s.description), s.term)
  const help = new Help()
  command.configureHelp({ subcommandTerm: (c) => listed.get(c) ?? help.subcommandTerm(c) })
  for (const c of command.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
  return command
}

/**
 * Runs the command line `argv` (without `node` and the script), answering the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const main = async (argv: ReadonlyArray<string>, io: Io = processIo()): Promise<number> => {
  let pending: Promise<number> = Promise.resolve(EXIT.ok)
  const name = chosen(argv)
  let cli: Command | undefined
  try {
    cli = await program(
      io,
      (s) => s === name,
      (code) => (pending = code)
    )
    await cli.parseAsync([...argv], { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.badInput
    io.err.write(`gradfold: ${e instanceof Error ? e.message : String(e)}\n`)
    return EXIT.failed
  }
  if (argv.length === 0) {
    cli.outputHelp()
    return EXIT.badInput
  }
  return pending
}
