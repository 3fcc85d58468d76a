// Every value a user can import (a function or a constant, from `gradfold`, `gradfold/node` or
// `gradfold/laws`, namespaces followed) has a doc comment and an `@example`. Types and interfaces
// are exempt from the example (they are shown in the examples of the values that use them) but
// not from the doc comment. The exports are read with the TypeScript compiler from the three
// entry files, so a new export is covered the moment it is exported.
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { entryProgram } from './compile.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const entries = {
  gradfold: 'src/index.ts',
  'gradfold/advanced': 'src/advanced.ts',
  'gradfold/node': 'src/node/index.ts',
  'gradfold/laws': 'laws/index.ts',
  'gradfold/data/digits': 'src/data/digits.ts',
  'gradfold/data/penguins': 'src/data/penguins.ts'
}

interface Export {
  /** How a user names it, e.g. `gradfold: NN.mse`. */
  readonly name: string
  readonly isValue: boolean
  readonly documented: boolean
  readonly hasExample: boolean
}

const walk = (): ReadonlyArray<Export> => {
  const program = entryProgram(Object.values(entries))
  const checker = program.getTypeChecker()
  const found: Array<Export> = []
  const seen = new Set<ts.Symbol>()
  const visit = (prefix: string, moduleSymbol: ts.Symbol): void => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const name = `${prefix}${exported.name}`
      const decl = symbol.declarations?.[0]
      if (decl === undefined) continue
      if (ts.isSourceFile(decl) || symbol.flags & ts.SymbolFlags.ValueModule) {
        if (!seen.has(symbol)) {
          seen.add(symbol)
          visit(`${name}.`, symbol)
        }
        continue
      }
      const isValue = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class)) !== 0
      // The tags and text of the declaration's own doc comment (a const's sits on its statement).
      const tags = symbol.declarations!.flatMap((d) => [...ts.getJSDocTags(d)])
      const documented = symbol.declarations!.some((d) => ts.getJSDocCommentsAndTags(d).length > 0)
      found.push({ name, isValue, documented, hasExample: tags.some((t) => t.tagName.text === 'example') })
    }
  }
  for (const [entry, file] of Object.entries(entries)) {
    const sf = program.getSourceFile(path.join(root, file))
    const moduleSymbol = sf === undefined ? undefined : checker.getSymbolAtLocation(sf)
    if (moduleSymbol === undefined) throw new Error(`the compiler did not load ${file}`)
    visit(`${entry}: `, moduleSymbol)
  }
  return found
}

const exportsFound = walk()

describe('the public exports of gradfold, gradfold/node and gradfold/laws', () => {
  it('are found: hundreds of them, values among them', () => {
    expect(exportsFound.length).toBeGreaterThan(300)
    expect(exportsFound.filter((e) => e.isValue).length).toBeGreaterThan(200)
  })

  it('all have a doc comment', () => {
    expect(exportsFound.filter((e) => !e.documented).map((e) => e.name)).toEqual([])
  })

  it('values (functions and constants) all have an @example', () => {
    expect(exportsFound.filter((e) => e.isValue && !e.hasExample).map((e) => e.name)).toEqual([])
  })
})
