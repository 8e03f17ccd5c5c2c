/**
 * `tapegrad graph` as a learner runs it: the graph goes under runs/graph/ by default (never into the folder
 * the command was typed in), every tensor is named, --grads shows data and gradient in every node, and
 * --unfused draws each Linear as matmul then add. One tiny run (40 moons points, 3 epochs) is shared.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseSvg, textsOf } from '../support/svg.ts';
import { runTapegrad, tempDir } from './tapegrad-process.ts';

const dir = tempDir('graph');

/** The labels of the tensor nodes of a DOT text, each split into its lines. */
function dotLabels(dot: string): string[][] {
  return [...dot.matchAll(/^ {2}n\d+ \[label="((?:[^"\\]|\\.)*)"/gm)].map((match) => match[1]!.split('\\n'));
}

beforeAll(async () => {
  const training = await runTapegrad(['train', '--points', '40', '--epochs', '3', '--out', 'moons-run'], {
    cwd: dir,
  });
  expect(training.stderr).toBe('');
  expect(training.code).toBe(0);
});

describe('tapegrad graph', () => {
  test('writes runs/graph/RUN.svg by default, RUN the --model folder, and nothing in the folder it runs in', async () => {
    const cwd = tempDir('graph-default');
    const model = join(dir, 'moons-run');
    const { code, stdout, stderr } = await runTapegrad(['graph', '--model', `${model}/`], { cwd });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Wrote runs/graph/moons-run.svg');
    expect(stdout).toContain(
      'Each Linear layer is one fused op, addmm: Z = b + X W (--unfused draws it as matmul, then add)',
    );
    expect(readdirSync(cwd)).toEqual(['runs']);
    expect(readdirSync(join(cwd, 'runs', 'graph'))).toEqual(['moons-run.svg']);
    const root = parseSvg(readFileSync(join(cwd, 'runs', 'graph', 'moons-run.svg'), 'utf8'));
    const texts = textsOf(root, 'text');
    for (const text of [
      'layer1.weight',
      'layer2.bias',
      'X',
      'y',
      'Z1',
      'A1',
      'm (batch size)',
      'loss',
      'legend',
    ]) {
      expect(texts).toContain(text);
    }
    expect(texts.filter((text) => /^(leaf|parameter) \[/.test(text))).toEqual([]);
  });

  test('--grads writes data and d loss / d tensor into every node; .dot gets the Graphviz text', async () => {
    const { code, stdout } = await runTapegrad(
      ['graph', '--model', 'moons-run', '--grads', '--rows', '2', '--out', 'graphs/grads.dot'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Wrote graphs/grads.dot');
    const dot = readFileSync(join(dir, 'graphs', 'grads.dot'), 'utf8');
    const labels = dotLabels(dot);
    expect(labels).toHaveLength(13);
    for (const lines of labels) {
      expect(lines.some((line) => line.startsWith('data '))).toBe(true);
      expect(lines.some((line) => line.startsWith('grad '))).toBe(true);
    }
    expect(labels.find((lines) => lines[0] === 'm (batch size)')).toEqual([
      'm (batch size)',
      '[]',
      'data 2',
      'grad none',
    ]);
    expect(labels.find((lines) => lines[0] === 'loss')!.at(-1)).toBe('grad 1');
    expect(dot).toContain('grad: d loss / d this tensor');
  });

  test('--unfused draws each Linear as matmul then add, and says so', async () => {
    const { code, stdout } = await runTapegrad(
      ['graph', '--model', 'moons-run', '--unfused', '--out', 'graphs/unfused.dot'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Each Linear layer is drawn as matmul, then add: Z = X W + b');
    const dot = readFileSync(join(dir, 'graphs', 'unfused.dot'), 'utf8');
    expect(dot).not.toContain('addmm');
    const heads = dotLabels(dot).map((lines) => lines.join(' '));
    expect(heads).toEqual(
      expect.arrayContaining(['matmul [4,16]', 'Z1 add [4,16]', 'matmul [4,1]', 'Z2 add [4,1]']),
    );
  });

  test('--help lists --grads and --unfused, and the default --out', async () => {
    const { code, stdout } = await runTapegrad(['graph', '--help'], { cwd: dir });
    expect(code).toBe(0);
    const help = stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--grads');
    expect(help).toContain('--unfused');
    expect(help).toContain('default: runs/graph/RUN.svg');
  });
});
