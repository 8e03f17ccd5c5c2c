/**
 * The main job (`pnpm start`, packages/examples/src/main.ts) end to end, run as its own process the way
 * pnpm runs it: from packages/examples, with INIT_CWD naming the folder the user typed the command in.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@tapegrad/serve';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSavedRun } from '../../packages/cli/src/saved-run.ts';
import { finished, runTapegrad, type TapegradRun, tempDir } from '../cli/tapegrad-process.ts';

const examplesDir = fileURLToPath(new URL('../../packages/examples', import.meta.url));
const userDir = tempDir('main');
const runDir = join(userDir, 'runs', 'main');

function runMainJob(): Promise<TapegradRun> {
  const child = spawn(process.execPath, ['--import', '@tapegrad/source-loader', 'src/main.ts'], {
    cwd: examplesDir,
    env: { ...process.env, INIT_CWD: userDir, npm_lifecycle_event: 'start' },
  });
  return finished(child);
}

let job: TapegradRun;
beforeAll(async () => {
  job = await runMainJob();
});

describe('the main job: 2-16-1 tanh/sigmoid on 1000 points of two moons', () => {
  test('trains 300 epochs on a stratified 80/20 split and reaches at least 97% test accuracy', () => {
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).toContain('Data: moons, 1000 points, noise 0.15, seed 42');
    expect(job.stdout).toContain('stratified 80/20 split: train 800 rows, test 200 rows');
    expect(job.stdout).toContain(
      'Model: TwoLayerNet(2-16-1, hidden tanh, output sigmoid), 65 parameters, loss bce',
    );
    const accuracy = job.stdout.match(
      /Trained 300 epochs in [\d.]+ s with compiled steps: train accuracy [\d.]+%, test accuracy ([\d.]+)%/,
    );
    expect(accuracy).not.toBeNull();
    expect(Number(accuracy![1])).toBeGreaterThanOrEqual(97);
  });

  test('prints the manual-vs-autograd gradient table at the first step, every parameter passing', () => {
    expect(job.stdout).toContain('Manual vs autograd gradients at the initial weights: agree');
    const parameters: [name: string, shape: string][] = [
      ['layer1.weight', '[2,16]'],
      ['layer1.bias', '[16]'],
      ['layer2.weight', '[16,1]'],
      ['layer2.bias', '[1]'],
    ];
    for (const [name, shape] of parameters) {
      expect(job.stdout).toMatch(
        new RegExp(`^${name.replace('.', '\\.')} +${shape.replace(/[[\]]/g, '\\$&')} .* pass$`, 'm'),
      );
    }
  });

  test('prints progress per epoch: the first, every 30th, the last', () => {
    const epochs = [...job.stdout.matchAll(/^epoch +(\d+)\/300 {2}loss/gm)].map((match) => Number(match[1]));
    expect(epochs).toEqual([1, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300]);
  });

  test('writes runs/main where the user typed the command: model, history, plots and report', () => {
    for (const file of [
      'model.json',
      'config.json',
      'history.json',
      'history.csv',
      'loss.svg',
      'report.html',
    ]) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
    const history = JSON.parse(readFileSync(join(runDir, 'history.json'), 'utf8'));
    expect(history).toHaveLength(300);
  });

  test('the run folder serves the other commands: predict puts the top of the upper moon in class 0', async () => {
    // (0, 1) is the top of make_moons' first half circle (cos t, sin t), class 0.
    const prediction = await runTapegrad(['predict', '--model', runDir, '0,1'], { cwd: userDir });
    expect(prediction.code, prediction.stderr).toBe(0);
    expect(prediction.stdout).toMatch(/^0, 1 +0 /m);
  });

  test("the README's serve example: POST /predict on runs/main answers the JSON the README shows", async () => {
    // Each README shows the curl command and, in the next ```json block, its answer.
    for (const readme of ['README.md', 'packages/cli/README.md']) {
      const text = readFileSync(fileURLToPath(new URL(`../../${readme}`, import.meta.url)), 'utf8');
      const example =
        /curl -s localhost:8000\/predict [^\n]*?(?:\\\n\s*)?-d '([^']+)'[\s\S]*?```json\n(.+)\n```/.exec(
          text,
        );
      expect(example, readme).not.toBeNull();
      const [, body, shown] = example!;
      const run = loadSavedRun(runDir);
      const { classes, featureNames, standardizer } = run.config;
      const app = createApp([{ name: 'main', network: run.model, classes, featureNames, standardizer }]);
      const response = await app.request('/predict', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(200);
      expect(await response.text(), readme).toBe(shown);
    }
  });
});
