#!/usr/bin/env node
// tapegrad's benchmark from any folder: the reference harness runs its --extra command from
// shared/bench/, where `node --import ...` would not find this workspace's packages. The source loader is
// imported here, resolved from this package, and then src/main.ts runs (it reads process.argv: --workload
// Wk, --quick).
import '@tapegrad/source-loader';

// The issue compares against single-threaded references: matmul's helper threads stay off unless asked for.
process.env.TAPEGRAD_THREADS ??= '1';
await import('../src/main.ts');
