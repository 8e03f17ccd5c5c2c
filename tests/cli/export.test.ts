/**
 * `tapegrad export` as a learner runs it on a trained run folder: the ONNX file lands under runs/export/ by
 * default and gives, in onnxruntime-node on the raw rows, the probabilities `tapegrad predict` prints; the
 * safetensors file holds the run's weights in tapegrad's or PyTorch's layout with the standardizer and the
 * classes in its metadata; misused flags exit 2 naming the flag. One tiny run (40 moons points) is shared.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildNetwork, type ModelFile, readSafetensors } from '@tapegrad/nn';
import { loadSafetensors } from '@tapegrad/nn/node';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, test } from 'vitest';
import { runTapegrad, tempDir } from './tapegrad-process.ts';

const dir = tempDir('export');
const run = join(dir, 'moons-run');
/** Raw rows in the data's own units, as `tapegrad predict` takes them. */
const ROWS = [
  [0.5, -0.2],
  [-1, 0.8],
  [2, 0.1],
];

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

/** p(class 1) of each row, as `tapegrad predict --json` prints it. */
async function predictedProbabilities(): Promise<number[]> {
  const rows = ROWS.map((row) => row.join(','));
  const { code, stdout } = await runTapegrad(['predict', '--model', run, '--json', ...rows], { cwd: dir });
  expect(code).toBe(0);
  const answer = JSON.parse(stdout) as { predictions: { probabilities: number[] }[] };
  return answer.predictions.map((prediction) => prediction.probabilities[1]!);
}

/** The ONNX file run on the raw rows: its output type and values. */
async function onnxProbabilities(path: string, dtype: 'float64' | 'float32') {
  const session = await ort.InferenceSession.create(path);
  const values = dtype === 'float64' ? Float64Array.from(ROWS.flat()) : Float32Array.from(ROWS.flat());
  const { probabilities } = await session.run({ features: new ort.Tensor(dtype, values, [ROWS.length, 2]) });
  return { type: probabilities!.type, values: Array.from(probabilities!.data as Float64Array) };
}

/** p(class 1) of ROWS as `tapegrad predict` gives them: what the exported files must reproduce. */
let predicted: number[];

beforeAll(async () => {
  const training = await runTapegrad(['train', '--points', '40', '--epochs', '3', '--out', 'moons-run'], {
    cwd: dir,
  });
  expect(training.stderr).toBe('');
  expect(training.code).toBe(0);
  predicted = await predictedProbabilities();
});

describe('tapegrad export --format onnx', () => {
  test("writes runs/export/RUN.onnx, which gives predict's probabilities on the raw rows (1e-12)", async () => {
    const cwd = tempDir('export-default');
    const { code, stdout, stderr } = await runTapegrad(['export', '--model', `${run}/`, '--format', 'onnx'], {
      cwd,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('as ONNX (float64, opset 17)');
    expect(stdout).toContain('input  features [batch, 2] (x1, x2)');
    expect(stdout).toMatch(/Wrote runs\/export\/moons-run\.onnx \(\d+ bytes\)/);
    expect(readdirSync(cwd)).toEqual(['runs']);
    expect(readdirSync(join(cwd, 'runs', 'export'))).toEqual(['moons-run.onnx']);
    const onnx = await onnxProbabilities(join(cwd, 'runs', 'export', 'moons-run.onnx'), 'float64');
    expect(onnx.type).toBe('float64');
    onnx.values.forEach((p, row) => {
      expect(Math.abs(p - predicted[row]!)).toBeLessThanOrEqual(1e-12);
    });
  });

  test('--dtype float32 --out FILE: a float32 model, within 1e-6 of predict', async () => {
    const { code, stdout } = await runTapegrad(
      ['export', '--model', run, '--format', 'onnx', '--dtype', 'float32', '--out', 'out/moons32.onnx'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('as ONNX (float32, opset 17)');
    const onnx = await onnxProbabilities(join(dir, 'out', 'moons32.onnx'), 'float32');
    expect(onnx.type).toBe('float32');
    onnx.values.forEach((p, row) => {
      expect(Math.abs(p - predicted[row]!)).toBeLessThanOrEqual(1e-6);
    });
  });
});

describe('tapegrad export --format safetensors', () => {
  test("tapegrad's layout: the run's weights, bit for bit, with the standardizer and classes", async () => {
    const { code, stdout } = await runTapegrad(
      ['export', '--model', run, '--format', 'safetensors', '--out', 'weights.safetensors'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toContain("as safetensors (float64, tapegrad's layout)");
    const modelFile = readJson<ModelFile>(join(run, 'model.json'));
    const net = buildNetwork(modelFile.config);
    loadSafetensors(net, join(dir, 'weights.safetensors'));
    for (const [name, parameter] of net.namedParameters()) {
      expect(Array.from(parameter.data), name).toEqual(modelFile.parameters[name]!.values);
    }
    const { metadata } = readSafetensors(readFileSync(join(dir, 'weights.safetensors')));
    const config = readJson<{ standardizer: unknown; classes: string[] }>(join(run, 'config.json'));
    expect(JSON.parse(metadata['tapegrad.standardizer']!)).toEqual(config.standardizer);
    expect(JSON.parse(metadata['tapegrad.classes']!)).toEqual(['0', '1']);
  });

  test("--layout torch: nn.Sequential's names and each weight transposed to [out, in]", async () => {
    const { code, stdout } = await runTapegrad(
      ['export', '--model', run, '--format', 'safetensors', '--layout', 'torch', '--dtype', 'float32'],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('tensors 0.weight [16, 2], 0.bias [16], 2.weight [1, 16], 2.bias [1]');
    const { tensors, dtypes } = readSafetensors(
      readFileSync(join(dir, 'runs', 'export', 'moons-run.safetensors')),
    );
    expect(dtypes['0.weight']).toBe('F32');
    const layer1 = readJson<ModelFile>(join(run, 'model.json')).parameters['layer1.weight']!;
    // tapegrad's W1 is [2, 16]: W1[i][j] at i * 16 + j; PyTorch's is [16, 2]: the same number at j * 2 + i.
    expect(tensors['0.weight']!.data[5 * 2 + 1]).toBe(Math.fround(layer1.values[1 * 16 + 5]!));
  });
});

describe('refused with exit code 2, naming the flag', () => {
  test.each([
    [['--format', 'onnx', '--layout', 'torch'], 'error: --layout torch applies to --format safetensors only'],
    [
      ['--format', 'safetensors', '--out', 'model.onnx'],
      'error: --out model.onnx: a safetensors file is named *.safetensors',
    ],
    [
      ['--format', 'pt'],
      "error: option '--format <format>' argument 'pt' is invalid. Allowed choices are onnx, safetensors.",
    ],
    [[], "error: required option '--format <format>' not specified"],
    [['--format', 'onnx', '--dtype', 'float16'], "option '--dtype <dtype>' argument 'float16' is invalid"],
  ])('%j', async (args, message) => {
    const { code, stderr } = await runTapegrad(['export', '--model', run, ...args], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
