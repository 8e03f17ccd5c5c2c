/** `pnpm start`: the main job (see main/train-moons.ts). */
import { join } from 'node:path';
import { trainMoons } from './main/train-moons.ts';

// pnpm runs this from packages/examples; write runs/ where the user typed the command.
trainMoons({ outDir: join(process.env.INIT_CWD ?? process.cwd(), 'runs', 'main') });
