// Prints "N passed, N failed" (and ", N skipped" when some were) from vitest's JSON report.
// A missing report (typecheck or lint failed before the tests ran) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? 'reports/vitest.json';
if (!existsSync(reportPath)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${reportPath}: the typecheck or the lint failed before the tests ran`);
  process.exit(0);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
// A test file that fails to load has no test results of its own; count it as a failure too.
const failedSuites = report.testResults.filter(
  (file) => file.status === 'failed' && file.assertionResults.length === 0,
);
const failed = report.numFailedTests + failedSuites.length;
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
