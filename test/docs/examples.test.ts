// Every `@example` in src/ and laws/ is a program a reader can paste: it type-checks under the project's
// own strict compiler options and it runs without throwing.
//
// An example is the lines after ` * @example` up to the next ` * @` tag or the end of the doc
// comment, with the leading ` * ` removed. Each is written to `.examples/` (ignored by git; it
// sits inside the package so that fp-ts and io-ts resolve through node_modules) with
// `from 'gradfold'` pointed at the local src index, line for line, so that a compiler message
// maps back to the line in src/. All examples are type-checked by one in-process program, then
// imported one after the other.
//
// The results an example states are checked. A claim is a trailing comment on the line where a
// statement ends (or alone on the line after it), and the statement's value (an expression, or
// the initialiser of a `const`) is an Either, awaited when it is a promise:
//   `// right(<value>)`  the value is Right, and its content equals <value>, a JavaScript literal
//                        (`{ w: -0.2 }`, `[[0.5], [1]]`, `'cat'`, `some(1)`, `none`), deep and exact: numbers by
//                        `Object.is`, so 0 and −0 differ; a tensor compares as its nested arrays;
//   `// right(<v…>)`     with `…` (or `...`) the value is abbreviated: the printed content
//                        (`print` below, the same notation) starts with the text before the first
//                        `…`;
//   `// right: <prose>`  the value is Right; the prose describes it and is not compared;
//   `left: <message>`    the value is Left and its error's `message` starts with <message> (up to
//                        a `…` or `...`, where it is abbreviated);
//   `left(<value>)`      the value is Left and the error equals <value>, as for right(…);
//   `=> <value>`         for a value that is not an Either (a number, a boolean, a tensor, an
//                        array): it equals <value>, as for right(…), abbreviated as for right(…);
//                        `=> <value>: prose` claims the value before the first `: ` outside
//                        brackets and quotes.
// The wrapping (`__gfClaim(n, expr)`) is written into the example's file on the same line, so
// line numbers still map back to src/.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type * as t from 'io-ts'
import ts from 'typescript'
import { describe, expect, it, vi } from 'vitest'
import { decodeError } from '../../src/codec/DecodeError.js'
import { compilerOptions, rewrite } from './compile.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const outDir = path.join(root, '.examples')

interface Example {
  /** The source file, relative to the package root, e.g. `src/optim/alias.ts` or `laws/tree.ts`. */
  readonly source: string
  /** The 1-based line in `source` of the example's first line of code. */
  readonly line: number
  readonly code: ReadonlyArray<string>
  /** The file the example is written to. */
  readonly file: string
  /** The results it claims, in order; `__gfClaim(n, …)` in the written file records the n-th. */
  readonly claims: ReadonlyArray<Claim>
}

/** One checkable claim: the 0-based line of the example it is written on, its kind and text. */
interface Claim {
  readonly line: number
  readonly kind: 'right(' | 'right:' | 'left(' | 'left:' | '=>'
  readonly text: string
}

const claimPattern = /\/\/ (right|left)(\(|:)\s?(.*)$/
const plainClaimPattern = /\/\/ => (.*)$/

/**
 * The text of `rest` up to the first place, outside quotes and brackets, where `ends(rest, i)`
 * holds; all of it when there is none.
 */
const upTo = (rest: string, ends: (rest: string, i: number) => boolean): string => {
  let depth = 0
  let quote: string | undefined
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!
    if (quote !== undefined) {
      if (c === '\\') i++
      else if (c === quote) quote = undefined
    } else if (c === "'" || c === '"') quote = c
    else if (depth === 0 && ends(rest, i)) return rest.slice(0, i)
    else if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
  }
  return rest
}

/** The text inside the parenthesis `rest` closes (quotes and nesting respected), e.g. `[1, 2]` of `[1, 2]): prose`. */
const inside = (rest: string): string => upTo(rest, (r, i) => r[i] === ')')

/** The text before the first `: ` outside quotes and brackets, e.g. `[1, 2]` of `[1, 2]: prose`. */
const beforeProse = (rest: string): string => upTo(rest, (r, i) => r[i] === ':' && r[i + 1] === ' ')

/** The claim written on one line of an example, if any; `right(<value>): prose` claims the value. */
const claimOn = (line: string, at: number): Claim | undefined => {
  const p = plainClaimPattern.exec(line)
  if (p !== null) return { line: at, kind: '=>', text: beforeProse(p[1]!).trim() }
  const m = claimPattern.exec(line)
  if (m === null) return undefined
  const kind = `${m[1]}${m[2]}` as Claim['kind']
  const text = m[2] === '(' ? inside(m[3]!) : m[3]!.trim()
  return { line: at, kind, text }
}

