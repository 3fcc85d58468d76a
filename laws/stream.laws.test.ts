import fc from 'fast-check'
import { describe, it } from 'vitest'
import * as O from 'fp-ts/lib/Option.js'
import { arbKey } from './arbitraries.js'
import { divergingCase, fusionCase } from './arbitraries/fusion.js'
import { shardCase } from './arbitraries/shards.js'
import { lawParameters } from './config.js'
import * as laws from './stream.js'

const chunkSizes = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 })

describe('stream: data read in chunks', () => {
  it('blocks of a chunked data set are its in-memory slices, bit for bit, whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(shardCase(), chunkSizes, (c, sizes) => laws.blocksIgnoreChunking(c.batch, c.shardSize, sizes)),
      lawParameters
    )
  })
  it('the full-batch gradient over chunks is the in-memory sharded gradient, bit for bit, for any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(shardCase(), chunkSizes, (c, sizes) =>
        laws.streamGradientIsSharded(c.spec, c.shardSize, c.batch, c.params, sizes)
      ),
      lawParameters
    )
  })
  it('shuffled mini-batches do not depend on the chunk sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        shardCase(),
        chunkSizes,
        chunkSizes,
        arbKey,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.nat({ max: 5 }),
        (c, sizes, other, key, batchSize, extra, epoch) =>
          laws.shuffleIgnoresChunking(c.batch, { batchSize, buffer: batchSize * (1 + extra), key, epoch }, sizes, other)
      ),
      lawParameters
    )
  })

  it('a stream that fits in one block trains as fitFrom on its rows, bit for bit, failures included, whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fusionCase, divergingCase), chunkSizes, fc.integer({ min: 1, max: 3 }), (c, sizes, k) =>
        laws.oneBlockIsFitFrom(
          { ...c.config, maxEpochs: c.state.epoch + k },
          { state: c.state, history: [], best: O.none },
          c.data,
          sizes
        )
      ),
      lawParameters
    )
  })
})
