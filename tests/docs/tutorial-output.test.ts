/**
 * Every program in docs/tutorial.md prints exactly the output shown under it, run the way the tutorial says:
 * saved as a file under runs/ and started from the repository root with
 * `node --import @tapegrad/source-loader FILE`. A block that prints nothing, or something else, fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TUTORIAL = readFileSync(join(ROOT, 'docs/tutorial.md'), 'utf8');

interface Program {
  /** The line of the program's first code line in the tutorial. */
  readonly line: number;
  readonly code: string;
  /** The ```text block right after it, or undefined when there is none. */
  readonly shown: string | undefined;
}

/** The fenced block opening at `lines[open]`: its body and the index of its closing fence. */
function fencedBody(lines: readonly string[], open: number): { body: string; close: number } {
  let close = open + 1;
  while (close < lines.length && lines[close] !== '```') close++;
  return { body: lines.slice(open + 1, close).join('\n'), close };
}

/** Each ```ts block of the tutorial with the ```text block that follows it (blank lines between). */
function programs(markdown: string): Program[] {
  const lines = markdown.split('\n');
  const found: Program[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const program = fencedBody(lines, i);
    let next = program.close + 1;
    while (lines[next] === '') next++;
    const output = lines[next] === '```text' ? fencedBody(lines, next) : undefined;
    found.push({ line: i + 2, code: program.body, shown: output?.body });
    i = output?.close ?? program.close;
  }
  return found;
}

/** Runs a program as the tutorial tells a reader to: a file under runs/, Node with the source loader. */
function runAsReader(program: Program): { status: number | null; stdout: string; stderr: string } {
  const dir = join(ROOT, 'runs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `tutorial-line-${program.line}-${process.pid}.ts`);
  writeFileSync(file, program.code);
  try {
    const run = spawnSync(process.execPath, ['--import', '@tapegrad/source-loader', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(file, { force: true });
  }
}

const found = programs(TUTORIAL);

describe('docs/tutorial.md programs', () => {
  test('the tutorial has programs, each with the output it prints shown under it', () => {
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const program of found) {
      expect(
        program.shown,
        `the program at line ${program.line} has a \`\`\`text block after it`,
      ).toBeDefined();
      expect(program.shown!.trim(), `the output shown for line ${program.line}`).not.toBe('');
    }
  });

  test('says how to run a program, with the command this test uses', () => {
    expect(TUTORIAL).toContain('node --import @tapegrad/source-loader runs/scratch.ts');
  });

  for (const program of found) {
    test(`the program at line ${program.line} prints what the tutorial shows`, () => {
      const run = runAsReader(program);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${program.shown}\n`);
    });
  }
});
