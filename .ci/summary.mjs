// Reads vitest's JSON reports (npm test's, then npm run test:integration's) and prints the
// closing line CI looks for, over all of them: `N passed, N failed`. A report that is missing
// counts as one failure (type-checking or vitest failed before its tests ran).
import { readFileSync, existsSync } from 'node:fs'

const paths = process.argv.slice(2)
let passed = 0
let failed = paths.length === 0 ? 1 : 0
let skipped = 0
for (const path of paths) {
  if (!existsSync(path)) {
    console.error(`no test report at ${path}: type-checking or vitest failed before tests ran`)
    failed += 1
    continue
  }
  const report = JSON.parse(readFileSync(path, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests + (report.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(report)
  skipped += report.numPendingTests + (report.numTodoTests ?? 0)
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)

function countSuitesWithFailedTests(r) {
  return r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.some((a) => a.status === 'failed'))
    .length
}
