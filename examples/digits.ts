// Handwritten digits on the bundled copy (gradfold/data/digits: 1797 images of 8 × 8 pixels, digits 0
// to 9): a stratified 80/20 split, pixels standardised with the training part's statistics, a
// 64-32-10 network trained with Adam on softmax cross-entropy in mini-batches of 32, then the
// accuracy on images it never saw. Run with `npx tsx examples/digits.ts`; `--epochs N` (default 20).
import { digits } from '../src/data/digits.js'
import { trainHeldOut } from './shared/heldOut.js'

trainHeldOut({
  name: 'digits',
  what: 'images',
  data: digits,
  hidden: 32,
  testFraction: 0.2,
  lr: 0.003,
  batch: 32,
  epochs: 20
})
