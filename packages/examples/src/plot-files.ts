/**
 * Where the examples put their plots, and how they write them: as `tapegrad train` does, each plot as SVG
 * and PNG, the folder written whole and atomically (a reader sees the old folder or the new, never a mix).
 */
import { join } from 'node:path';
import { writeFolderAtomic } from '@tapegrad/cli';
import { svgToPng } from '@tapegrad/viz/node';
import type { ExampleOptions } from './examples/options.ts';

/**
 * The folder an example writes: `options.outDir`, else runs/examples/NAME in the folder where the command
 * was typed (pnpm runs the examples from packages/examples and passes the user's folder as INIT_CWD).
 */
export function exampleOutDir(name: string, options: ExampleOptions): string {
  return options.outDir ?? join(process.env.INIT_CWD ?? process.cwd(), 'runs', 'examples', name);
}

/**
 * Writes each plot as NAME.svg and NAME.png into `dir` (replacing the folder whole) and returns the file
 * names, in that order.
 * @example writePlots('runs/examples/optimizers', [{ name: 'loss', svg }]); // ['loss.svg', 'loss.png']
 */
export function writePlots(dir: string, plots: readonly { name: string; svg: string }[]): string[] {
  const files = plots.flatMap(({ name, svg }) => [
    { name: `${name}.svg`, contents: svg },
    { name: `${name}.png`, contents: svgToPng(svg) },
  ]);
  writeFolderAtomic(dir, files);
  return files.map((file) => file.name);
}
