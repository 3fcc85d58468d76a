import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/node/files.js'
import { getLeft, getRight } from '../either.js'

describe('writeTextAtomic', () => {
  it('replaces the file and leaves nothing else behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-io-'))
    const path = join(dir, 'a.json')
    writeFileSync(path, 'old')
    getRight(await _.writeTextAtomic(path)('new')())
    expect(readFileSync(path, 'utf8')).toBe('new')
    expect(readdirSync(dir)).toEqual(['a.json'])
  })

  it('answers IoError and keeps the old file when the rename cannot happen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-io-'))
    const e = getLeft(await _.writeTextAtomic(dir)('text')())
    expect(e).toMatchObject({ _tag: 'IoError', operation: 'write', path: dir })
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('leftovers of killed writes (regression)', () => {
  it('are removed by the next write of the same file, and nothing else is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-io-'))
    const path = join(dir, 'run.json')
    const killed = '.run.json.0b5e7a52-3f39-4c1e-9d3e-2b8f3c1f0a7d.tmp'
    const other = '.other.json.0b5e7a52-3f39-4c1e-9d3e-2b8f3c1f0a7d.tmp'
    writeFileSync(join(dir, killed), 'half a checkpoint')
    writeFileSync(join(dir, other), 'another file’s')
    writeFileSync(join(dir, 'notes.tmp'), 'mine')
    getRight(await _.writeTextAtomic(path)('{}')())
    expect(readdirSync(dir).sort()).toEqual([other, 'notes.tmp', 'run.json'].sort())
  })
})

describe('readText', () => {
  it('reads back what was written, and names a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-io-'))
    const path = join(dir, 'b.txt')
    getRight(await _.writeTextAtomic(path)('héllo')())
    expect(getRight(await _.readText(path)())).toBe('héllo')
    expect(getLeft(await _.readText(join(dir, 'missing'))()).message).toContain('missing')
  })
})
