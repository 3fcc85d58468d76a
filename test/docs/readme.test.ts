// Every ```ts block of README.md and of the guide (docs/guide/*.md) is a program that
// type-checks under the project's own compiler options, as the doc examples do (they are not
// run: several train networks or write files). A block that is deliberately partial is preceded
// by the line `<!-- not compiled -->`.
//
// Each block is written to `.readme-examples/<page>__L<line>.ts`, its `gradfold` imports pointed at
// the local sources line for line, so that a compiler message names the page's line.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { compilerOptions, rewrite } from './compile.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
// a folder of its own: examples.test.ts removes from .examples/ every file that is not one of its examples
const outDir = path.join(root, '.readme-examples')

interface Snippet {
  /** The page, from the repository's root. */
  readonly page: string
  /** The 1-based line of the block's first line of code. */
  readonly line: number
  readonly code: ReadonlyArray<string>
  readonly compiled: boolean
}

const snippets = (page: string): ReadonlyArray<Snippet> => {
  const lines = fs.readFileSync(path.join(root, page), 'utf8').split('\n')
  const found: Array<Snippet> = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue
    const before = lines.slice(0, i).filter((l) => l.trim() !== '')
    const compiled = before.at(-1)?.trim() !== '<!-- not compiled -->'
    const code: Array<string> = []
    let j = i + 1
    for (; j < lines.length && lines[j]!.trim() !== '```'; j++) code.push(lines[j]!)
    found.push({ page, line: i + 2, code, compiled })
    i = j
  }
  return found
}

const guide = fs
  .readdirSync(path.join(root, 'docs/guide'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => `docs/guide/${f}`)
const readme = ['README.md', ...guide].flatMap(snippets)

describe('the ```ts blocks of README.md and the guide', () => {
  it('are found, and few are marked as not compiled', () => {
    expect(readme.filter((s) => s.page === 'README.md').length).toBeGreaterThanOrEqual(6)
    expect(readme.length).toBeGreaterThanOrEqual(16)
    expect(readme.filter((s) => !s.compiled).length).toBeLessThanOrEqual(5)
  })

  it('type-check under the project compiler options', () => {
    fs.mkdirSync(outDir, { recursive: true })
    const files = new Map(
      readme
        .filter((s) => s.compiled)
        .map((s) => {
          const file = path.resolve(outDir, `${s.page.replace(/[/.]/g, '_')}__L${s.line}.ts`)
          fs.writeFileSync(file, [...s.code.map(rewrite), 'export {}', ''].join('\n'))
          return [file, s] as const
        })
    )
    const program = ts.createProgram({ rootNames: [...files.keys()], options: compilerOptions() })
    const messages = [...files].flatMap(([file, s]) => {
      const sf = program.getSourceFile(file)
      if (sf === undefined) return [`${s.page}:${s.line}: the compiler did not load ${file}`]
      return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
        const line =
          d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0
        return `${s.page}:${s.line + line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
    })
    expect(messages).toEqual([])
  })
})
