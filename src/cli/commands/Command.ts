/**
 * The shape of a subcommand: one file each under `commands/`, listed once in
 * `commands/index.ts`. A subcommand declares itself on a commander `Command` and answers its
 * exit code; it writes only through the `Io` it is given.
 *
 * @since 0.2.0
 */
import type { Command } from 'commander'
import type { Io } from '../io.js'

/**
 * A subcommand: its name and how it declares itself; `run` is called by commander with the
 * parsed arguments and answers the exit code.
 *
 * @category model
 * @since 0.2.0
 */
export interface Subcommand {
  readonly name: string
  readonly register: (program: Command, io: Io, exit: (code: Promise<number>) => void) => void
}
