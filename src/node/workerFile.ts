/**
 * Where a worker's module is: beside the module that starts it, `.ts` when gradfold runs from
 * its TypeScript sources under a loader (tests), `.js` once built. In the bundled package
 * (scripts/build.mjs) every such module is an entry beside the shared chunks that start it.
 *
 * @internal
 * @since 0.2.0
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * The file of the worker module `name` (without extension) beside `from` (an `import.meta.url`),
 * else in `folder` relative to `from` (where the sources keep it, when not beside), and the
 * `execArgv` that lets a worker thread or process load it.
 *
 * @internal
 */
export const workerFile = (
  from: string,
  name: string,
  folder = '.'
): { readonly filename: string; readonly execArgv: Array<string> } => {
  const typescript = from.endsWith('.ts')
  const file = `${name}${typescript ? '.ts' : '.js'}`
  const beside = fileURLToPath(new URL(`./${file}`, from))
  const filename = existsSync(beside) ? beside : fileURLToPath(new URL(`${folder}/${file}`, from))
  // tsx as found from this package (not from the working directory, which may be anywhere).
  const loader = typescript ? pathToFileURL(createRequire(from).resolve('tsx')).href : ''
  return { filename, execArgv: typescript ? ['--import', loader] : [] }
}
