// Bundles the playground for the browser with esbuild: main.ts and the gradfold sources it
// imports become one script. The bundle is built for the browser platform, so a Node-only
// import anywhere below gradfold's root entry would fail the build.
import { mkdir, copyFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

export const here = dirname(fileURLToPath(import.meta.url))

/**
 * fp-ts as ES modules: gradfold imports `fp-ts/lib/*` (CommonJS, which a bundler keeps whole);
 * the same modules from `fp-ts/es6/*` let esbuild drop what the page does not use (the
 * script falls from about 204 KB to about 122 KB, minified).
 */
const fpTsModules: Plugin = {
  name: 'fp-ts-es6',
  setup: (b) => {
    b.onResolve({ filter: /^fp-ts\/lib\// }, (a) =>
      b.resolve(a.path.replace('fp-ts/lib/', 'fp-ts/es6/'), { kind: a.kind, resolveDir: a.resolveDir })
    )
  }
}

/** The page's files besides the script, served and copied as they are. */
export const STATIC_FILES = ['index.html', 'style.css'] as const

/**
 * The bundled script, as text: minified without a source map for a static host (`writePage`),
 * readable with an inline source map for `npm run playground` and the browser test.
 */
export const bundle = async (forHost = false): Promise<string> => {
  const result = await build({
    entryPoints: [join(here, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: forHost,
    sourcemap: forHost ? false : 'inline',
    plugins: [fpTsModules],
    logLevel: 'silent'
  })
  return result.outputFiles[0]!.text
}

/** Writes the page to `outDir` (examples/playground/dist unless given): open its index.html from any static host. */
export const writePage = async (outDir = join(here, 'dist')): Promise<string> => {
  await mkdir(outDir, { recursive: true })
  await writeFile(join(outDir, 'main.js'), await bundle(true))
  for (const f of STATIC_FILES) await copyFile(join(here, f), join(outDir, f))
  return outDir
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writePage(process.argv[2]).then(
    (dir) => console.log(`playground written to ${dir}`),
    (e: unknown) => {
      console.error(`playground build failed: ${e instanceof Error ? e.message : String(e)}`)
      process.exitCode = 1
    }
  )
}
