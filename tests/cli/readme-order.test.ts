/**
 * The root README's `tapegrad` commands, run in order as a learner runs them (in a fresh folder standing in
 * for the repository root), write only under `runs/`, which git and the linter ignore. They once wrote
 * graph.svg, worked.md/html and gradient-comparison.svg beside the sources, and `pnpm test` then failed
 * on them. The commands are read from README.md when the test runs, so a new or changed line is covered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runTapegrad, tempDir } from './tapegrad-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The arguments of each `pnpm tapegrad ...` line in the README's "The `tapegrad` command" block. */
function readmeCommands(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('The `tapegrad` command'));
  const block = section === undefined ? undefined : /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined)
    throw new Error('README.md has no "## The `tapegrad` command" section with a sh block');
  return block
    .split('\n')
    .filter((line) => line.startsWith('pnpm tapegrad '))
    .map((line) => {
      const command = line.replace(/\s+#.*$/, '');
      // The words are split on spaces: a quoted argument would need a shell's reading.
      expect(command, 'a README command line with quotes').not.toMatch(/['"]/);
      return command.split(/\s+/).slice(2);
    });
}

/** A CSV named relative to the repository root, as the README's lines are typed there. */
const fromRoot = (arg: string) => (arg.startsWith('csv:') ? `csv:${join(ROOT, arg.slice(4))}` : arg);

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

test("the README's tapegrad commands, in order, succeed and write only under runs/", async () => {
  const commands = readmeCommands();
  expect(commands.map((args) => args[0])).toEqual(
    expect.arrayContaining(['train', 'evaluate', 'predict', 'compare', 'gradcheck', 'graph', 'explain']),
  );
  const cwd = tempDir('readme-order');
  const outside: string[] = [];
  let before = new Set<string>();
  for (const args of commands) {
    const shown = `tapegrad ${args.join(' ')}`;
    const { code, stderr } = await runTapegrad(args.map(fromRoot), { cwd });
    expect(code, `${shown}: ${stderr}`).toBe(0);
    const after = filesUnder(cwd);
    for (const file of after) {
      if (!before.has(file) && !file.startsWith('runs/')) outside.push(`${shown} wrote ${file}`);
    }
    before = new Set(after);
  }
  expect(outside).toEqual([]);
  expect([...before].length).toBeGreaterThan(0);
}, 300_000);
