import { describe, expect, it } from 'vitest'
import * as _ from '../../src/node/optionalPeer.js'

const notFound = (specifier: string): Error =>
  Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/dist/src/node/sweep/queue.js`), {
    code: 'ERR_MODULE_NOT_FOUND'
  })

describe('importPeer', () => {
  it('answers the module when it is installed', async () => {
    await expect(
      _.importPeer('bullmq', 'npm install bullmq ioredis', () => Promise.resolve({ Queue: 1 }))
    ).resolves.toEqual({
      Queue: 1
    })
  })

  it('names the missing package and the command that installs it', async () => {
    await expect(
      _.importPeer('bullmq', 'npm install bullmq ioredis', () => Promise.reject(notFound('bullmq')))
    ).rejects.toThrow('the package bullmq is not installed; install it with: npm install bullmq ioredis')
  })

  it('passes any other failure on as it is, a missing package of another name included', async () => {
    const broken = new Error('bullmq threw while loading')
    await expect(_.importPeer('bullmq', 'npm install bullmq', () => Promise.reject(broken))).rejects.toBe(broken)
    const other = notFound('msgpackr')
    await expect(_.importPeer('bullmq', 'npm install bullmq', () => Promise.reject(other))).rejects.toBe(other)
  })

  it('reports the real loader’s error for a package that is not there', async () => {
    await expect(
      _.importPeer(
        'gradfold-no-such-package',
        'npm install gradfold-no-such-package',
        () => import(['gradfold-no-such-package'].join(''))
      )
    ).rejects.toThrow('the package gradfold-no-such-package is not installed')
  })
})
