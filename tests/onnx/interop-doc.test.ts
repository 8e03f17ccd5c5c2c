/**
 * docs/interop.md's JavaScript block runs as written: in a folder holding runs/export/moons.onnx (a
 * TwoLayerNet 2-16-1 exported with its standardizer, as `tapegrad export` writes it), `node` runs the block
 * and it prints the probabilities tapegrad's own forward gives on the same raw rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { noGrad, Rng, tensor } from '@tapegrad/autograd';
import { fitStandardizer, moons, TwoLayerNet } from '@tapegrad/nn';
import { exportOnnx } from '@tapegrad/onnx';
import { expect, test } from 'vitest';

const INTEROP = readFileSync(new URL('../../docs/interop.md', import.meta.url), 'utf8');

test("interop.md's JavaScript block prints tapegrad's probabilities for its rows", () => {
  const blocks = [...INTEROP.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!);
  expect(blocks).toHaveLength(1);
  // The block imports onnxruntime-node by name; a temporary folder resolves it from the repository.
  const runtime = pathToFileURL(createRequire(import.meta.url).resolve('onnxruntime-node')).href;
  const script = blocks[0]!.replace("from 'onnxruntime-node'", `from '${runtime}'`);
  expect(script).not.toBe(blocks[0]);

  const data = moons({ n: 200, noise: 0.15, rng: new Rng(42) });
  const standardizer = fitStandardizer(data.X);
  const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 1, rng: new Rng(3) });
  const folder = mkdtempSync(join(tmpdir(), 'tapegrad-interop-'));
  mkdirSync(join(folder, 'runs', 'export'), { recursive: true });
  writeFileSync(
    join(folder, 'runs', 'export', 'moons.onnx'),
    exportOnnx(net, { standardizer, classNames: ['0', '1'] }),
  );
  writeFileSync(join(folder, 'snippet.mjs'), script);

  const printed = JSON.parse(
    execFileSync(process.execPath, ['snippet.mjs'], { cwd: folder, encoding: 'utf8' }),
  ) as number[];
  const rows = tensor([
    [0.5, -0.2],
    [-1, 0.8],
  ]);
  const expected = noGrad(() => net.forward(standardizer.transform(rows))).data;
  expect(printed).toHaveLength(2);
  printed.forEach((p, row) => {
    expect(Math.abs(p - expected[row]!)).toBeLessThanOrEqual(1e-12);
  });
});
