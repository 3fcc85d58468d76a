// Reads vitest's JSON report and prints the closing line CI looks for: `N passed, N failed`.
import { readFileSync, existsSync } from 'node:fs'

const path = process.argv[2]
if (path === undefined || !existsSync(path)) {
  console.log('0 passed, 1 failed')
  console.error(`no test report at ${path}: type-checking or vitest failed before tests ran`)
  process.exit(0)
}
const report = JSON.parse(readFileSync(path, 'utf8'))
const failed = report.numFailedTests + (report.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(report)
const skipped = report.numPendingTests + (report.numTodoTests ?? 0)
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)

function countSuitesWithFailedTests(r) {
  return r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.some((a) => a.status === 'failed'))
    .length
}