/**
 * Wraps the statement each claim is about in `__gfClaim(n, …)`, on the same lines. A claim is
 * about the statement that ends on its line, or, when the claim stands alone on its line, on
 * the line before. Claims with no such statement are reported.
 */
const instrument = (
  ex: Omit<Example, 'file' | 'claims'>
): {
  readonly code: ReadonlyArray<string>
  readonly claims: ReadonlyArray<Claim>
  readonly stray: ReadonlyArray<string>
} => {
  const claims = ex.code.flatMap((l, i) => {
    const c = claimOn(l, i)
    return c === undefined ? [] : [c]
  })
  if (claims.length === 0) return { code: ex.code, claims, stray: [] }
  const text = ex.code.join('\n')
  const sf = ts.createSourceFile('example.ts', text, ts.ScriptTarget.Latest, true)
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line
  // The expressions a claim can be about: expression statements and `const` initialisers.
  const targets: Array<ts.Expression> = []
  const visit = (n: ts.Node): void => {
    if (ts.isExpressionStatement(n)) targets.push(n.expression)
    else if (ts.isVariableStatement(n)) {
      const last = n.declarationList.declarations.at(-1)
      if (last?.initializer !== undefined) targets.push(last.initializer)
    } else ts.forEachChild(n, visit)
  }
  ts.forEachChild(sf, visit)
  const edits: Array<{ readonly start: number; readonly end: number; readonly n: number }> = []
  const stray: Array<string> = []
  claims.forEach((c, n) => {
    const alone = /^\s*\/\//.test(ex.code[c.line]!)
    const wanted = alone ? c.line - 1 : c.line
    const target = targets.find((e) => lineOf(e.getEnd()) === wanted)
    if (target === undefined) stray.push(`${ex.source}:${ex.line + c.line}: no statement ends here for the claim`)
    else edits.push({ start: target.getStart(sf), end: target.getEnd(), n })
  })
  const wrapped = [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce(
      (acc, e) => `${acc.slice(0, e.start)}__gfClaim(${e.n}, (${acc.slice(e.start, e.end)}))${acc.slice(e.end)}`,
      text
    )
  return { code: wrapped.split('\n'), claims, stray }
}

const where = (ex: Example, offset = 0): string => `${ex.source}:${ex.line + offset}`

const sourceFiles = (dir: string): ReadonlyArray<string> =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory()
        ? sourceFiles(path.join(dir, d.name))
        : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts')
          ? [path.join(dir, d.name)]
          : []
    )
    .sort()

/**
 * `GRADFOLD_EXAMPLES=src/tensor` checks only the examples of files whose path (from the package
 * root) starts with that text, for a quick look while writing examples; unset, all of them.
 */
const only = process.env['GRADFOLD_EXAMPLES'] ?? ''

const tagLine = /^\s*\*\s*@example\s*$/
const otherTag = /^\s*\*\s*@\w/
const commentEnd = /\*\//

