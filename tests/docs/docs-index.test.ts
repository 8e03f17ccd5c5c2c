/**
 * docs/README.md, the index of the documentation, lists every Markdown page of the repository (the root
 * README, docs/*.md and each package's README), and each of its links leads to a file that exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INDEX = join(ROOT, 'docs/README.md');

/** The files the index's Markdown links point to, relative to the repository root. */
function linkedFiles(): string[] {
  const links = [...readFileSync(INDEX, 'utf8').matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map(
    (match) => match[1]!,
  );
  return links.map((link) => relative(ROOT, join(dirname(INDEX), link)));
}

/** Every page a reader could look for: README.md, docs/*.md (but the index) and packages/NAME/README.md. */
function pages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => `docs/${name}`);
  const packages = readdirSync(join(ROOT, 'packages'))
    .map((name) => `packages/${name}/README.md`)
    .filter((path) => existsSync(join(ROOT, path)));
  return ['README.md', ...docs, ...packages];
}

test('docs/README.md links every Markdown page of the repository', () => {
  const linked = new Set(linkedFiles());
  expect(pages().filter((page) => !linked.has(page))).toEqual([]);
});

test("each of docs/README.md's links leads to a file that exists", () => {
  expect(linkedFiles().filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
});
