/**
 * A run folder: the files a run leaves, by name, and the housekeeping that keeps it clean. Every
 * file is written atomically (a temporary file beside it, then a rename), so a run killed at any
 * moment leaves whole files only; the temporary files such a kill may strand are removed when
 * the run resumes.
 *
 * @since 0.2.0
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import * as TE from '#fp-ts/TaskEither.js'
import * as Node from '../node/index.js'

/**
 * The files of a run folder.
 *
 * @category model
 * @since 0.2.0
 */
export const files = (folder: string) =>
  ({
    config: join(folder, 'config.json'),
    checkpoint: join(folder, 'checkpoint.json'),
    historyJson: join(folder, 'history.json'),
    historyCsv: join(folder, 'history.csv'),
    lossSvg: join(folder, 'loss.svg'),
    accuracySvg: join(folder, 'accuracy.svg'),
    model: join(folder, 'model.json'),
    report: join(folder, 'report.md'),
    threads: join(folder, 'threads.json')
  }) as const

/** @category model @since 0.2.0 */
export type RunFiles = ReturnType<typeof files>

/** The temporary files `writeTextAtomic` names `.<file>.<uuid>.tmp`. */
const TEMPORARY = /^\..+\.tmp$/

/**
 * Makes the folder (and its parents) when it is not there.
 *
 * @category housekeeping
 * @since 0.2.0
 */
export const ensureFolder = (folder: string): TE.TaskEither<Node.IoError, void> =>
  TE.tryCatch(async () => void (await mkdir(folder, { recursive: true })), Node.ioError(folder, 'write'))

/**
 * Removes the temporary files an interrupted write left in `folder`.
 *
 * @category housekeeping
 * @since 0.2.0
 */
export const removeStrays = (folder: string): TE.TaskEither<Node.IoError, ReadonlyArray<string>> =>
  TE.tryCatch(
    async () => {
      const strays = (await readdir(folder)).filter((f) => TEMPORARY.test(f))
      await Promise.all(strays.map((f) => rm(join(folder, f), { force: true })))
      return strays
    },
    Node.ioError(folder, 'write')
  )

/**
 * Whether a file is there.
 *
 * @category housekeeping
 * @since 0.2.0
 */
export const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false
  )
