// A user's TypeScript, type-checked with `tsc --strict` against the published declarations only.
import { type Shape, type Tensor, tensor } from '@tapegrad/autograd';
import { type EpochRecord, fit, MLP, moons, parseCsv, SGD } from '@tapegrad/nn';
import { loadCsv } from '@tapegrad/nn/node';
import { exportOnnx } from '@tapegrad/onnx';
import { createApp, type ServeApp, type ServedModelSpec } from '@tapegrad/serve';
import { workedExample } from '@tapegrad/viz/explain';
import { nodeDocument } from '@tapegrad/viz/node';
import { accuracyCurveSvg } from '@tapegrad/viz/plots';

const x: Tensor = tensor(
  [
    [1, 2],
    [3, 4],
  ],
  { requiresGrad: true },
);
const shape: Shape = x.matmul(x).tanh().shape;
x.mul(x).sum().backward();
const gradient: Tensor | null = x.grad;

const net = new MLP([2, 8, 1], { activation: 'relu', output: 'sigmoid' });
const data = moons({ n: 20, noise: 0.1 });
const history: EpochRecord[] = fit(net, data, {
  epochs: 2,
  optimizer: new SGD(net.parameters(), { lr: 0.1 }),
}).history;
const svg: string = accuracyCurveSvg(history, nodeDocument());
const markdown: string = workedExample({ hidden: 2 }).markdown;
const csv = parseCsv('a,label\n1,x\n2,y\n', { target: 'label' });
const fromFile: (path: string) => unknown = (path) => loadCsv(path, { target: 'label' });

const spec: ServedModelSpec = {
  name: 'mlp',
  network: net,
  classes: ['a', 'b'],
  featureNames: ['x1', 'x2'],
  standardizer: { mean: [0, 0], std: [1, 1] },
};
const app: ServeApp = createApp([spec], { maxBatch: 32 });
const onnxModel: Uint8Array = exportOnnx(net, { dtype: 'float32', opset: 17 });

export { app, csv, fromFile, gradient, markdown, onnxModel, shape, svg };
