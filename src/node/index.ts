/**
 * `gradfold/node`: what needs Node.js (files, written atomically; checkpoint files; CSV and
 * JSON data files; model files), kept out of the root entry so that `gradfold` itself bundles
 * for a browser.
 *
 * @module gradfold/node
 * @since 0.2.0
 */

export { ioError, type IoError } from '../train/IoError.js'
export { readText, writeTextAtomic } from './files.js'
export { readCheckpoint, writeCheckpoint } from './checkpointFile.js'
export { loadCsv, loadCsvInputs, loadJsonRows, parseCsv, parseJsonRows } from './loaders.js'
export { loadModel, saveModel } from './modelFile.js'
