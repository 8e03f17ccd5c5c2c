/**
 * `pnpm start`: the main job. The two-layer network of the derivations (2-16-1, tanh hidden, sigmoid
 * output, binary cross entropy) trained on 1000 points of two moons (noise 0.15, stratified 80/20 split):
 * `tapegrad train` with these settings. It prints the hand-derived gradients beside the tape's at the first
 * step, the progress and the accuracy, and writes runs/main/ (model, history, plots, report.html), which
 * every other command reads: `pnpm tapegrad predict --model runs/main 0,1`.
 */
import { join } from 'node:path';
import { main } from '@tapegrad/cli';
import { MAIN_JOB } from './main-job.ts';

// pnpm runs this from packages/examples; write runs/ where the user typed the command.
const out = join(process.env.INIT_CWD ?? process.cwd(), 'runs', 'main');
await main([process.argv[0]!, process.argv[1]!, ...MAIN_JOB, '--out', out]);
