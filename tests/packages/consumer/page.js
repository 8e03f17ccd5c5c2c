// A web page's script, bundled by vite from the installed packages: it trains in the browser and draws
// the decision boundary into the page's own document. The bundle must hold no Node built-in.
import { Rng, tensor } from '@tapegrad/autograd';
import { Adam, evaluate, fit, moons, TwoLayerNet } from '@tapegrad/nn';
import { exportOnnx } from '@tapegrad/onnx';
import { decisionBoundarySvg } from '@tapegrad/viz/plots';

const rng = new Rng(3);
const data = moons({ n: 100, noise: 0.1, rng });
const net = new TwoLayerNet({
  inputs: 2,
  hidden: 8,
  outputs: 1,
  hiddenActivation: 'tanh',
  output: 'sigmoid',
  rng,
});
fit(net, data, { epochs: 300, optimizer: new Adam(net.parameters(), { lr: 0.05 }), rng });
const check = tensor([1, 2, 3]).mul(2).sum().item();
document.getElementById('result').textContent = JSON.stringify({
  accuracy: evaluate(net, data).accuracy,
  check,
  onnxHead: [...exportOnnx(net).subarray(0, 2)],
});
document.getElementById('plot').innerHTML = decisionBoundarySvg({ model: net, train: data, resolution: 20 });