/** The `@example` blocks of one file, in order. */
const examplesIn = (file: string): ReadonlyArray<Omit<Example, 'file' | 'claims'>> => {
  const source = path.relative(root, file).split(path.sep).join('/')
  const lines = fs.readFileSync(file, 'utf8').split('\n')
  const found: Array<Omit<Example, 'file' | 'claims'>> = []
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

/** Problems a compiler would not see: an example that does not import gradfold, or imports fp-ts by a path Node refuses. */
const lint = (ex: Example): ReadonlyArray<string> => [
  ...(ex.code.some((l) => /from 'gradfold(\/laws|\/node|\/advanced)?'/.test(l))
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
const strayClaims: Array<string> = []

/** Declares the recorder every instrumented example calls; it returns its argument unchanged. */
const recorderDeclaration = 'declare global { function __gfClaim<T>(n: number, value: T): T }'

const writeExamples = (): ReadonlyArray<Example> => {
  fs.mkdirSync(outDir, { recursive: true })
  const files = [...sourceFiles(path.join(root, 'src')), ...sourceFiles(path.join(root, 'laws'))].filter((f) =>
    path.relative(root, f).split(path.sep).join('/').startsWith(only)
  )
  const examples = files.flatMap((f) =>
    examplesIn(f).map((found) => {
      const { code, claims, stray } = instrument(found)
      strayClaims.push(...stray)
      const ex = { ...found, code, claims }
      const file = path.join(
        outDir,
        `${ex.source
          .replace(/^src\//, '')
          .replace(/^laws\//, 'laws__')
          .replace(/\.ts$/, '')
          .replace(/\//g, '__')}__L${ex.line}.ts`
      )
      // `export {}` keeps a file a module even if its example imports nothing.
      writeIfChanged(file, [...ex.code.map(rewrite), 'export {}', recorderDeclaration, ''].join('\n'))
      return { ...ex, file }
    })
  )
  const current = new Set(examples.map((ex) => path.basename(ex.file)))
  for (const f of fs.readdirSync(outDir)) if (f.endsWith('.ts') && !current.has(f)) fs.rmSync(path.join(outDir, f))
  return examples
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

/** Plain data for comparing and printing: a tensor becomes its nested arrays, a typed array an array. */
const plain = (v: unknown): unknown => {
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array) return [...v]
  if (Array.isArray(v)) return v.map(plain)
  if (typeof v === 'object' && v !== null) {
    const r = v as Record<string, unknown>
    if (r['_tag'] === 'Tensor') {
      const shape = r['shape'] as ReadonlyArray<number>
      const data = [...(r['data'] as Float64Array)]
      const nest = (dims: ReadonlyArray<number>, flat: ReadonlyArray<number>): unknown => {
        if (dims.length === 0) return flat[0]
        const size = flat.length / dims[0]!
        return Array.from({ length: dims[0]! }, (_, i) => nest(dims.slice(1), flat.slice(i * size, (i + 1) * size)))
      }
      return nest(shape, data)
    }
    return Object.fromEntries(Object.entries(r).map(([k, x]) => [k, plain(x)]))
  }
  return v
}

/** The notation claims are written in: `{ w: -0, b: [1, 'a'] }`. */
const print = (v: unknown): string => {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v)
  if (typeof v === 'string') return `'${v}'`
  if (typeof v === 'function') return '[Function]'
  if (Array.isArray(v)) return `[${v.map(print).join(', ')}]`
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${print(x)}`)
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`
  }
  return String(v)
}

/** Deep equality of plain data, numbers by `Object.is`. */
const same = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b)
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]))
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a).sort()
    const kb = Object.keys(b).sort()
    const ra = a as Record<string, unknown>
    const rb = b as Record<string, unknown>
    return same(ka, kb) && ka.every((k) => same(ra[k], rb[k]))
  }
  return a === b
}

const isIoTsErrors = (value: unknown): boolean => {
  const left = (value as { readonly left?: unknown }).left
  return (
    Array.isArray(left) && left.length > 0 && left.every((e) => typeof e === 'object' && e !== null && 'context' in e)
  )
}

const abbreviation = /…|\.\.\./

/** Why a recorded value does not bear out its claim, or undefined when it does. */
const refute = (claim: Claim, value: unknown): string | undefined => {
  if (claim.kind === '=>') return compare(claim, plain(value))
  const either = value as { readonly _tag?: unknown; readonly right?: unknown; readonly left?: unknown }
  const side = claim.kind.startsWith('right') ? 'Right' : 'Left'
  if (either?._tag !== side)
    return `claimed ${side}, got ${either?._tag === 'Right' || either?._tag === 'Left' ? print(plain(value)) : `a value that is not an Either: ${print(plain(value))}`}`
  if (claim.kind === 'right:') return undefined
  // Only what a claim compares is made plain: a Left may hold a large input (io-ts keeps it).
  const raw = side === 'Right' ? either.right : either.left
  if (claim.kind === 'left:') {
    const message = (raw as { readonly message?: unknown })?.message
    // io-ts's own Left (an array of validation errors) reads as the DecodeError gradfold makes of it.
    const text =
      typeof message === 'string'
        ? message
        : isIoTsErrors(value)
          ? decodeError((value as { readonly left: t.Errors }).left).message.replace(/^\(root\): /, '')
          : print(plain(raw))
    const prefix = claim.text.split(abbreviation)[0]!.trimEnd()
    return text.startsWith(prefix) ? undefined : `claimed message "${claim.text}", got "${text}"`
  }
  return compare(claim, plain(raw))
}

