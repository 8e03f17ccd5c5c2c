/**
 * Every example of `pnpm example NAME`, run at its small size, with the result it states asserted; and the
 * runner's answer to an unknown name.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { EXAMPLES } from '../../packages/examples/src/catalog.ts';
import { run as compareGradients } from '../../packages/examples/src/examples/compare-gradients.ts';
import { run as customModel } from '../../packages/examples/src/examples/custom-model.ts';
import { run as deepMlp } from '../../packages/examples/src/examples/deep-mlp.ts';
import { run as mnist } from '../../packages/examples/src/examples/mnist.ts';
import { run as optimizers } from '../../packages/examples/src/examples/optimizers.ts';
import { run as regularization } from '../../packages/examples/src/examples/regularization.ts';
import {
  POINT_SYMBOLS,
  REGION_SYMBOLS,
  run as spirals,
} from '../../packages/examples/src/examples/spirals.ts';
import { run as xor } from '../../packages/examples/src/examples/xor.ts';
import { expectClose } from '../support/assertions.ts';
import { PNG_SIGNATURE } from '../support/png.ts';
import { parseSvg, textsOf } from '../support/svg.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Runs an example at its small size, keeping what it writes instead of printing it, with its plots (if
 * any) going to a new temporary folder, `outDir`, which is removed after the file's tests.
 */
function runSmall<Result>(
  run: (options: { size: 'small'; write: (line: string) => void; outDir: string }) => Result,
) {
  const lines: string[] = [];
  const outDir = join(mkdtempSync(join(tmpdir(), 'tapegrad-example-')), 'plots');
  afterAll(() => rmSync(dirname(outDir), { recursive: true, force: true }));
  const result = run({
    size: 'small',
    write: (line) => {
      lines.push(line);
    },
    outDir,
  });
  return { result, text: lines.join('\n'), outDir };
}

