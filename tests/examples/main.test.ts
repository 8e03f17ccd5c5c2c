import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@tapegrad/autograd';
import { modelFromJson } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { trainMoons } from '../../packages/examples/src/main/train-moons.ts';

describe('the main job: 2-16-1 tanh/sigmoid on two moons', () => {
  const outDir = join(mkdtempSync(join(tmpdir(), 'tapegrad-main-')), 'run');
  const lines: string[] = [];
  const result = trainMoons({ outDir, write: (line) => lines.push(line) });

  test('reaches at least 97% test accuracy on the stratified 20% split', () => {
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(result.history).toHaveLength(300);
  });

  test('the manual and autograd gradients agree at the first step, and the table is printed', () => {
    expect(result.gradientCheck.passed).toBe(true);
    expect(result.gradientCheck.rows.map((row) => row.name)).toEqual([
      'layer1.weight',
      'layer1.bias',
      'layer2.weight',
      'layer2.bias',
    ]);
    const output = lines.join('\n');
    expect(output).toContain('layer1.weight  [2,16]');
    expect(output).toMatch(/epoch {4}1 {2}loss/);
    expect(output).toMatch(/test accuracy \d+\.\d%/);
  });

  test('the run folder holds a model that predicts as the trained one, and the history', () => {
    expect(result.files.map((file) => file.slice(outDir.length + 1))).toEqual([
      'model.json',
      'config.json',
      'history.json',
      'history.csv',
    ]);
    const model = modelFromJson(JSON.parse(readFileSync(join(outDir, 'model.json'), 'utf8')));
    const config = JSON.parse(readFileSync(join(outDir, 'config.json'), 'utf8'));
    expect(config.testAccuracy).toEqual(result.testAccuracy);
    // (0, 1) is the top of the upper moon, class 0 (make_moons' first half circle is (cos t, sin t)):
    // the reloaded model, fed the point standardized as in training, must be confident of class 0.
    const { mean, std } = config.standardizer as { mean: number[]; std: number[] };
    const point = tensor([[(0 - mean[0]!) / std[0]!, (1 - mean[1]!) / std[1]!]]);
    expect(model.forward(point).item()).toBeLessThan(0.1);
    const csv = readFileSync(join(outDir, 'history.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toEqual('epoch,trainLoss,trainAccuracy,valLoss,valAccuracy,lr,seconds');
    expect(csv).toHaveLength(301);
    const history = JSON.parse(readFileSync(join(outDir, 'history.json'), 'utf8'));
    expect(history.at(-1).valAccuracy).toEqual(result.testAccuracy);
  });
});
