// Fisher's Iris on the bundled copy (Data.iris, 150 flowers, 4 measurements, 3 species): a
// stratified 70/30 split, standardised with the training part's statistics, a 4-8-3 network
// trained with Adam on softmax cross-entropy, then the accuracy on flowers it never saw.
// Run with `npx tsx examples/iris.ts`; `--epochs N` (default 100).
import { Data } from '../src/index.js'
import { trainHeldOut } from './shared/heldOut.js'

trainHeldOut({
  name: 'Iris',
  what: 'flowers',
  data: Data.iris,
  hidden: 8,
  testFraction: 0.3,
  lr: 0.01,
  batch: 16,
  epochs: 100
})
