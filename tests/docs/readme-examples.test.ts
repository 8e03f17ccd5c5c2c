/**
 * Every TypeScript example in the READMEs runs as written, and every `// => value` comment in it holds.
 * (The tutorial's programs print their results instead: tutorial-output.test.ts runs them as a reader would.)
 *
 * A block's lines of the form `expression; // => value  (remark)` become assertions that the expression deep-equals
 * the value; a line followed by `// throws Name: message` must throw exactly that. The block is
 * transpiled with TypeScript and run with the exports of both libraries and of @tapegrad/viz in scope.
 */
import { readFileSync } from 'node:fs';
import * as autograd from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import * as viz from '@tapegrad/viz';
import * as vizNode from '@tapegrad/viz/node';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

interface Example {
  readonly path: string;
  readonly firstLine: number;
  readonly code: string;
}

const readmes = [
  'README.md',
  'packages/autograd/README.md',
  'packages/nn/README.md',
  'packages/viz/README.md',
];

/** The ```ts blocks of a Markdown file, with the line number of each block's first code line. */
function examplesIn(path: string, markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const firstLine = i + 2;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    examples.push({ path, firstLine, code: body.join('\n') });
  }
  return examples;
}

const EXPECTATION = /^(\s*)(.+?);\s*\/\/ => (.+)$/;
const THROWS = /^\/\/ throws (\w+): (.*)$/;
const IMPORT = /^import .* from '@tapegrad\/(autograd|nn|viz(\/node|\/plots|\/graph|\/report|\/explain)?)';$/;

/** Rewrites one block: imports dropped (the exports are in scope), expectations and throws made checks. */
function instrument(example: Example): string {
  const lines = example.code.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const where = JSON.stringify(`${example.path} line ${example.firstLine + i}`);
    const thrown = lines[i + 1]?.match(THROWS);
    const expectation = line.match(EXPECTATION);
    if (IMPORT.test(line) || THROWS.test(line)) out.push('');
    else if (thrown) {
      const statement = line.replace(/;\s*$/, '');
      out.push(
        `throws(() => { ${statement}; }, ${JSON.stringify(thrown[1])}, ${JSON.stringify(thrown[2])}, ${where});`,
      );
    } else if (expectation) {
      // The value ends where a remark set off by two spaces begins: `// => 36  (1 + 2 + 3)^2`.
      const [, indent, expression, rest] = expectation;
      const expected = rest!.split(/\s{2,}/)[0];
      out.push(`${indent}equals(${expression}, ${expected}, ${where});`);
    } else out.push(line);
  });
  return out.join('\n');
}

/** Arrays are compared as plain JSON values; everything else with toEqual. */
function equals(actual: unknown, expected: unknown, where: string): void {
  const comparable = Array.isArray(actual) ? JSON.parse(JSON.stringify(actual)) : actual;
  expect(comparable, where).toEqual(expected);
}

function throws(run: () => void, name: string, message: string, where: string): void {
  expect(run, where).toThrow(expect.objectContaining({ name, message }));
}

function runExample(example: Example): void {
  const source = `{\n${instrument(example)}\n}`;
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  // autograd exports `var` (PyTorch's name) beside `variance`: a reserved word cannot name a parameter.
  const exports = Object.entries({ ...autograd, ...nn, ...viz, ...vizNode }).filter(
    ([name]) => name !== 'var',
  );
  const run = new Function(...exports.map(([name]) => name), 'equals', 'throws', 'console', outputText);
  const quiet = { log: () => undefined };
  run(...exports.map(([, value]) => value), equals, throws, quiet);
}

for (const path of readmes) {
  describe(`${path} examples`, () => {
    const examples = examplesIn(path, readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
    test('has examples', () => {
      expect(examples.length).toBeGreaterThan(0);
    });
    for (const example of examples) {
      test(`the block at line ${example.firstLine} runs and its // => values hold`, () => {
        runExample(example);
      });
    }
  });
}
