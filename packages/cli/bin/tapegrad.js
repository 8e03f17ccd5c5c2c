#!/usr/bin/env node
// The `tapegrad` command, run from the workspace's TypeScript source: the source loader is imported first
// (the packages' source export condition and tsx), then the command line runs (src/main.ts).
import '@tapegrad/source-loader';

const { main } = await import('../src/main.ts');
await main();
