// The surface a newcomer reads: the root entry's namespaces hold the names a user trains, saves
// and predicts with; the plumbing (epoch cursors, kernels, codecs, error constructors) lives in
// `gradfold/advanced` under the same namespace names. A name counts once for its value
// (`Object.keys` of the namespace) or its type (an exported type or interface with no value);
// a nested namespace (`NN.Information`) counts as itself and its members.
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import * as Advanced from '../../src/advanced.js'
import * as Gradfold from '../../src/index.js'
import { entryProgram } from '../docs/compile.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

const program = entryProgram(['src/index.ts', 'src/advanced.ts'])
const checker = program.getTypeChecker()

const moduleOf = (file: string): ts.Symbol => {
  const sf = program.getSourceFile(path.join(root, file))
  const symbol = sf === undefined ? undefined : checker.getSymbolAtLocation(sf)
  if (symbol === undefined) throw new Error(`the compiler did not load ${file}`)
  return symbol
}

const resolved = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s)

const isNamespace = (s: ts.Symbol): boolean => {
  const decl = s.declarations?.[0]
  return decl !== undefined && (ts.isSourceFile(decl) || (s.flags & ts.SymbolFlags.ValueModule) !== 0)
}

/** The names of a module's exports, a nested namespace's members as `Outer.inner`. */
const namesOf = (module: ts.Symbol, prefix = ''): ReadonlyArray<string> =>
  checker.getExportsOfModule(module).flatMap((e) => {
    const s = resolved(e)
    return isNamespace(s) ? [`${prefix}${e.name}`, ...namesOf(s, `${prefix}${e.name}.`)] : [`${prefix}${e.name}`]
  })

/** The exported types with no value of the same name (a value's type is not counted twice). */
const typeOnlyNamesOf = (module: ts.Symbol): ReadonlyArray<string> =>
  checker
    .getExportsOfModule(module)
    .filter((e) => (resolved(e).flags & ts.SymbolFlags.Value) === 0)
    .map((e) => e.name)

const rootModule = moduleOf('src/index.ts')
const advancedModule = moduleOf('src/advanced.ts')
const namespace = (module: ts.Symbol, name: string): ts.Symbol =>
  resolved(checker.getExportsOfModule(module).find((e) => e.name === name)!)

describe('the root entry', () => {
  it('gives Train at most 80 names: its values and its exported types', () => {
    const types = typeOnlyNamesOf(namespace(rootModule, 'Train'))
    const count = Object.keys(Gradfold.Train).length + types.length
    expect(types.length).toBeGreaterThan(10)
    expect(count).toBe(namesOf(namespace(rootModule, 'Train')).length)
    expect(count).toBeLessThanOrEqual(80)
  })

  it('holds at most 400 names in all, the namespaces and their members counted', () => {
    const names = namesOf(rootModule)
    expect(names.filter((n) => !n.includes('.')).sort()).toEqual(Object.keys(Gradfold).sort())
    expect(names.length).toBeGreaterThan(200)
    expect(names.length).toBeLessThanOrEqual(400)
  })
})

describe('gradfold/advanced', () => {
  it('has a namespace of the root entry for each of its own', () => {
    expect(Object.keys(Advanced).filter((n) => !(n in Gradfold))).toEqual([])
  })

  it('holds only names its namespace in the root entry leaves out', () => {
    const both = Object.keys(Advanced).flatMap((ns) => {
      const inRoot = new Set(namesOf(namespace(rootModule, ns)))
      return namesOf(namespace(advancedModule, ns))
        .filter((n) => inRoot.has(n))
        .map((n) => `${ns}.${n}`)
    })
    expect(both).toEqual([])
  })
})
