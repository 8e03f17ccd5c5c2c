import { defineConfig } from 'vitest/config';

// Tests run on the packages' TypeScript source: each package's exports map lists it under this condition,
// ahead of the built JavaScript that a user of the published package gets.
const SOURCE_CONDITIONS = ['@tapegrad/source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions: SOURCE_CONDITIONS },
  ssr: { resolve: { conditions: SOURCE_CONDITIONS, externalConditions: ['@tapegrad/source'] } },
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // The JSON report is what .ci/run reads to print its "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    testTimeout: 60_000,
  },
});
