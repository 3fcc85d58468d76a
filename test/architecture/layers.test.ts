// The layer table (DESIGN.md, README): every import in src/ points down the list or stays in
// its own layer, no layer reaches into a module another layer marks `@internal`, and nothing
// the root entry imports needs Node, so that `gradfold` bundles for a browser.
import * as fs from 'node:fs'
import { builtinModules } from 'node:module'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/** The layers, lowest first: a module may import from its own layer and the ones before it. */
const LAYERS = [
  'math',
  'tensor',
  'random',
  'tree',
  'codec',
  'ad',
  'nn',
  'optim',
  'data',
  'train',
  'index',
  'advanced',
  'node',
  'cli'
] as const

const root = fileURLToPath(new URL('../../', import.meta.url))
const src = path.join(root, 'src')

const sourceFiles = (dir: string): ReadonlyArray<string> =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []
    )
    .sort()

/** `src/nn/dense.ts` → `nn`; `src/index.ts` → `index`. */
const layerOf = (file: string): string => path.relative(src, file).split(path.sep)[0]!.replace(/\.ts$/, '')

const rank = (file: string): number => (LAYERS as ReadonlyArray<string>).indexOf(layerOf(file))

const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/')

interface Import {
  readonly from: string
  /** The specifier as written. */
  readonly specifier: string
  /** The file a relative specifier names (`.js` read as `.ts`), or undefined for a package. */
  readonly target: string | undefined
}

/** The specifiers of a file's imports and re-exports, static and dynamic, type-only ones included. */
const specifiersOf = (file: string): ReadonlyArray<string> => {
  const found: Array<string> = []
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text)
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text)
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true))
  return found
}

const importsOf = (file: string): ReadonlyArray<Import> =>
  specifiersOf(file).map((specifier) => ({
    from: file,
    specifier,
    target: specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts') : undefined
  }))

/** A module whose header (its first doc comment) carries the tag `@internal` on a line of its own. */
const isInternalModule = (file: string): boolean =>
  /^ \* @internal\s*$/m.test(fs.readFileSync(file, 'utf8').split('*/')[0] ?? '')

const isNodeBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)

/** Every file `entry` imports, directly or not, through relative imports. */
const closure = (entry: string): ReadonlyArray<string> => {
  const seen = new Set<string>([entry])
  const queue = [entry]
  while (queue.length > 0) {
    for (const i of importsOf(queue.pop()!)) {
      if (i.target !== undefined && !seen.has(i.target) && fs.existsSync(i.target)) {
        seen.add(i.target)
        queue.push(i.target)
      }
    }
  }
  return [...seen].sort()
}

const files = sourceFiles(src)
const imports = files.flatMap(importsOf)
const show = (i: Import): string => `${rel(i.from)} imports '${i.specifier}'`

describe('the layer table', () => {
  it('places every module of src/ in a layer', () => {
    expect(files.filter((f) => rank(f) < 0).map(rel)).toEqual([])
  })

  it('has every import point down the table or stay in its layer', () => {
    const upward = imports.filter((i) => i.target !== undefined && rank(i.target) > rank(i.from))
    expect(upward.map(show)).toEqual([])
  })

  it('never lets one layer import a module another layer marks @internal', () => {
    const reaching = imports.filter(
      (i) => i.target !== undefined && layerOf(i.target) !== layerOf(i.from) && isInternalModule(i.target)
    )
    expect(reaching.map(show)).toEqual([])
  })

  it('resolves every relative import to a file', () => {
    expect(imports.filter((i) => i.target !== undefined && !fs.existsSync(i.target)).map(show)).toEqual([])
  })
})

describe('the root entry runs anywhere', () => {
  it.each(['index.ts', 'advanced.ts'])(
    'imports no Node module from %s, directly or through what it imports',
    (entry) => {
      const reached = closure(path.join(src, entry))
      expect(reached.length).toBeGreaterThan(50)
      const nodeImports = reached.flatMap(importsOf).filter((i) => isNodeBuiltin(i.specifier))
      expect(nodeImports.map(show)).toEqual([])
    }
  )

  it('keeps Node modules to the layers above the root entry', () => {
    const below = imports.filter(
      (i) => rank(i.from) <= rank(path.join(src, 'advanced.ts')) && isNodeBuiltin(i.specifier)
    )
    expect(below.map(show)).toEqual([])
  })
})
