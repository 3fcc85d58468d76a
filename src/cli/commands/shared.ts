/**
 * What several subcommands share: reading and checking a config, reporting bad input, the
 * session options the flags set.
 *
 * @since 0.2.0
 */
import { readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import * as E from '#fp-ts/Either.js'
import type { Threaded } from '../threads.js'
import { Train } from '../../index.js'
import { EXIT, type Io } from '../io.js'
import { starter, STARTERS, type Starter } from '../starters.js'
import * as Advanced from '../../advanced.js'

type Experiment = Train.Experiment

/**
 * Writes `lines` as bad input and answers exit code 2.
 *
 * @category reporting
 * @since 0.2.0
 */
export const badInput = (io: Io, title: string, lines: ReadonlyArray<string>): number => {
  io.err.write(`gradfold: ${title}\n${lines.map((l) => `  ${l}\n`).join('')}`)
  return EXIT.badInput
}

/**
 * The experiment in the config file at `path`, or its mistakes, one per line.
 *
 * @category reading
 * @since 0.2.0
 */
export const readExperiment = async (path: string): Promise<E.Either<ReadonlyArray<string>, Experiment>> => {
  const text = await readFile(path, 'utf8').then(
    (s) => E.right(s),
    (e: unknown) => E.left([`${path}: ${e instanceof Error ? e.message : String(e)}`])
  )
  return E.chain((s: string) =>
    E.mapLeft((e: { readonly problems: ReadonlyArray<string> }) => e.problems)(Advanced.Train.decodeExperimentJson(s))
  )(text)
}

/** The starters a name alone trains: every one but `csv`, whose data file the user writes. */
const NAMED: ReadonlyArray<Starter> = STARTERS.filter((s) => s !== 'csv')

/**
 * The experiment in the config file at `path` or, when no such file exists and `path` is a
 * starter's name (`iris`, `digits`, `xor`, `three-class`), that starter as `gradfold init`
 * writes it.
 *
 * @category reading
 * @since 0.3.0
 */
export const readExperimentOrStarter = async (path: string): Promise<E.Either<ReadonlyArray<string>, Experiment>> => {
  if (
    (NAMED as ReadonlyArray<string>).includes(path) &&
    !(await stat(path).then(
      () => true,
      () => false
    ))
  )
    return E.right(starter(path as Starter))
  const read = await readExperiment(path)
  return E.isLeft(read) && read.left[0]?.includes('ENOENT') === true
    ? E.left([`${path}: no such file (a starter's name also works here: ${NAMED.join(', ')})`])
    : read
}

/**
 * The config as a run folder keeps it: comments gone, a data file's path made absolute (from
 * the config's folder), so the folder is enough to resume.
 *
 * @category reading
 * @since 0.2.0
 */
export const resolved = (c: Experiment, configPath: string): Experiment =>
  c.data.source === 'file' && !isAbsolute(c.data.path)
    ? { ...c, data: { ...c.data, path: resolve(dirname(configPath), c.data.path) } }
    : c

/**
 * The resolved config as the JSON a run folder keeps.
 *
 * @category reading
 * @since 0.2.0
 */
export const resolvedJson = (c: Experiment): string =>
  JSON.stringify(Advanced.Train.ExperimentC.encode(c), null, 2) + '\n'

/**
 * The session options the flags set.
 *
 * @category running
 * @since 0.2.0
 */
export const flags = (o: { readonly quiet?: boolean; readonly json?: boolean }, threaded: Threaded | undefined) => ({
  ...(o.quiet === undefined ? {} : { quiet: o.quiet }),
  ...(o.json === undefined ? {} : { json: o.json }),
  ...(threaded === undefined ? {} : { threaded })
})
