/**
 * A file that could not be read or written, as a value: which file, what was being done,
 * and what the system said.
 *
 * @since 0.1.0
 */
import { asText, describeThrown } from '../../tensor/describe.js'

/**
 * @category model
 * @since 0.1.0
 */
export interface IoError {
  readonly _tag: 'IoError'
  readonly path: string
  readonly operation: 'read' | 'write'
  readonly message: string
}

/**
 * An `IoError` from whatever a file operation rejected with.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.ioError('model.json', 'read')(new Error('ENOENT: no such file')).message // => 'could not read model.json: ENOENT: no such file'
 *
 * @category constructors
 * @since 0.1.0
 */
export const ioError =
  (path: string, operation: IoError['operation']) =>
  (reason: unknown): IoError => ({
    _tag: 'IoError',
    path,
    operation,
    message: `could not ${asText(operation)} ${asText(path)}: ${describeThrown(reason)}`
  })
