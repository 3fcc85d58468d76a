// ESLint's flat configuration: typescript-eslint's recommended rules over every TypeScript file,
// the house rule that nothing reads a global random generator, and the layer table (DESIGN.md):
// each folder of src/ may import only from the layers below it, and nothing below the root
// entry imports a Node module. test/architecture/layers.test.ts checks the same table over the
// whole import graph, type-only and re-exports included.
import tseslint from 'typescript-eslint'

/** The layers of src/, lowest first. */
const layers = ['math', 'tensor', 'random', 'tree', 'codec', 'ad', 'nn', 'optim', 'data', 'train', 'node', 'cli']

/** The index of the root entry in the table: it stands between train and node. */
const rootEntry = layers.indexOf('node')

/** An import of a layer's folder from anywhere below src/ (`../nn/dense.js`, `../../nn/index.js`). */
const folder = (layer) => [`../${layer}/*`, `../../${layer}/*`, `../${layer}`, `../../${layer}`]

/** What the files of `layer` (at index `i`) may not import: the layers above, and Node modules below the root entry. */
const restrictionsFor = (layer, i) => [
  ...layers.slice(i + 1).map((above) => ({
    group: folder(above),
    message: `${layer} stands below ${above} in the layer table: imports point down only.`
  })),
  ...(i < rootEntry
    ? [
        {
          group: ['node:*'],
          message: `${layer} is part of the root entry, which bundles for a browser: no Node modules.`
        }
      ]
    : [])
]

/** The house rule that nothing reads a global random generator. */
const noGlobalRandom = {
  object: 'Math',
  property: 'random',
  message: 'Draw from a Random key: nothing reads a global generator.'
}

/**
 * The elementary functions whose last bit ECMAScript leaves to the engine: a computation in
 * src/ takes gradfold's own (`Elementary`, src/math), which give the same bits on V8,
 * JavaScriptCore and SpiderMonkey. Only the command line's drawing code (axis ticks) may use them.
 */
const engineMath = ['exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'tanh', 'pow', 'cos', 'sin'].map((property) => ({
  object: 'Math',
  property,
  message: `Math.${property} may round differently on another engine: use gradfold's Elementary (src/math: exp, expm1, log, log1p, log2, tanh, pow, cosPi).`
}))

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      '.examples/',
      '.readme-examples/',
      'bench/results/',
      'docs/api/',
      'examples/playground/dist/'
    ]
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      'no-restricted-properties': ['error', noGlobalRandom],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
      ]
    }
  },
  {
    // tests and benchmarks poke at raw JSON and foreign libraries, where `any` is the honest type
    files: ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-properties': ['error', noGlobalRandom, ...engineMath],
      // `**` is Math.pow under another name; powers of two (exact everywhere) may stay
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator='**']:not([left.value=2])",
          message: '`**` may round differently on another engine: use Elementary.pow (src/math), or x * x.'
        }
      ]
    }
  },
  ...layers.map((layer, i) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: restrictionsFor(layer, i) }] }
  })),
  {
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...layers.slice(rootEntry).map((above) => ({
              group: [`./${above}/*`],
              message: `the root entry stands below ${above}: it re-exports the browser-safe layers only.`
            })),
            { group: ['node:*'], message: 'the root entry bundles for a browser: no Node modules.' }
          ]
        }
      ]
    }
  }
)
