// `npm run playground`: bundles the page and serves it on http://127.0.0.1:8080 (PORT to
// change), until Ctrl-C. Tests start it on a free port with `servePlayground(0)`.
import { readdir, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundle, here, STATIC_FILES } from './build.js'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8'
}

export interface Playground {
  readonly url: string
  readonly close: () => Promise<void>
}

/** Serves `files` (path → text) on 127.0.0.1:`port` (0 for any free port), as any static host would. */
export const serveFiles = async (files: ReadonlyMap<string, string>, port: number): Promise<Playground> => {
  const server: Server = createServer((request, response) => {
    const path = request.url === '/' || request.url === undefined ? '/index.html' : request.url.split('?')[0]!
    const body = files.get(path)
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    response.writeHead(200, { 'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'text/plain' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** Serves the freshly bundled page on 127.0.0.1:`port` (0 for any free port). */
export const servePlayground = async (port: number): Promise<Playground> => {
  const files = new Map<string, string>([['/main.js', await bundle()]])
  for (const f of STATIC_FILES) files.set(`/${f}`, await readFile(join(here, f), 'utf8'))
  return serveFiles(files, port)
}

/** Serves the files of a directory (as `npm run playground:build` writes them), and nothing else. */
export const serveDirectory = async (dir: string, port: number): Promise<Playground> => {
  const names = await readdir(dir)
  const files = new Map<string, string>()
  for (const f of names) files.set(`/${f}`, await readFile(join(dir, f), 'utf8'))
  return serveFiles(files, port)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  servePlayground(Number(process.env['PORT'] ?? 8080)).then(
    (p) => console.log(`gradfold playground at ${p.url} (Ctrl-C to stop)`),
    (e: unknown) => {
      console.error(`playground failed to start: ${e instanceof Error ? e.message : String(e)}`)
      process.exitCode = 1
    }
  )
}
