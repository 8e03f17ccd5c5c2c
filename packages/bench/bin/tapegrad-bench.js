#!/usr/bin/env node
// tapegrad's benchmark from any folder: the reference harness runs its --extra command from
// shared/bench/, where `node --import tsx` would not find tsx. tsx is registered here, resolved from this
// package, and then src/main.ts runs (it reads process.argv: --workload Wk, --quick).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
