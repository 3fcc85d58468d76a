// Printed once per test run, so that any property failure can be replayed with the same seed.
import { lawRuns, lawSeed } from './config.js'

export default function printLawSeed(): void {
  console.log(
    `gradfold laws: fast-check seed ${lawSeed}, ${lawRuns} runs per law (GRADFOLD_LAW_SEED / GRADFOLD_LAW_RUNS to change)`
  )
}
