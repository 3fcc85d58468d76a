/**
 * The public face of `io/`: text files as `TaskEither`, written atomically.
 *
 * @since 0.1.0
 */
export { ioError, type IoError } from './IoError.js'
export { readText, writeTextAtomic } from './files.js'
