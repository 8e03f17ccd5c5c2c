// A user's prediction service, in a fresh project where tapegrad was installed from its packed tarballs
// with npm: it trains a network, serves it with @tapegrad/serve and asks it for a prediction, without a
// socket and on a port, and fetches the Swagger UI page's script from the installed swagger-ui-dist.
import { Rng } from '@tapegrad/autograd';
import { Adam, fit, moons, TwoLayerNet } from '@tapegrad/nn';
import { createApp, serveApp } from '@tapegrad/serve';

const rng = new Rng(3);
const network = new TwoLayerNet({
  inputs: 2,
  hidden: 8,
  outputs: 1,
  hiddenActivation: 'tanh',
  output: 'sigmoid',
  rng,
});
fit(network, moons({ n: 200, noise: 0.1, rng }), {
  epochs: 100,
  optimizer: new Adam(network.parameters(), { lr: 0.05 }),
  rng,
});
const app = createApp([
  {
    name: 'moons',
    network,
    classes: ['upper', 'lower'],
    featureNames: ['x1', 'x2'],
    standardizer: { mean: [0, 0], std: [1, 1] },
  },
]);
const request = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{"rows": [[0, 1], [1, -0.5]]}',
};
const direct = await (await app.request('/predict', request)).json();
const server = await serveApp(app, { port: 0 });
const overSocket = await (await fetch(`${server.url}/predict`, request)).json();
const script = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
const scriptBytes = (await script.text()).length;
await server.close();
console.log(
  JSON.stringify({
    classes: direct.predictions.map((p) => p.class),
    same: JSON.stringify(direct) === JSON.stringify(overSocket),
    scriptStatus: script.status,
    scriptBytes,
  }),
);
