/**
 * Loading a safetensors file into a module: every name, shape, dtype and value checked before a parameter
 * changes (strict by default, as PyTorch's load_state_dict; strict: false reports instead), and the files
 * of `@tapegrad/nn/node` (saveSafetensors writes atomically; loadSafetensors names the path in errors).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, tensor } from '@tapegrad/autograd';
import { loadSafetensorsInto, MLP, StateDictError, safetensorsBytes, TwoLayerNet } from '@tapegrad/nn';
import { loadSafetensors, saveSafetensors } from '@tapegrad/nn/node';
import { afterEach, describe, expect, test } from 'vitest';

const net = (seed = 1, hidden = 3) => new TwoLayerNet({ inputs: 2, hidden, outputs: 1, rng: new Rng(seed) });
const valuesOf = (module: TwoLayerNet) => module.parameters().map((parameter) => Array.from(parameter.data));

describe('loadSafetensorsInto refuses a file that does not fit the module, changing nothing', () => {
  test('missing and unexpected names (strict, the default)', () => {
    const bytes = safetensorsBytes({
      'layer1.weight': tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      'layer1.bias': tensor([0, 0, 0]),
      'layer3.bias': tensor([1]),
    });
    const target = net();
    const before = valuesOf(target);
    expect(() => loadSafetensorsInto(target, bytes)).toThrow(
      'loadSafetensorsInto: bytes does not fit TwoLayerNet(2-3-1, hidden tanh, output sigmoid) in the tapegrad ' +
        'layout: missing layer2.weight, layer2.bias; unexpected layer3.bias. Build the model with the ' +
        "architecture that was saved, or pass { strict: false } (a file from PyTorch loads with { layout: 'torch' })",
    );
    expect(valuesOf(target)).toEqual(before);
  });

  test('strict: false loads what fits and reports the rest', () => {
    const source = net(7);
    const state = source.stateDict();
    const bytes = safetensorsBytes({ 'layer1.weight': state['layer1.weight']!, extra: tensor([1, 2]) });
    const target = net(8);
    const report = loadSafetensorsInto(target, bytes, { strict: false });
    expect(report.missing).toEqual(['layer1.bias', 'layer2.weight', 'layer2.bias']);
    expect(report.unexpected).toEqual(['extra']);
    expect(Array.from(target.layer1.weight.data)).toEqual(Array.from(source.layer1.weight.data));
    expect(Array.from(target.layer2.bias!.data)).toEqual(Array.from(net(8).layer2.bias!.data));
  });

  test('a shape that differs from the module, even with strict: false', () => {
    const bytes = safetensorsBytes(net(1, 4));
    for (const strict of [true, false]) {
      expect(() => loadSafetensorsInto(net(), bytes, { strict })).toThrow(
        "loadSafetensorsInto: bytes: tensor 'layer1.weight' has shape [2,4]; TwoLayerNet(2-3-1, hidden tanh, " +
          'output sigmoid) expects [2,3] in the tapegrad layout',
      );
    }
  });

  test('a dtype other than the one asked for', () => {
    const bytes = safetensorsBytes(net(), { dtype: 'float32' });
    expect(() => loadSafetensorsInto(net(), bytes, { dtype: 'float64' })).toThrow(
      "loadSafetensorsInto: bytes: tensor 'layer1.weight' is F32; expected F64 (option dtype)",
    );
    expect(loadSafetensorsInto(net(), bytes, { dtype: 'float32' }).missing).toEqual([]);
  });

  test('a file written in the other layout says which to use', () => {
    expect(() => loadSafetensorsInto(net(), safetensorsBytes(net(), { layout: 'torch' }))).toThrow(
      "loadSafetensorsInto: bytes was written in the 'torch' layout; load it with { layout: 'torch' }",
    );
  });

  test('a weight that is NaN or infinite', () => {
    // A valid file whose last value, layer2.bias (the last tensor), is overwritten with NaN.
    const nanBias = safetensorsBytes(net());
    new DataView(nanBias.buffer).setFloat64(nanBias.length - 8, Number.NaN, true);
    expect(() => loadSafetensorsInto(net(), nanBias)).toThrow(
      "loadSafetensorsInto: bytes: tensor 'layer2.bias' holds NaN at flat index 0; weights must be finite",
    );
    expect(() => loadSafetensorsInto(net(), nanBias)).toThrow(StateDictError);
  });

  test('bad arguments name the function and the argument', () => {
    expect(() => loadSafetensorsInto({} as never, new Uint8Array(8))).toThrow(
      /loadSafetensorsInto: argument 'module' must be a Module/,
    );
    expect(() => loadSafetensorsInto(net(), safetensorsBytes(net()), { layout: 'keras' as never })).toThrow(
      "loadSafetensorsInto: option 'layout' must be one of 'tapegrad', 'torch'",
    );
    expect(() => loadSafetensorsInto(net(), safetensorsBytes(net()), { strict: 'yes' as never })).toThrow(
      "loadSafetensorsInto: option 'strict' must be true or false",
    );
  });
});

describe('files: saveSafetensors and loadSafetensors', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  test('save then load, both layouts: the same network, and no temporary file left beside it', () => {
    dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
    const saved = new MLP([2, 5, 3], { output: 'softmax', rng: new Rng(3) });
    for (const layout of ['tapegrad', 'torch'] as const) {
      const path = join(dir, `${layout}.safetensors`);
      saveSafetensors(saved, path, { layout });
      expect(readFileSync(path)).toEqual(Buffer.from(safetensorsBytes(saved, { layout })));
      const loaded = new MLP([2, 5, 3], { output: 'softmax', rng: new Rng(4) });
      loadSafetensors(loaded, path, { layout });
      expect(loaded.parameters().map((p) => Array.from(p.data))).toEqual(
        saved.parameters().map((p) => Array.from(p.data)),
      );
    }
    expect(readdirSync(dir).sort()).toEqual(['tapegrad.safetensors', 'torch.safetensors']);
  });

  test('a save that fails leaves the old file whole and no temporary file', () => {
    dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
    const path = join(dir, 'model.safetensors');
    writeFileSync(path, 'the old model');
    expect(() => saveSafetensors({ w: tensor([1e39]) }, path, { dtype: 'float32' })).toThrow(
      /saveSafetensors: tensor 'w' holds 1e\+39/,
    );
    expect(readFileSync(path, 'utf8')).toBe('the old model');
    expect(() => saveSafetensors(net(), join(dir, 'no-such-folder', 'model.safetensors'))).toThrow(
      /saveSafetensors: cannot write .*no-such-folder\/model.safetensors: ENOENT/,
    );
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
  });

  test('loadSafetensors names the path in its errors', () => {
    dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
    const path = join(dir, 'short.safetensors');
    writeFileSync(path, new Uint8Array(3));
    expect(() => loadSafetensors(net(), path)).toThrow(
      `loadSafetensors: ${path}: 3 bytes is too short for a safetensors file`,
    );
    expect(() => loadSafetensors(net(), join(dir, 'absent.safetensors'))).toThrow(
      /loadSafetensors: cannot read .*absent.safetensors: ENOENT/,
    );
    expect(existsSync(join(dir, 'absent.safetensors'))).toBe(false);
  });
});
