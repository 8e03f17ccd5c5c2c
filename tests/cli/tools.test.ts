/**
 * The commands that need no trained model: compare, gradcheck and explain; --help on every command; and
 * where relative paths count from.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PNG_SIGNATURE, pngSize } from '../support/png.ts';
import { parseSvg } from '../support/svg.ts';
import { runTapegrad, tempDir } from './tapegrad-process.ts';

const OP_COUNT = 38;

describe.concurrent('tapegrad compare', () => {
  test('prints manual vs autograd vs finite differences for every parameter, and writes the plot', async () => {
    const dir = tempDir('compare');
    const { code, stdout, stderr } = await runTapegrad(['compare', '--out', 'plots/gradients.svg'], {
      cwd: dir,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'TwoLayerNet(3-4-1, hidden tanh, output sigmoid), 5 random samples, loss bce (seed 0)',
    );
    const tables = stdout.split('\n\n').filter((block) => block.includes('pass if |a - b|'));
    expect(tables.map((table) => table.split('\n')[0])).toEqual([
      'manual (a) vs autograd (b): the same numbers up to rounding',
      'autograd (a) vs finite differences (b)',
      'manual (a) vs finite differences (b)',
    ]);
    for (const table of tables) {
      const names = table
        .split('\n')
        .slice(3)
        .map((line) => line.split(/\s+/)[0]);
      expect(names).toEqual(['layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias']);
      expect(table).not.toContain('FAIL');
    }
    expect(stdout).toContain('All three agree: yes');
    expect(parseSvg(readFileSync(join(dir, 'plots', 'gradients.svg'), 'utf8')).tagName.toLowerCase()).toBe(
      'svg',
    );
    const png = readFileSync(join(dir, 'plots', 'gradients.png'));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png).width).toBeGreaterThanOrEqual(300);
  });

  test('an MLP with softmax and cross entropy: one row per layer parameter, all agreeing', async () => {
    const dir = tempDir('compare-mlp');
    const { code, stdout } = await runTapegrad(
      ['compare', '--layers', '2', '--activation', 'relu', '--loss', 'crossEntropy', '--l2', '0.1'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      'MLP(3-4-4-3, hidden relu, output softmax), 5 random samples, loss crossEntropy + L2 0.1',
    );
    expect(stdout).toContain('layers.2.bias');
    expect(stdout).toContain('All three agree: yes');
    // Without --out the plot goes under runs/, which git ignores and the linter does not read.
    expect(stdout).toContain(
      'Wrote runs/compare/gradient-comparison.svg and runs/compare/gradient-comparison.png',
    );
    expect(readdirSync(dir)).toEqual(['runs']);
    expect(readdirSync(join(dir, 'runs', 'compare')).sort()).toEqual([
      'gradient-comparison.png',
      'gradient-comparison.svg',
    ]);
  });

  test('differences and tolerances are all in one exponential format, three digits', async () => {
    const { code, stdout } = await runTapegrad(['compare', '--out', 'plot.svg'], {
      cwd: tempDir('compare-format'),
    });
    expect(code).toBe(0);
    const rules = stdout.split('\n').filter((line) => line.startsWith('pass if'));
    expect(rules).toEqual([
      'pass if |a - b| <= 1.00e-12 + 1.00e-10 * |b|',
      'pass if |a - b| <= 1.00e-8 + 1.00e-6 * |b|',
      'pass if |a - b| <= 1.00e-8 + 1.00e-6 * |b|',
    ]);
    const rows = stdout.split('\n').filter((line) => /^layer\d\./.test(line));
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const [, , maxAbs, maxRel] = row.split(/\s+/);
      expect(maxAbs).toMatch(/^\d\.\d{2}e[-+]\d+$/);
      expect(maxRel).toMatch(/^\d\.\d{2}e[-+]\d+$/);
    }
    expect(stdout).not.toMatch(/0\.0000|\b1e-\d/);
  });

  test('says which parameters pass only by atol, where the gradient is near zero', async () => {
    // A relu MLP (seed 2) has a few second-layer weights whose gradient is almost 0: finite differences
    // are 1e-10 away from the tape's there, a relative difference of 1.76e-5, above rtol 1e-6.
    const { code, stdout } = await runTapegrad(
      ['compare', '--layers', '3', '--hidden', '8', '--activation', 'relu', '--seed', '2', '--out', 'p.svg'],
      { cwd: tempDir('compare-atol') },
    );
    expect(code).toBe(0);
    const [exact, ...approximate] = stdout.split('\n\n').filter((block) => block.includes('pass if'));
    expect(exact).not.toContain('atol');
    expect(approximate).toHaveLength(2);
    for (const table of approximate) {
      const byAtol = table.split('\n').filter((line) => line.includes('passes by atol ('));
      expect(byAtol).toHaveLength(1);
      expect(byAtol[0]).toMatch(
        /^layers\.1\.weight +\[8,8\] +\S+ +1\.76e-5 +\[2,2\] +pass +passes by atol \(5 of 64 entries\)$/,
      );
      expect(table.split('\n').at(-1)).toBe(
        'passes by atol: |a - b| <= 1.00e-8 although the relative difference is above 1.00e-6, ' +
          'because the gradient is near zero',
      );
    }
    expect(stdout).toContain('All three agree: yes');
  });
});

describe.concurrent('tapegrad gradcheck', () => {
  test('checks every op against finite differences: a table of op, inputs, errors and pass', async () => {
    const { code, stdout } = await runTapegrad(['gradcheck'], { cwd: tempDir('gradcheck') });
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((line) => /\de[-+]\d+ +pass$/.test(line));
    expect(rows).toHaveLength(OP_COUNT);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(
      expect.arrayContaining(['tanh', 'matmul', 'softmax', 'gather']),
    );
    expect(stdout).toContain(`All ${OP_COUNT} passed.`);
  });

  test('one op, seed and shape give the same inputs alone (--op) and in the table of every op', async () => {
    const all = await runTapegrad(['gradcheck', '--seed', '5'], { cwd: tempDir('gradcheck-all') });
    const one = await runTapegrad(['gradcheck', '--op', 'matmul', '--shape', '3,4', '--seed', '5'], {
      cwd: tempDir('gradcheck-matmul'),
    });
    const matmulCells = (stdout: string) =>
      stdout
        .split('\n')
        .find((line) => line.startsWith('matmul '))!
        .trim()
        .split(/ {2,}/);
    // The errors are those of the same inputs: equal to every printed digit.
    expect(matmulCells(one.stdout)).toEqual(matmulCells(all.stdout));
    expect(matmulCells(one.stdout).slice(0, 3)).toEqual(['matmul', 'a.matmul(b)', '[3,4] [4,3]']);
  });

  test('--op and --shape check one op on inputs of that shape', async () => {
    const { code, stdout } = await runTapegrad(['gradcheck', '--op', 'matmul', '--shape', '2,3,4'], {
      cwd: tempDir('gradcheck-one'),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^matmul +a\.matmul\(b\) +\[2,3,4\] \[2,4,3\] +\S+ +\S+ +pass$/m);
    expect(stdout).toContain('Passed.');
  });

  test('an unknown op is exit code 2, with the valid names', async () => {
    const { code, stderr } = await runTapegrad(['gradcheck', '--op', 'cosh'], {
      cwd: tempDir('gradcheck-bad'),
    });
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'cosh' is invalid. Allowed choices are add, sub, mul, div");
  });
});

describe.concurrent('tapegrad explain', () => {
  test('by default writes runs/explain/worked.md, .html and .svg where it is run, the Markdown showing the SVG', async () => {
    const dir = tempDir('explain');
    const { code, stdout } = await runTapegrad(['explain'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe(
      'Wrote runs/explain/worked.md, runs/explain/worked.html and runs/explain/worked.svg\n',
    );
    const markdown = readFileSync(join(dir, 'runs', 'explain', 'worked.md'), 'utf8');
    expect(markdown.startsWith('# Backpropagation by hand: a worked example\n')).toBe(true);
    expect(markdown).toContain('A 2-2-1 network');
    expect(markdown).toMatch(/^!\[The 2-2-1 network [^\]]*\]\(worked\.svg\)$/m);
    const svg = parseSvg(readFileSync(join(dir, 'runs', 'explain', 'worked.svg'), 'utf8'));
    expect(svg.querySelectorAll('circle')).toHaveLength(5);
    expect(readFileSync(join(dir, 'runs', 'explain', 'worked.html'), 'utf8')).toContain(
      '<figure class="network">',
    );
  });

  test('--out - prints the Markdown instead, with no image and no file written', async () => {
    const dir = tempDir('explain-stdout');
    const { code, stdout } = await runTapegrad(['explain', '--out', '-'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout.startsWith('# Backpropagation by hand: a worked example\n')).toBe(true);
    expect(stdout).not.toContain('![');
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });

  test('--out writes FILE.md, FILE.html and FILE.svg, the HTML with its math rendered', async () => {
    const dir = tempDir('explain-out');
    const { code, stdout } = await runTapegrad(
      [
        'explain',
        '--hidden',
        '3',
        '--activation',
        'tanh',
        '--loss',
        'mse',
        '--samples',
        '3',
        '--out',
        'pages/worked.md',
      ],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Wrote pages/worked.md, pages/worked.html and pages/worked.svg');
    expect(readFileSync(join(dir, 'pages', 'worked.md'), 'utf8')).toContain('A 2-3-1 network');
    expect(readFileSync(join(dir, 'pages', 'worked.html'), 'utf8')).toContain('class="katex');
  });

  test('--seed and --lr make a new exercise, and the page names the command that remakes it', async () => {
    const dir = tempDir('explain-seed');
    const { code } = await runTapegrad(
      ['explain', '--loss', 'crossEntropy', '--seed', '7', '--lr', '0.5', '--out', 'seven'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    const markdown = readFileSync(join(dir, 'seven.md'), 'utf8');
    expect(markdown).toContain('this page is `tapegrad explain --loss crossEntropy --seed 7 --lr 0.5`');
    expect(markdown).toContain('The weights and biases, drawn for seed 7');
    expect(markdown).toContain('the learning rate $\\eta = 0.5$');
    const bad = await runTapegrad(['explain', '--lr', '0'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--lr <rate>' argument '0' is invalid. Expected a number > 0.");
  });
});

describe.concurrent('--help', () => {
  test.each([
    ['train', ['--dataset', '--optimizer', '--gradients', '--patience', '--out']],
    ['evaluate', ['--model', '--dataset', '--target']],
    ['predict', ['--model', '--input', '--json', '[rows...]']],
    ['compare', ['--hidden', '--activation', '--loss', '--samples', '--out']],
    ['gradcheck', ['--op', '--shape']],
    ['graph', ['--model', '--out', '--values', '--grads', '--unfused']],
    ['explain', ['--hidden', '--activation', '--loss', '--samples', '--seed', '--lr', '--out']],
    ['serve', ['--model', '--port', '--host', '--max-body', '--max-rows', '--max-batch', '--batch-wait-ms']],
    ['export', ['--model', '--format', '--dtype', '--layout', '--out']],
  ])('tapegrad %s --help lists its options and exits 0', async (command, options) => {
    const { code, stdout } = await runTapegrad([command, '--help'], { cwd: tempDir('help') });
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: tapegrad ${command} [options]`);
    for (const option of options) expect(stdout).toContain(option);
  });

  test('tapegrad --help lists the commands; the choices show in a command help', async () => {
    const top = await runTapegrad(['--help'], { cwd: tempDir('help') });
    expect(top.code).toBe(0);
    for (const command of [
      'train',
      'evaluate',
      'predict',
      'compare',
      'gradcheck',
      'graph',
      'explain',
      'serve',
      'export',
    ]) {
      expect(top.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    const train = await runTapegrad(['train', '--help'], { cwd: tempDir('help') });
    // The help wraps its lines to the terminal's width.
    expect(train.stdout.replace(/\s+/g, ' ')).toContain(
      '(choices: "sgd", "momentum", "adam", "adamw", "rmsprop", default: "adam")',
    );
  });
});

describe('where relative paths count from', () => {
  test('from INIT_CWD when the "tapegrad" package script started the command (pnpm tapegrad ...)', async () => {
    const typedIn = tempDir('init-cwd');
    const packageDir = tempDir('package');
    const env = { INIT_CWD: typedIn, npm_lifecycle_event: 'tapegrad' };
    const { code } = await runTapegrad(['explain', '--out', 'page.md'], { cwd: packageDir, env });
    expect(code).toBe(0);
    expect(existsSync(join(typedIn, 'page.md'))).toBe(true);
    expect(existsSync(join(packageDir, 'page.md'))).toBe(false);
  });

  test('from the working folder otherwise, even with an INIT_CWD inherited from another script', async () => {
    const stale = tempDir('stale');
    const here = tempDir('here');
    const env = { INIT_CWD: stale, npm_lifecycle_event: 'test' };
    const { code } = await runTapegrad(['explain', '--out', 'page.md'], { cwd: here, env });
    expect(code).toBe(0);
    expect(existsSync(join(here, 'page.md'))).toBe(true);
    expect(existsSync(join(stale, 'page.md'))).toBe(false);
  });
});

describe('--version', () => {
  test('prints the version of @tapegrad/cli and exits 0, as -V does', async () => {
    const { version } = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../packages/cli/package.json'), 'utf8'),
    );
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await runTapegrad([flag], { cwd: tempDir('version') });
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
      expect(stderr).toBe('');
    }
  });
});
