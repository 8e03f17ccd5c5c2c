/**
 * The lint rule lint/no-spread-arguments.grit (a Biome GritQL plugin, on packages/** and tests/support/**):
 * a spread argument, f(...values), fails `pnpm lint`, because at a few hundred thousand elements it throws
 * "RangeError: Maximum call stack size exceeded" (issue 10). Each case lints a probe file in a copy of the
 * repository's Biome configuration, with the repository's Biome.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIOME = join(ROOT, 'node_modules/.bin/biome');

const project = mkdtempSync(join(tmpdir(), 'tapegrad-lint-'));
const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
delete config.$schema;
config.vcs = { enabled: false }; // the copy is no git repository
writeFileSync(join(project, 'biome.json'), JSON.stringify(config));
cpSync(join(ROOT, 'lint'), join(project, 'lint'), { recursive: true });
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Lints `source` as the file `path` of the copy: the exit code and what Biome printed. */
function lint(path: string, source: string): { code: number | null; output: string } {
  const file = join(project, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const result = spawnSync(BIOME, ['lint', '--max-diagnostics=none', path], {
    cwd: project,
    encoding: 'utf8',
  });
  rmSync(file);
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('no-spread-arguments', () => {
  it.each([
    ['Math.max(...values)', 'export const largest = (values: number[]) => Math.max(...values);\n'],
    ['rows.push(...more)', 'export const append = (rows: number[], more: number[]) => rows.push(...more);\n'],
    [
      'String.fromCharCode(...bytes)',
      'export const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);\n',
    ],
    ['new F(...args)', 'export const set = (values: number[]) => new Set(...[values]);\n'],
    ['new F<T>(...args)', 'export const set = (values: number[]) => new Set<number>(...[values]);\n'],
    ['f<T>(...args)', 'export const f = (g: <T>(...v: T[]) => T, v: number[]) => g<number>(...v);\n'],
    [
      'f?.(...args)',
      'export const f = (g: ((...v: number[]) => number) | undefined, v: number[]) => g?.(...v);\n',
    ],
    ['a spread among other arguments', 'export const f = (v: number[]) => Math.min(0, ...v, 1);\n'],
  ])('fails the lint on %s in a package source, saying why and what to use', (_, source) => {
    const { code, output } = lint('packages/probe/src/probe.ts', source);
    expect(code).not.toBe(0);
    expect(output).toContain('Maximum call stack size exceeded');
    expect(output).toContain('Use a loop or reduce');
  });

  it('fails the lint in a test support helper too', () => {
    const { code } = lint('tests/support/probe.ts', 'export const f = (v: number[]) => Math.max(...v);\n');
    expect(code).not.toBe(0);
  });

  it('passes a spread argument only with a biome-ignore comment that gives the reason', () => {
    const source =
      'export const f = (a: number, b: number) =>\n' +
      '  // biome-ignore lint/plugin/no-spread-arguments: two numbers, small by construction\n' +
      '  Math.max(...[a, b]);\n';
    expect(lint('packages/probe/src/probe.ts', source)).toMatchObject({ code: 0 });
  });

  it('does not pass a biome-ignore comment without a reason', () => {
    const source =
      'export const f = (v: number[]) =>\n' +
      '  // biome-ignore lint/plugin/no-spread-arguments\n' +
      '  Math.max(...v);\n';
    expect(lint('packages/probe/src/probe.ts', source).code).not.toBe(0);
  });

  it('passes loops, reduce, array and object spreads and rest parameters', () => {
    const source = [
      'export const largest = (values: number[]) => values.reduce((max, v) => Math.max(max, v), -Infinity);',
      'export const joined = (a: number[], b: number[]) => [...a, ...b];',
      'export const merged = (o: { x: number }) => ({ ...o, y: 1 });',
      'export const count = (...rest: number[]) => rest.length;',
      'export const copy = (rows: number[], out: number[]) => {',
      '  for (const row of rows) out.push(row);',
      '};',
      '',
    ].join('\n');
    expect(lint('packages/probe/src/probe.ts', source)).toMatchObject({ code: 0 });
  });
});
