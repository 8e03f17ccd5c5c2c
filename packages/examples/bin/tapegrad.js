#!/usr/bin/env node
// The `tapegrad` command. tapegrad's packages are TypeScript source, so tsx is registered first (it
// compiles each module as it is imported); then the command line runs (src/cli/main.ts).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main();
