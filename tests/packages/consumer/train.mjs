// A user's plain Node ESM program, run in a fresh project where tapegrad was installed from its packed
// tarballs with npm: it trains the two-layer network on two moons and draws its loss curve.
import { Rng } from '@tapegrad/autograd';
import { Adam, evaluate, fit, moons, TwoLayerNet, trainTestSplit } from '@tapegrad/nn';
import { nodeDocument, svgToPng } from '@tapegrad/viz/node';
import { lossCurveSvg } from '@tapegrad/viz/plots';

const rng = new Rng(7);
const data = moons({ n: 200, noise: 0.1, rng });
const { train, test } = trainTestSplit(data, { testFraction: 0.25, rng });
const net = new TwoLayerNet({
  inputs: 2,
  hidden: 16,
  outputs: 1,
  hiddenActivation: 'tanh',
  output: 'sigmoid',
  rng,
});
const { history } = fit(net, train, {
  epochs: 200,
  optimizer: new Adam(net.parameters(), { lr: 0.05 }),
  rng,
});
const { accuracy } = evaluate(net, test);
const png = svgToPng(lossCurveSvg(history, nodeDocument()));
console.log(JSON.stringify({ epochs: history.length, testAccuracy: accuracy, pngBytes: png.length }));
