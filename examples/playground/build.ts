// Bundles the playground for the browser with esbuild: main.ts and the gradfold sources it
// imports become one script. The bundle is built for the browser platform, so a Node-only
// import anywhere below gradfold's root entry would fail the build.
import { mkdir, copyFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export const here = dirname(fileURLToPath(import.meta.url))

/** The page's files besides the script, served and copied as they are. */
export const STATIC_FILES = ['index.html', 'style.css'] as const

/** The bundled script, as text. */
export const bundle = async (): Promise<string> => {
  const result = await build({
    entryPoints: [join(here, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: false,
    sourcemap: 'inline',
    logLevel: 'silent'
  })
  return result.outputFiles[0]!.text
}

/** Writes the page to `outDir` (examples/playground/dist unless given): open its index.html from any static host. */
export const writePage = async (outDir = join(here, 'dist')): Promise<string> => {
  await mkdir(outDir, { recursive: true })
  await writeFile(join(outDir, 'main.js'), await bundle())
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