/** Why `content` is not the value the claim writes (a literal, or a printed prefix before `…`), or undefined when it is. */
const compare = (claim: Claim, content: unknown): string | undefined => {
  const printed = print(content)
  if (abbreviation.test(claim.text)) {
    const prefix = claim.text.split(abbreviation)[0]!
    return printed.startsWith(prefix) ? undefined : `claimed ${claim.text}, got ${printed}`
  }
  let expected: unknown
  try {
    // `some(x)` and `none` write fp-ts Options.
    expected = plain(
      new Function('some', 'none', `return (${claim.text})`)((value: unknown) => ({ _tag: 'Some', value }), {
        _tag: 'None'
      })
    )
  } catch {
    return `the claim ${claim.text} is not a JavaScript value (abbreviate with …${claim.kind === '=>' ? '' : ` or write \`${claim.kind.slice(0, -1)}: prose\``})`
  }
  return same(expected, content) ? undefined : `claimed ${print(expected)}, got ${printed}`
}

const examples = writeExamples()

/** Outside a run of the examples, the recorder only hands its value back. */
const identityRecorder = <T>(_n: number, value: T): T => value
;(globalThis as { __gfClaim?: unknown }).__gfClaim = identityRecorder

/** What running every example once gave: the examples that threw, and each example's claimed values. */
interface Run {
  readonly failures: ReadonlyArray<string>
  readonly recorded: ReadonlyMap<Example, ReadonlyArray<unknown>>
}

/**
 * Imports every example once, one after the other, recording the value of each claimed
 * statement (awaited when it is a promise). Both the "run" and the "claims" tests read this one
 * run, so no example is evaluated twice.
 */
const runAll = async (): Promise<Run> => {
  const failures: Array<string> = []
  const recorded = new Map<Example, ReadonlyArray<unknown>>()
  const g = globalThis as { __gfClaim?: (n: number, value: unknown) => unknown }
  // What an example prints is for a reader at a console, not for this report.
  const quiet = [
    vi.spyOn(console, 'log').mockImplementation(() => {}),
    vi.spyOn(console, 'error').mockImplementation(() => {})
  ]
  try {
    for (const ex of examples) {
      const current: Array<unknown> = []
      g.__gfClaim = (n, value) => {
        current[n] = value
        return value
      }
      try {
        await import(pathToFileURL(ex.file).href)
      } catch (e) {
        failures.push(`${where(ex, thrownAt(ex, e))}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`)
      }
      // An awaited value is recorded when it settles; the example went on with the same value.
      const settled = await Promise.all(
        Array.from({ length: current.length }, (_, n) =>
          n in current ? Promise.resolve(current[n]).catch((e: unknown) => e) : undefined
        )
      )
      recorded.set(
        ex,
        settled.map((v, n) => (n in current ? v : notEvaluated))
      )
    }
  } finally {
    for (const spy of quiet) spy.mockRestore()
    g.__gfClaim = identityRecorder
  }
  return { failures, recorded }
}

/** Marks a claimed statement the example never reached. */
const notEvaluated = Symbol('not evaluated')

let run: Promise<Run> | undefined
const theRun = (): Promise<Run> => (run ??= runAll())

/** Hundreds of examples, some of them training runs, on a machine that may be busy. */
const runTimeout = 900_000

describe('the @example blocks in src/ and laws/', () => {
  it('are found: more than a hundred of them, none empty', () => {
    expect(examples.length).toBeGreaterThan(only === '' ? 100 : 0)
    expect(examples.filter((ex) => ex.code.every((l) => l.trim() === '')).map((ex) => where(ex))).toEqual([])
  })

  it('import gradfold, and fp-ts by the paths Node resolves', () => {
    expect(examples.flatMap(lint)).toEqual([])
  })

  it('type-check under the project compiler options', () => {
    expect(typeCheck(examples)).toEqual([])
  })

  it(
    'run without throwing',
    async () => {
      expect((await theRun()).failures).toEqual([])
    },
    runTimeout
  )

  it('attach every `// right…` / `// left…` claim to a statement', () => {
    expect(strayClaims).toEqual([])
  })

  it(
    'give the results their `// right…` / `// left…` comments claim',
    async () => {
      const { recorded } = await theRun()
      const wrong = examples.flatMap((ex) =>
        ex.claims.flatMap((c, n) => {
          const values = recorded.get(ex) ?? []
          const value = n < values.length ? values[n] : notEvaluated
          if (value === notEvaluated) return [`${where(ex, c.line)}: the claimed statement was not evaluated`]
          const why = refute(c, value)
          return why === undefined ? [] : [`${where(ex, c.line)}: ${why}`]
        })
      )
      expect(wrong).toEqual([])
    },
    runTimeout
  )
})
