/**
 * Where a worker's module is: beside the module that starts it, `.ts` when gradfold runs from
 * its TypeScript sources under a loader (tests), `.js` once built.
 *
 * @internal
 * @since 0.2.0
 */
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * The file of the worker module `name` (without extension) beside `from` (an `import.meta.url`),
 * and the `execArgv` that lets a worker thread or process load it.
 *
 * @internal
 */
export const workerFile = (
  from: string,
  name: string
): { readonly filename: string; readonly execArgv: Array<string> } => {
  const typescript = from.endsWith('.ts')
  const filename = fileURLToPath(new URL(`./${name}${typescript ? '.ts' : '.js'}`, from))
  // tsx as found from this package (not from the working directory, which may be anywhere).
  const loader = typescript ? pathToFileURL(createRequire(from).resolve('tsx')).href : ''
  return { filename, execArgv: typescript ? ['--import', loader] : [] }
}
