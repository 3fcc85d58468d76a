// What the doc-example test and the README test share: how a snippet's `gradfold` imports are
// pointed at the local sources, and the compiler options snippets are checked under.
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** Points `gradfold` at the local sources; the line count stays the same. */
export const rewrite = (line: string): string =>
  line
    .replace(/from 'gradfold'/, "from '../src/index.js'")
    .replace(/from 'gradfold\/laws'/, "from '../laws/index.js'")
    .replace(/from 'gradfold\/node'/, "from '../src/node/index.js'")
    .replace(/from 'gradfold\/advanced'/, "from '../src/advanced.js'")
    .replace(/from 'gradfold\/data\/digits'/, "from '../src/data/digits.js'")
    .replace(/from 'gradfold\/data\/penguins'/, "from '../src/data/penguins.js'")

/** The project's own compiler options (tsconfig.json), without emitting. */
export const compilerOptions = (): ts.CompilerOptions => {
  const configFile = path.join(root, 'tsconfig.json')
  const { config, error } = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f))
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configFile)
  return { ...parsed.options, noEmit: true, sourceMap: false, declaration: false }
}

/** A program over the given entry files (relative to the repository), to read their exports with its checker. */
export const entryProgram = (files: ReadonlyArray<string>): ts.Program =>
  ts.createProgram({
    rootNames: files.map((f) => path.join(root, f)),
    options: {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true
    }
  })
