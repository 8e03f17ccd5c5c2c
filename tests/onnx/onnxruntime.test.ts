/**
 * Exported models run in onnxruntime-node (its CPU build, shipped in the npm package) on the raw rows and
 * agree with tapegrad's own forward on the standardized rows: the standardizer, every weight, every
 * activation and the output activation all made it into the file, in float64 (within 1e-12: the same
 * numbers, summed in another order) and float32 (within 1e-6: float32 rounding of inputs and weights).
 */
import { noGrad, type Tensor } from '@tapegrad/autograd';
import { exportOnnx } from '@tapegrad/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, test } from 'vitest';
import { exportCases, rawRows, rowStandardizer } from './models.ts';

const TOLERANCES = { float64: 1e-12, float32: 1e-6 } as const;

/** The largest |a - b| over two equally long arrays. */
function maxDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let largest = 0;
  for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(actual[i]! - expected[i]!));
  return largest;
}

/** The exported file run by onnxruntime on `rows`: its one output's values and shape. */
async function runInOnnxruntime(bytes: Uint8Array, rows: Tensor, dtype: 'float64' | 'float32') {
  const session = await ort.InferenceSession.create(bytes);
  const values = dtype === 'float64' ? Float64Array.from(rows.data) : Float32Array.from(rows.data);
  const results = await session.run({ features: new ort.Tensor(dtype, values, [...rows.shape]) });
  expect(session.outputNames).toEqual(['probabilities']);
  const output = results.probabilities!;
  return { values: output.data as Float64Array | Float32Array, shape: output.dims, type: output.type };
}

describe.each(exportCases())('$name in onnxruntime-node', ({ model, classNames }) => {
  const rows = rawRows();
  const standardizer = rowStandardizer();
  const expected = noGrad(() => model.forward(standardizer.transform(rows)));

  test.each(['float64', 'float32'] as const)(
    '%s: the raw rows give tapegrad’s probabilities',
    async (dtype) => {
      const bytes = exportOnnx(model, { dtype, standardizer, classNames });
      const output = await runInOnnxruntime(bytes, rows, dtype);
      expect(output.type).toBe(dtype);
      expect(output.shape).toEqual(expected.shape);
      expect(maxDifference(output.values, expected.data)).toBeLessThanOrEqual(TOLERANCES[dtype]);
    },
  );

  test('one row and nine rows run through the same file (a symbolic batch)', async () => {
    const bytes = exportOnnx(model, { standardizer });
    const firstRow = await runInOnnxruntime(bytes, rows.slice([{ start: 0, stop: 1 }]), 'float64');
    const width = expected.shape[1]!;
    expect(firstRow.shape).toEqual([1, width]);
    expect(maxDifference(firstRow.values, expected.data.subarray(0, width))).toBeLessThanOrEqual(1e-12);
  });
});

test('without a standardizer the file takes standardized rows, as the model does', async () => {
  const { model } = exportCases()[0]!;
  const standardized = rowStandardizer().transform(rawRows());
  const output = await runInOnnxruntime(exportOnnx(model), standardized, 'float64');
  const expected = noGrad(() => model.forward(standardized));
  expect(maxDifference(output.values, expected.data)).toBeLessThanOrEqual(1e-12);
  // The same file on the raw rows is far off: the standardizer is what the first test proved present.
  const raw = await runInOnnxruntime(exportOnnx(model), rawRows(), 'float64');
  expect(maxDifference(raw.values, expected.data)).toBeGreaterThan(1e-3);
});
