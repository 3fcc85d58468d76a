/**
 * Reading and writing text files as `TaskEither`. A write is atomic: the text goes to a
 * temporary file beside the target, which is then renamed over it, so a crash leaves either
 * the old file or the new one, never half of one. A run killed between the two steps leaves its
 * temporary file (`.<name>.<uuid>.tmp`) behind; the next write of the same file removes every
 * such leftover first, so they do not pile up. One writer per file is assumed (the leftovers of
 * a second writer at work would be removed too).
 *
 * @since 0.1.0
 */
import { randomUUID } from 'node:crypto'
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'
import { pipe } from '#fp-ts/function.js'
import * as TE from '#fp-ts/TaskEither.js'
import { ioError, type IoError } from '../train/files/IoError.js'

/** A temporary file of an atomic write of `name`: `.<name>.<uuid>.tmp`. */
const isTemporaryOf = (name: string) => {
  const prefix = `.${name}.`
  return (file: string): boolean =>
    file.startsWith(prefix) && file.endsWith('.tmp') && file.length === prefix.length + 36 + '.tmp'.length
}

/** Removes what killed writes of `path` left behind; a folder that cannot be listed has none to remove. */
const removeLeftovers = async (path: string): Promise<void> => {
  const files = await readdir(dirname(path)).catch(() => [] as Array<string>)
  const leftover = isTemporaryOf(basename(path))
  await Promise.all(
    files.filter(leftover).map((f) => rm(join(dirname(path), f), { force: true }).catch(() => undefined))
  )
}

/**
 * The text of a UTF-8 file.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import * as Node from 'gradfold/node'
 * await Node.writeTextAtomic(join(tmpdir(), 'gradfold-rows.csv'))('x,y\n1,2\n')()
 * await Node.readText(join(tmpdir(), 'gradfold-rows.csv'))() // right('x,y\n1,2\n')
 * await Node.readText(join(tmpdir(), 'no-such-folder', 'rows.csv'))() // left: could not read /tmp/no-such-folder/rows.csv: ENOENT: …
 *
 * @category files
 * @since 0.1.0
 */
export const readText = (path: string): TE.TaskEither<IoError, string> =>
  TE.tryCatch(() => readFile(path, 'utf8'), ioError(path, 'read'))

/**
 * Replaces `path` with `text`, atomically: write a temporary file in the same folder (so the
 * rename stays on one file system), then rename it over `path`. On failure the temporary file
 * is removed and `path` is as it was. Temporary files that earlier, killed writes of `path`
 * left behind are removed first.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import * as Node from 'gradfold/node'
 * const file = join(tmpdir(), 'gradfold-example.txt')
 * await pipe('w1 0.15', Node.writeTextAtomic(file), TE.chain(() => Node.readText(file)))() // right('w1 0.15')
 * await Node.writeTextAtomic(join(tmpdir(), 'no-such-folder', 'x.txt'))('')() // left: could not write /tmp/no-such-folder/x.txt: ENOENT: …
 *
 * @category files
 * @since 0.1.0
 */
export const writeTextAtomic =
  (path: string) =>
  (text: string): TE.TaskEither<IoError, void> => {
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`)
    return pipe(
      TE.tryCatch(
        async () => {
          await removeLeftovers(path)
          await writeFile(temporary, text, { encoding: 'utf8', flush: true })
          await rename(temporary, path)
        },
        ioError(path, 'write')
      ),
      TE.orElseFirst(() => TE.fromTask(() => rm(temporary, { force: true }).catch(() => undefined)))
    )
  }
