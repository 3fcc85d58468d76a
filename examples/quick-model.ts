// The newcomer's task in a few lines: load a CSV, train an MLP with Adam and early stopping,
// save the whole model to one file, load it in a new process and predict classes for raw rows.
// The table is the Palmer penguins (examples/data/penguins.csv): species from the island, four
// measurements and the sex, with category names and empty cells as they were recorded.
// `Node.experiment` is `gradfold train` from code: the same config gives the same model file.
// Run with `npx tsx examples/quick-model.ts` (the new process is this file, with `predict <model>`).
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { Train } from '../src/index.js'
import * as Node from '../src/node/index.js'

/** The experiment: everything left out takes `Advanced.Train.DEFAULTS` (a 16-unit tanh MLP, a stratified 60/20/20 split, …). */
export const config = {
  data: { source: 'file', path: 'examples/data/penguins.csv', label: 'species' },
  preprocessing: { standardize: true, categorical: ['island', 'sex'], missing: 'impute' },
  optimizer: { name: 'adam', lr: 0.01 },
  stop: { maxEpochs: 200, patience: 20 } // early stopping: 20 epochs without a better validation loss
} as const

/** Raw rows, as a user has them: category names, numbers as text, an empty cell. */
export const rows = [
  {
    island: 'Biscoe',
    bill_length_mm: '48.7',
    bill_depth_mm: '14.1',
    flipper_length_mm: '210',
    body_mass_g: '4450',
    sex: ''
  },
  {
    island: 'Torgersen',
    bill_length_mm: '39.1',
    bill_depth_mm: '18.7',
    flipper_length_mm: '181',
    body_mass_g: '3750',
    sex: 'MALE'
  },
  {
    island: 'Dream',
    bill_length_mm: '49.0',
    bill_depth_mm: '19.5',
    flipper_length_mm: '210',
    body_mass_g: '3950',
    sex: 'MALE'
  }
]

const fail = (e: { readonly message: string }): void => {
  console.error(`quick-model: ${e.message}`)
  process.exitCode = 1
}

const predictIn = async (file: string): Promise<void> => {
  const model = await Node.loadModel(file)()
  const classes = E.chainW((m: Train.ModelFile) => Train.predictClasses(m)(rows))(model)
  if (E.isLeft(classes)) return fail(classes.left)
  console.log(`predicted: ${classes.right.join(', ')}`)
}

const trainAndSave = async (): Promise<void> => {
  const run = await Node.experiment(config)()
  if (E.isLeft(run)) return fail(run.left)
  const file = join(mkdtempSync(join(tmpdir(), 'gradfold-quick-')), 'penguins-model.json')
  const saved = await Node.saveModel(file)(run.right.model)()
  if (E.isLeft(saved)) return fail(saved.left)
  console.log(run.right.report)
  console.log(`saved ${file}`)
  // a new process, with nothing in hand but the file
  const args = ['--import', 'tsx', 'examples/quick-model.ts', 'predict', file]
  process.stdout.write(execFileSync(process.execPath, args, { encoding: 'utf8' }))
}

if (process.argv[2] === 'predict') await predictIn(process.argv[3]!)
else if (process.argv[1]?.endsWith('quick-model.ts')) await trainAndSave()