/** Asserts that `dir` holds exactly NAME.svg and NAME.png for each name, a real SVG and a real PNG. */
function expectPlots(dir: string, names: readonly string[]): void {
  expect(readdirSync(dir).sort()).toEqual(names.flatMap((name) => [`${name}.png`, `${name}.svg`]).sort());
  for (const name of names) {
    expect([...readFileSync(join(dir, `${name}.png`)).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(parseSvg(readFileSync(join(dir, `${name}.svg`), 'utf8')).tagName.toLowerCase()).toBe('svg');
  }
}

describe('xor', () => {
  const { result, text } = runSmall(xor);

  test('the 2-2-1 sigmoid network gets all 4 points of XOR right, each output within 0.1 of its target', () => {
    expect(result.targets).toEqual([0, 1, 1, 0]);
    expect(result.outputs).toHaveLength(4);
    result.outputs.forEach((output, i) => {
      expect(Math.abs(output - result.targets[i]!), `point ${i}`).toBeLessThan(0.1);
    });
    expect(result.maxError).toBeLessThan(0.1);
  });

  test('prints the four predictions', () => {
    expect(text).toContain('output A2');
    expect(text).toMatch(/largest \|output - target\| = 0\.\d{4}/);
  });
});

describe('spirals', () => {
  const { result, text } = runSmall(spirals);

  test('a softmax network reaches at least 95% training accuracy on three spiral arms', () => {
    expect(result.trainAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.epochTo95).toBeGreaterThan(0);
  });

  test('prints a classification report and the decision regions', () => {
    expect(text).toContain('precision');
    expect(text).toContain('decision regions');
  });

  test("the map draws every cell with a visible character, each class's region its own, and says which is which", () => {
    // Before, arm 0's region was drawn as blanks: a third of the map read as empty.
    const map = text.split('\n').filter((line) => /^[.\-:ABC]{48}$/.test(line));
    expect(map).toHaveLength(24);
    for (const symbol of [...REGION_SYMBOLS, ...POINT_SYMBOLS]) expect(map.join('')).toContain(symbol);
    expect(new Set(REGION_SYMBOLS).size).toBe(3);
    for (const symbol of REGION_SYMBOLS) expect(symbol.trim()).not.toBe('');
    expect(text).toContain("where the net predicts arm 0 '.', arm 1 '-', arm 2 ':'");
    expect(text).toContain("the training points of arm 0 'A', arm 1 'B', arm 2 'C'");
  });
});

describe('custom-model', () => {
  const { result } = runSmall(customModel);

  test('the hand-written model starts at exactly ln 2, the loss of a coin toss', () => {
    // The output layer starts at zero, so every logit is 0 and every loss term is softplus(0) - y * 0 = ln 2.
    expectClose(result.losses[0]!, Math.LN2);
  });

  test('trained with Adam on the tape, its loss falls below 0.1 and it gets at least 95% of the test set right', () => {
    expect(result.finalLoss).toBeLessThan(0.1);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('compare-gradients', () => {
  const { result, text } = runSmall(compareGradients);

  test('manual and autograd gradients agree to rounding (|a - b| <= 1e-12 + 1e-10 |b|)', () => {
    expect(result.passed.manualVsAutograd).toBe(true);
    expect(result.maxAbsDiff.manualVsAutograd).toBeLessThanOrEqual(1e-12);
  });

  test('both agree with central finite differences to |a - b| <= 1e-8 + 1e-6 |b|', () => {
    expect(result.passed.autogradVsNumerical).toBe(true);
    expect(result.passed.manualVsNumerical).toBe(true);
    // With gradients of order 0.01-1, 1e-8 + 1e-6 |b| stays below 1e-6.
    expect(result.maxAbsDiff.autogradVsNumerical).toBeLessThan(1e-6);
    expect(result.maxAbsDiff.manualVsNumerical).toBeLessThan(1e-6);
  });

  test('prints the three tables with every parameter passing', () => {
    expect(text.match(/^gradients compared/gm)).toHaveLength(3);
    expect(text).not.toContain('FAIL');
  });
});

describe('deep-mlp', () => {
  const { result } = runSmall(deepMlp);

  test('at initialisation the sigmoid net first-layer gradient is under 1/50 of its last layer (vanishing)', () => {
    expect(result.gradientRatio.sigmoid).toBeLessThan(1 / 50);
  });

  test('the ReLU net with He initialisation keeps its first-layer gradient above 1/10 of its last', () => {
    expect(result.gradientRatio.relu).toBeGreaterThan(1 / 10);
  });

  test('the depth-4 ReLU MLP reaches at least 95% training accuracy on the spirals', () => {
    expect(result.trainAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('regularization', () => {
  const { result, text, outDir } = runSmall(regularization);

  test('without regularization the big network overfits: its test loss is many times its training loss', () => {
    expect(result.none.test.loss).toBeGreaterThan(5 * result.none.train.loss);
  });

  test('L2 gives a lower test loss than no regularization', () => {
    expect(result.l2.test.loss).toBeLessThan(result.none.test.loss);
  });

  test('dropout gives a lower test loss than no regularization', () => {
    expect(result.dropout.test.loss).toBeLessThan(result.none.test.loss);
  });

  test('writes the three test-loss curves on one plot, as SVG and PNG, and says where', () => {
    expect(result.outDir).toBe(outDir);
    expectPlots(outDir, ['test-loss']);
    const root = parseSvg(readFileSync(join(outDir, 'test-loss.svg'), 'utf8'));
    expect(textsOf(root, 'g[aria-label="legend entry"] text')).toEqual([
      'no regularization',
      'L2 (λ = 1)',
      'dropout (p = 0.5)',
    ]);
    // 400 epochs at the small size, measured every 4: 100 points per line.
    for (const label of ['no regularization', 'L2 (λ = 1)', 'dropout (p = 0.5)']) {
      const d = root.querySelector(`[aria-description="${label}"] path`)!.getAttribute('d')!;
      expect(d.match(/[ML]/g)).toHaveLength(100);
    }
    expect(text).toContain(`Wrote ${outDir}: test-loss.svg, test-loss.png`);
  });
});

describe('optimizers', () => {
  const { result, text, outDir } = runSmall(optimizers);

  test('after the same number of epochs, momentum and Adam each reach a lower loss than plain SGD', () => {
    expect(result.finalLoss.momentum).toBeLessThan(result.finalLoss.sgd);
    expect(result.finalLoss.adam).toBeLessThan(result.finalLoss.sgd);
  });

  test('records one loss per epoch for each optimizer and prints them in columns', () => {
    for (const curve of Object.values(result.curves)) expect(curve).toHaveLength(result.epochs);
    expect(text).toMatch(/epoch\s+sgd\s+momentum\s+adam/);
  });

  test('writes the three loss curves on one plot, as SVG and PNG, and says where', () => {
    expectPlots(outDir, ['loss']);
    const root = parseSvg(readFileSync(join(outDir, 'loss.svg'), 'utf8'));
    expect(textsOf(root, 'g[aria-label="legend entry"] text')).toEqual(['sgd', 'momentum', 'adam']);
    for (const name of ['sgd', 'momentum', 'adam']) {
      const d = root.querySelector(`[aria-description="${name}"] path`)!.getAttribute('d')!;
      expect(d.match(/[ML]/g)).toHaveLength(result.epochs);
    }
    expect(text).toContain(`Wrote ${outDir}: loss.svg, loss.png`);
  });
});

describe('mnist', () => {
  // The small size: the first 5,000 training images, two epochs; the full run's 97.5% is in the README.
  const { result, text, outDir } = runSmall(mnist);

  test('a 784-128-10 network reaches more than 80% on the 10,000 test images', () => {
    expect(result.trainRows).toBe(5000);
    expect(result.testAccuracy).toBeGreaterThan(0.8);
    expect(text).toContain('TwoLayerNet(784-128-10, hidden relu, output softmax): 101770 parameters');
    expect(text).toContain(`test accuracy ${(100 * result.testAccuracy).toFixed(2)}%`);
  });

  test('prints each epoch with its time', () => {
    expect(result.epochSeconds).toHaveLength(result.epochs);
    const epochs = [
      ...text.matchAll(/^epoch +(\d+) +loss [\d.]+ +train [\d.]+% +test [\d.]+% +([\d.]+) s$/gm),
    ];
    expect(epochs.map((match) => Number(match[1]))).toEqual([1, 2]);
  });

  test('draws the misclassified test digits, as SVG and PNG', () => {
    expectPlots(outDir, ['misclassified']);
    const root = parseSvg(readFileSync(join(outDir, 'misclassified.svg'), 'utf8'));
    expect(root.querySelectorAll('g.digit').length).toBe(36);
    const wrong = Math.round((1 - result.testAccuracy) * 10_000);
    expect(textsOf(root, 'text').join(' ')).toContain(`${wrong} of 10000 images misclassified`);
    expect(text).toContain(`Wrote ${outDir}: misclassified.svg, misclassified.png`);
  });
});

describe('the runner (pnpm example NAME)', () => {
  test('every example file is in the catalog, and every catalog entry has a file', () => {
    const files = readdirSync(join(root, 'packages/examples/src/examples'))
      .filter((file) => file !== 'options.ts')
      .map((file) => file.replace(/\.ts$/, ''));
    expect(EXAMPLES.map((example) => example.name).sort()).toEqual(files.sort());
  });

  test('an unknown name exits with code 2 and lists every example with its description', () => {
    const answer = spawnSync(
      process.execPath,
      ['--import', '@tapegrad/source-loader', 'packages/examples/src/example.ts', 'nope'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(answer.status).toBe(2);
    expect(answer.stderr).toContain("unknown example 'nope'");
    for (const example of EXAMPLES) expect(answer.stderr).toContain(`${example.name}  `);
    for (const example of EXAMPLES) expect(answer.stderr).toContain(example.description);
  });
});
