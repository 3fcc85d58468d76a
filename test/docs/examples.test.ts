// Every `@example` in src/ is a program a reader can paste: it type-checks under the project's
// own strict compiler options and it runs without throwing.
//
// An example is the lines after ` * @example` up to the next ` * @` tag or the end of the doc
// comment, with the leading ` * ` removed. Each is written to `.examples/` (ignored by git; it
// sits inside the package so that fp-ts and io-ts resolve through node_modules) with
// `from 'gradfold'` pointed at the local src index, line for line, so that a compiler message
// maps back to the line in src/. All examples are type-checked by one in-process program, then
// imported one after the other.
//
// The results an example states in a trailing comment (`// right(6)`) are documentation: they
// were checked by running the examples, and are not asserted here.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { describe, expect, it, vi } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const outDir = path.join(root, '.examples')

interface Example {
  /** The source file, relative to the package root, e.g. `src/optim/alias.ts`. */
  readonly source: string
  /** The 1-based line in `source` of the example's first line of code. */
  readonly line: number
  readonly code: ReadonlyArray<string>
  /** The file the example is written to. */
  readonly file: string
}

const where = (ex: Example, offset = 0): string => `${ex.source}:${ex.line + offset}`

const sourceFiles = (dir: string): ReadonlyArray<string> =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []
    )
    .sort()

const tagLine = /^\s*\*\s*@example\s*$/
const otherTag = /^\s*\*\s*@\w/
const commentEnd = /\*\//

/** The `@example` blocks of one file, in order. */
const examplesIn = (file: string): ReadonlyArray<Omit<Example, 'file'>> => {
  const source = path.relative(root, file).split(path.sep).join('/')
  const lines = fs.readFileSync(file, 'utf8').split('\n')
  const found: Array<Omit<Example, 'file'>> = []
  lines.forEach((l, i) => {
    if (!tagLine.test(l)) return
    const code: Array<string> = []
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!
      if (otherTag.test(line) || commentEnd.test(line)) break
      code.push(line.replace(/^\s*\* ?/, ''))
    }
    while (code.length > 0 && code[code.length - 1]!.trim() === '') code.pop()
    found.push({ source, line: i + 2, code })
  })
  return found
}

/** Points `gradfold` at the local sources; the line count stays the same. */
const rewrite = (line: string): string =>
  line
    .replace(/from 'gradfold'/, "from '../src/index.js'")
    .replace(/from 'gradfold\/laws'/, "from '../laws/index.js'")
    .replace(/from 'gradfold\/node'/, "from '../src/node/index.js'")

/** Problems a compiler would not see: an example that does not import gradfold, or imports fp-ts by a path Node refuses. */
const lint = (ex: Example): ReadonlyArray<string> => [
  ...(ex.code.some((l) => /from 'gradfold(\/laws|\/node)?'/.test(l))
    ? []
    : [`${where(ex)}: the example does not import from 'gradfold'`]),
  ...ex.code.flatMap((l, i) => {
    const m = /from '(fp-ts\/[^']*)'/.exec(l)
    return m !== null && !/^fp-ts\/lib\/\w+\.js$/.test(m[1]!)
      ? [
          `${where(ex, i)}: import '${m[1]}' as 'fp-ts/lib/<Module>.js' (Node's ESM loader refuses the directory import)`
        ]
      : []
  })
]

/** Writes a file only when its text changes, so that a watching test runner is not woken for nothing. */
const writeIfChanged = (file: string, text: string): void => {
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text)
}

/** Writes every example to its own file in `.examples/`, and removes the files of examples that are gone. */
const writeExamples = (): ReadonlyArray<Example> => {
  fs.mkdirSync(outDir, { recursive: true })
  const examples = sourceFiles(path.join(root, 'src')).flatMap((f) =>
    examplesIn(f).map((ex) => {
      const file = path.join(
        outDir,
        `${ex.source
          .replace(/^src\//, '')
          .replace(/\.ts$/, '')
          .replace(/\//g, '__')}__L${ex.line}.ts`
      )
      // `export {}` keeps a file a module even if its example imports nothing.
      writeIfChanged(file, [...ex.code.map(rewrite), 'export {}', ''].join('\n'))
      return { ...ex, file }
    })
  )
  const current = new Set(examples.map((ex) => path.basename(ex.file)))
  for (const f of fs.readdirSync(outDir)) if (f.endsWith('.ts') && !current.has(f)) fs.rmSync(path.join(outDir, f))
  return examples
}

const compilerOptions = (): ts.CompilerOptions => {
  const configFile = path.join(root, 'tsconfig.json')
  const { config, error } = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f))
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configFile)
  return { ...parsed.options, noEmit: true, sourceMap: false, declaration: false }
}

/** Type-checks all examples in one program; each message names the line in src/ it comes from. */
const typeCheck = (examples: ReadonlyArray<Example>): ReadonlyArray<string> => {
  const byFile = new Map(examples.map((ex) => [path.resolve(ex.file), ex]))
  const program = ts.createProgram({ rootNames: examples.map((ex) => ex.file), options: compilerOptions() })
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
    (d) => `tsconfig: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  )
  return [
    ...global,
    ...examples.flatMap((ex) => {
      const sf = program.getSourceFile(ex.file)
      if (sf === undefined) return [`${where(ex)}: the compiler did not load ${ex.file}`]
      return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
        const owner = byFile.get(path.resolve(d.file?.fileName ?? ex.file)) ?? ex
        const line =
          d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0
        return `${where(owner, line)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
    })
  ]
}

/** The line of the example (0 for its first) that threw, read from the stack when it names the example's file. */
const thrownAt = (ex: Example, e: unknown): number => {
  const stack = e instanceof Error ? (e.stack ?? '') : ''
  const m = new RegExp(`${path.basename(ex.file).replace(/\./g, '\\.')}:(\\d+):\\d+`).exec(stack)
  return m === null ? 0 : Number(m[1]) - 1
}

const examples = writeExamples()

describe('the @example blocks in src/', () => {
  it('are found: more than a hundred of them, none empty', () => {
    expect(examples.length).toBeGreaterThan(100)
    expect(examples.filter((ex) => ex.code.every((l) => l.trim() === '')).map((ex) => where(ex))).toEqual([])
  })

  it('import gradfold, and fp-ts by the paths Node resolves', () => {
    expect(examples.flatMap(lint)).toEqual([])
  })

  it('type-check under the project compiler options', () => {
    expect(typeCheck(examples)).toEqual([])
  })

  it('run without throwing', async () => {
    const failures: Array<string> = []
    // What an example prints is for a reader at a console, not for this report.
    const quiet = [
      vi.spyOn(console, 'log').mockImplementation(() => {}),
      vi.spyOn(console, 'error').mockImplementation(() => {})
    ]
    try {
      for (const ex of examples) {
        try {
          await import(pathToFileURL(ex.file).href)
        } catch (e) {
          failures.push(`${where(ex, thrownAt(ex, e))}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`)
        }
      }
    } finally {
      for (const spy of quiet) spy.mockRestore()
    }
    expect(failures).toEqual([])
  })
})
