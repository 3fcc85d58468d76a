// A fake Io for running the command in-process: everything written is kept as text.
import { Writable } from 'node:stream'
import type { Io } from '../../src/cli/io.js'

export interface Captured extends Io {
  readonly stdout: () => string
  readonly stderr: () => string
}

const sink = (chunks: Array<string>): Writable =>
  new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    }
  })

export const captured = (): Captured => {
  const out: Array<string> = []
  const err: Array<string> = []
  return { out: sink(out), err: sink(err), errIsTTY: false, stdout: () => out.join(''), stderr: () => err.join('') }
}
