/**
 * The training session, against independent references: the CLI (`tapegrad train` gives the same weights bit
 * for bit; `tapegrad predict --json` and `evaluate` read the exported run and give the session's numbers), nn's
 * `fit` called once for the whole run, the forward pass and tanh written out by hand at a cell of the plane,
 * and nn's three ways to a gradient (hand-derived, tape, finite differences).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noGrad, Rng, tensor } from '@tapegrad/autograd';
import { autogradGradients, createOptimizer, fit, MLP, toBinaryTargets } from '@tapegrad/nn';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSavedRun } from '../../packages/cli/src/saved-run.ts';
import { DEFAULT_CONFIG, type PlaygroundConfig } from '../../packages/playground/src/config.ts';
import { buildData } from '../../packages/playground/src/data.ts';
import type { CsvSource } from '../../packages/playground/src/protocol.ts';
import { inEvalMode } from '../../packages/playground/src/training/network.ts';
import { cellCenter } from '../../packages/playground/src/training/plane.ts';
import { readRunFiles } from '../../packages/playground/src/training/run-files.ts';
import { TrainingSession } from '../../packages/playground/src/training/session.ts';
import { runTapegrad, tempDir } from '../cli/tapegrad-process.ts';
import { expectAllClose, expectClose } from '../support/assertions.ts';

/** Writes a session's exported files to a fresh run folder and returns its path. */
function writeRun(session: TrainingSession, name: string): string {
  const dir = join(tempDir('playground'), name);
  mkdirSync(dir);
  const { modelJson, configJson } = session.exportRun();
  writeFileSync(join(dir, 'model.json'), modelJson);
  writeFileSync(join(dir, 'config.json'), configJson);
  return dir;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('TrainingSession: the default configuration (2-16-1 tanh, Adam 0.03, batches of 32, 500 moons)', () => {
  test('test accuracy reaches 95% at epoch 7 and stays at or above it through epoch 300', () => {
    const session = new TrainingSession(DEFAULT_CONFIG);
    expect(session.latest.epoch).toBe(0);
    const accuracies = Array.from({ length: 300 }, () => session.trainEpochs(1)[0]!.testAccuracy);
    expect(accuracies.findIndex((accuracy) => accuracy >= 0.95) + 1).toBe(7);
    expect(Math.min(...accuracies.slice(6))).toBeGreaterThanOrEqual(0.95);
    expect(session.epoch).toBe(300);
    // 400 training rows in batches of 32: 13 steps an epoch.
    expect(session.step).toBe(300 * 13);
  });

  test('trains as tapegrad train does: the same weights, bit for bit, after 20 epochs in bursts', async () => {
    const dir = tempDir('playground-train');
    const cli = await runTapegrad(
      // --no-compile: the session trains eagerly (a compiled run in bursts rounds differently from one run).
      ['train', '--epochs', '20', '--batch-size', '32', '--lr', '0.03', '--no-compile', '--out', 'run'],
      { cwd: dir },
    );
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const session = new TrainingSession(DEFAULT_CONFIG);
    session.trainEpochs(5);
    for (let i = 0; i < 5; i++) session.trainEpochs(1);
    session.trainEpochs(10);
    const cliModel = JSON.parse(readFileSync(join(dir, 'run', 'model.json'), 'utf8'));
    expect(JSON.parse(session.exportRun().modelJson)).toEqual(cliModel);
    const cliResult = JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8')).result;
    expect(session.latest.trainLoss).toBe(cliResult.trainLoss);
    expect(session.latest.testAccuracy).toBe(cliResult.testAccuracy);

    // And a CLI run folder imports: its settings, its epoch, its weights.
    const imported = TrainingSession.importRun(
      readFileSync(join(dir, 'run', 'model.json'), 'utf8'),
      readFileSync(join(dir, 'run', 'config.json'), 'utf8'),
    );
    expect(imported.config).toEqual(DEFAULT_CONFIG);
    expect(imported.epoch).toBe(20);
    expect(imported.step).toBe(260);
    expect(imported.exportRun().modelJson).toBe(session.exportRun().modelJson);
    expect(imported.latest).toEqual(session.latest);
  });

  test('each epoch is a loss point; epochs per second are measured over the burst', () => {
    const session = new TrainingSession(DEFAULT_CONFIG);
    const points = session.trainEpochs(3);
    expect(points.map((point) => point.epoch)).toEqual([1, 2, 3]);
    expect(session.latest).toBe(points[2]);
    expect(session.snapshot(points).newPoints).toEqual(points);
    // Node, warmed up: the engine's speed for the default configuration (the page shows the browser's).
    const burst = session.trainFor(1000);
    const { epochsPerSecond } = session.snapshot(burst);
    console.log(
      `default configuration in Node: ${burst.length} epochs in a 1 s burst, ${epochsPerSecond.toFixed(0)} epochs/s`,
    );
    expect(epochsPerSecond).toBeGreaterThan(0);
    // Nothing trained since the last snapshot: no speed to tell.
    expect(session.snapshot().epochsPerSecond).toBe(0);
    // A burst of 0 ms still trains one epoch.
    expect(session.trainFor(0)).toHaveLength(1);
  });

  test('reset gives the first weights, epoch 0 and the first loss point back', () => {
    const fresh = new TrainingSession(DEFAULT_CONFIG);
    const session = new TrainingSession(DEFAULT_CONFIG);
    session.trainEpochs(4);
    session.reset();
    expect([session.epoch, session.step]).toEqual([0, 0]);
    expect(session.latest).toEqual(fresh.latest);
    expect(session.exportRun().modelJson).toBe(fresh.exportRun().modelJson);
    // And it trains again along the same path.
    expect(session.trainEpochs(2)).toEqual(fresh.trainEpochs(2));
  });
});

describe('TrainingSession: dropout, depth, L2 and momentum follow nn fit called once for the whole run', () => {
  test('an MLP 2-8-8-1 relu with dropout 0.2, l2 0.01 and momentum: the weights of one 10-epoch fit', () => {
    const config: PlaygroundConfig = {
      ...DEFAULT_CONFIG,
      hidden: [8, 8],
      activation: 'relu',
      dropout: 0.2,
      l2: 0.01,
      optimizer: 'momentum',
      learningRate: 0.05,
      batchSize: 50,
    };
    const session = new TrainingSession(config);
    const points = [...session.trainEpochs(3), ...session.trainFor(0), ...session.trainEpochs(6)];

    const data = buildData(config);
    const reference = new MLP([2, 8, 8, 1], {
      activation: 'relu',
      output: 'sigmoid',
      dropout: 0.2,
      rng: new Rng(44),
    });
    const { history } = fit(reference, data.train, {
      epochs: 10,
      batchSize: 50,
      optimizer: createOptimizer('momentum', reference.parameters(), { lr: 0.05 }),
      rng: new Rng(45),
      l2: 0.01,
      validation: data.test,
    });
    const weights = (net: MLP) =>
      net.namedParameters().map(([name, value]) => [name, Array.from(value.data)]);
    expect(weights(session.network as MLP)).toEqual(weights(reference));
    expect(points.map((point) => point.trainLoss)).toEqual(history.map((record) => record.trainLoss));
    expect(points.map((point) => point.testAccuracy)).toEqual(history.map((record) => record.valAccuracy));
    expect(session.step).toBe(10 * 8);
  });
});

describe('TrainingSession.snapshot: the plane and the network, against the forward pass by hand', () => {
  const session = new TrainingSession(DEFAULT_CONFIG);
  session.trainEpochs(15);
  const snapshot = session.snapshot();
  const { bounds } = session.data.view;
  const [mean, std] = [session.data.standardizer.mean.data, session.data.standardizer.std.data];
  const [layer1, layer2] = snapshot.network.layers as [
    (typeof snapshot.network.layers)[0],
    (typeof snapshot.network.layers)[0],
  ];
  /** Z1 = x W1 + b1 for the standardized cell centre, unit j, with W1 stored [in, out]. */
  const z1At = (size: number, row: number, column: number, unit: number) => {
    const [x, y] = cellCenter(bounds, size, row, column);
    const [sx, sy] = [(x - mean[0]!) / std[0]!, (y - mean[1]!) / std[1]!];
    return sx * layer1.weight[unit]! + sy * layer1.weight[16 + unit]! + layer1.bias[unit]!;
  };
  const cells = [
    [0, 0],
    [0, 49],
    [17, 31],
    [25, 25],
    [49, 3],
  ] as const;

  test('the network view: sizes, activation, each layer’s weights as [in, out] and its shape', () => {
    expect(snapshot.network.sizes).toEqual([2, 16, 1]);
    expect(snapshot.network.activation).toBe('tanh');
    const net = session.network;
    const [weight1, bias1, weight2, bias2] = net.parameters();
    expect(Array.from(layer1.weight)).toEqual(Array.from(weight1!.data));
    expect(Array.from(layer1.bias)).toEqual(Array.from(bias1!.data));
    expect(Array.from(layer2.weight)).toEqual(Array.from(weight2!.data));
    expect(Array.from(layer2.bias)).toEqual(Array.from(bias2!.data));
    expect([layer1.fanIn, layer1.fanOut, layer2.fanIn, layer2.fanOut]).toEqual([2, 16, 16, 1]);
    // A copy: training on does not change a snapshot already sent.
    const before = layer1.weight[0];
    session.trainEpochs(1);
    expect(layer1.weight[0]).toBe(before);
  });

  test('the gradients are the tape’s of the full training cost at the snapshot’s weights', () => {
    const fresh = new TrainingSession(DEFAULT_CONFIG);
    fresh.trainEpochs(3);
    const view = fresh.snapshot();
    const net = fresh.network;
    const { gradients } = autogradGradients(net, fresh.data.train.X, toBinaryTargets(fresh.data.train.y));
    expect(Array.from(view.network.layers[0]!.weightGrad)).toEqual(
      Array.from(gradients['layer1.weight']!.data),
    );
    expect(Array.from(view.network.layers[0]!.biasGrad)).toEqual(Array.from(gradients['layer1.bias']!.data));
    expect(Array.from(view.network.layers[1]!.weightGrad)).toEqual(
      Array.from(gradients['layer2.weight']!.data),
    );
    expect(Array.from(view.network.layers[1]!.biasGrad)).toEqual(Array.from(gradients['layer2.bias']!.data));
  });

  test('the boundary grid is P(class 1) = sigmoid(tanh(x W1 + b1) W2 + b2) at each cell centre', () => {
    const { probability, classOfCell, confidence } = snapshot.boundary;
    expect(probability.size).toBe(50);
    expect(probability.values).toHaveLength(2500);
    for (const [row, column] of cells) {
      let z2 = layer2.bias[0]!;
      for (let unit = 0; unit < 16; unit++)
        z2 += Math.tanh(z1At(50, row, column, unit)) * layer2.weight[unit]!;
      const p = sigmoid(z2);
      const cell = row * 50 + column;
      expectClose(probability.values[cell]!, p, { atol: 1e-15, rtol: 1e-13 }, `cell ${row},${column}`);
      expect(classOfCell[cell]).toBe(p > 0.5 ? 1 : 0);
      expectClose(confidence[cell]!, Math.max(p, 1 - p), { atol: 1e-15, rtol: 1e-13 });
    }
    // Both classes are predicted somewhere on the plane of two moons.
    expect(new Set(classOfCell)).toEqual(new Set([0, 1]));
  });

  test("each hidden unit's grid is tanh of its pre-activation at the cell centre (24 x 24)", () => {
    const neurons = snapshot.network.neurons;
    expect(neurons).toHaveLength(1);
    expect(neurons[0]).toHaveLength(16);
    for (const unit of [0, 7, 15]) {
      const grid = neurons[0]![unit]!;
      expect(grid.size).toBe(24);
      for (const [row, column] of [
        [0, 0],
        [11, 20],
        [23, 23],
      ] as const) {
        expectClose(grid.values[row * 24 + column]!, Math.tanh(z1At(24, row, column, unit)), {
          atol: 1e-15,
          rtol: 1e-13,
        });
      }
    }
  });

  test('with three classes: the most probable class per cell and P(last class)', () => {
    const blobs = new TrainingSession({
      ...DEFAULT_CONFIG,
      dataset: 'blobs',
      output: 'softmax-ce',
      noise: 0.5,
    });
    blobs.trainEpochs(20);
    const { boundary } = blobs.snapshot();
    const cell = 17 * 50 + 31;
    const [x, y] = cellCenter(blobs.data.view.bounds, 50, 17, 31);
    const probabilities = inEvalMode(blobs.network, () =>
      noGrad(() => blobs.network.forward(blobs.data.standardizer.transform(tensor([[x, y]])))),
    ).data;
    const best = probabilities.indexOf(Math.max(...probabilities));
    expect(boundary.classOfCell[cell]).toBe(best);
    expect(boundary.confidence[cell]).toBe(probabilities[best]);
    expect(boundary.probability.values[cell]).toBe(probabilities[2]);
    expect(new Set(boundary.classOfCell)).toEqual(new Set([0, 1, 2]));
  });
});

describe('TrainingSession.proof: hand-derived and finite-difference gradients against the tape', () => {
  test('the default 2-16-1 on moons: manual vs tape below 1e-10 at epochs 0, 1, 10 and 50', () => {
    const session = new TrainingSession(DEFAULT_CONFIG);
    for (const epochs of [0, 1, 9, 40]) {
      if (epochs > 0) session.trainEpochs(epochs);
      const proof = session.proof(false);
      expect(proof.epoch).toBe(session.epoch);
      expect(proof.rows.map((row) => row.name)).toEqual([
        'layer1.weight',
        'layer1.bias',
        'layer2.weight',
        'layer2.bias',
      ]);
      expect(proof.rows.map((row) => row.shape)).toEqual([[2, 16], [16], [16, 1], [1]]);
      for (const row of proof.rows) {
        expect(row.manualVsTape, `${row.name} at epoch ${session.epoch}`).toBeLessThan(1e-10);
        expect(row.finiteVsTape).toBeUndefined();
        expect(row.largest).toBeGreaterThan(0);
      }
      // The cost the proof differentiates is the training loss the curve shows.
      expectClose(proof.loss, session.latest.trainLoss);
    }
  });

  test('finite differences agree with the tape to 1e-6 relative, for every parameter', () => {
    const session = new TrainingSession(DEFAULT_CONFIG);
    session.trainEpochs(2);
    for (const row of session.proof(true).rows) {
      expect(row.finiteVsTape! / row.largest, row.name).toBeLessThan(1e-6);
    }
  });

  test('an MLP with dropout and L2: gradients taken in evaluation mode, manual vs tape below 1e-10', () => {
    const session = new TrainingSession({
      ...DEFAULT_CONFIG,
      dataset: 'spirals',
      output: 'softmax-ce',
      hidden: [12, 8, 6],
      activation: 'relu',
      dropout: 0.3,
      l2: 0.05,
    });
    session.trainEpochs(5);
    const proof = session.proof(true);
    expect(proof.rows).toHaveLength(8);
    expect(proof.rows[6]).toMatchObject({ name: 'layers.3.weight', shape: [6, 3] });
    for (const row of proof.rows) {
      expect(row.manualVsTape, row.name).toBeLessThan(1e-10);
      expect(row.finiteVsTape! / row.largest, row.name).toBeLessThan(1e-6);
    }
    // Training mode is back on for the next steps.
    expect(session.network.training).toBe(true);
  });
});

describe('TrainingSession.exportRun: the CLI reads the files', () => {
  const session = new TrainingSession(DEFAULT_CONFIG);
  let dir: string;
  beforeAll(() => {
    session.trainEpochs(30);
    dir = writeRun(session, 'moons');
  });

  test("loadSavedRun takes the folder; its model and standardizer give the boundary's probabilities", () => {
    const run = loadSavedRun(dir);
    expect(run.config.classes).toEqual(['0', '1']);
    expect(run.config.featureNames).toEqual(['x1', 'x2']);
    expect(run.config.training.seed).toBe(42);
    expect(run.config.testFraction).toBe(0.2);
    const { bounds } = session.data.view;
    const snapshot = session.snapshot();
    const picked = [
      [3, 4],
      [30, 12],
      [44, 47],
    ] as const;
    const rows = picked.map(([row, column]) => cellCenter(bounds, 50, row, column));
    const probabilities = noGrad(() => run.model.forward(run.standardize(tensor(rows)))).data;
    picked.forEach(([row, column], i) => {
      expect(probabilities[i]).toBe(snapshot.boundary.probability.values[row * 50 + column]);
    });
  });

  test('tapegrad predict --json and tapegrad evaluate give the session’s numbers', async () => {
    const [x, y] = cellCenter(session.data.view.bounds, 50, 30, 12);
    const predicted = await runTapegrad(['predict', '--json', '--model', dir, `${x},${y}`], { cwd: dir });
    expect(predicted.stderr).toBe('');
    const answer = JSON.parse(predicted.stdout);
    const p = session.snapshot().boundary.probability.values[30 * 50 + 12]!;
    expect(answer.predictions[0].probabilities).toEqual([1 - p, p]);
    expect(answer.classes).toEqual(['0', '1']);

    const evaluated = await runTapegrad(['evaluate', '--model', dir], { cwd: dir });
    expect(evaluated.stderr).toBe('');
    const correct = Math.round(session.latest.testAccuracy * 100);
    expect(evaluated.stdout).toContain(`Accuracy ${correct.toFixed(1)}% (${correct} of 100)`);
  });

  test('a linearly separable run with a 30% test share: tapegrad evaluate scores the same test rows', async () => {
    const linear = new TrainingSession({ ...DEFAULT_CONFIG, dataset: 'linear', points: 200, testRatio: 0.3 });
    linear.trainEpochs(5);
    const linearDir = writeRun(linear, 'linear');
    const evaluated = await runTapegrad(['evaluate', '--model', linearDir], { cwd: linearDir });
    expect(evaluated.stderr).toBe('');
    const correct = Math.round(linear.latest.testAccuracy * 60);
    expect(evaluated.stdout).toContain(`(${correct} of 60)`);
  });

  test('config.json holds the CLI’s fields and the playground’s own configuration', () => {
    const config = JSON.parse(session.exportRun().configJson);
    expect(config).toMatchObject({
      command: 'tapegrad playground',
      dataset: { name: 'moons', points: 500, noise: 0.15, seed: 42 },
      model: {
        kind: 'TwoLayerNet',
        inputs: 2,
        hidden: 16,
        outputs: 1,
        hiddenActivation: 'tanh',
        output: 'sigmoid',
      },
      loss: 'bce',
      training: { optimizer: 'adam', lr: 0.03, epochs: 30, batchSize: 32, l2: 0, dropout: 0, seed: 42 },
      result: {
        epochsRun: 30,
        testAccuracy: session.latest.testAccuracy,
        trainLoss: session.latest.trainLoss,
      },
      playground: { steps: 390, config: DEFAULT_CONFIG },
    });
    expect(session.exportRun().configJson.endsWith('}\n')).toBe(true);
  });

  test('importRun of the exported files restores the configuration, the weights, the epoch and the step', () => {
    const { modelJson, configJson } = session.exportRun();
    const imported = TrainingSession.importRun(modelJson, configJson);
    expect(imported.config).toEqual(DEFAULT_CONFIG);
    expect([imported.epoch, imported.step]).toEqual([30, 390]);
    expect(imported.exportRun().modelJson).toBe(modelJson);
    expect(imported.latest).toEqual(session.latest);
    expect(imported.snapshot().boundary).toEqual(session.snapshot().boundary);
  });
});

describe('TrainingSession: what cannot be done is refused with what to change', () => {
  const threeClasses: CsvSource = {
    name: 'three.csv',
    target: 'label',
    text: `a,b,label\n${Array.from({ length: 30 }, (_, i) => `${i},${(i * 7) % 11},${'xyz'[i % 3]}`).join('\n')}`,
  };

  test('sigmoid-bce for a CSV of three classes', () => {
    expect(() => new TrainingSession({ ...DEFAULT_CONFIG, dataset: 'csv' }, threeClasses)).toThrow(
      'out=sigmoid-bce tells 2 classes apart and the data has 3 (x, y, z): pick the softmax-ce output, which ' +
        'takes any number of classes',
    );
    expect(
      new TrainingSession(
        { ...DEFAULT_CONFIG, dataset: 'csv', output: 'softmax-ce' },
        threeClasses,
      ).network.describe(),
    ).toBe('TwoLayerNet(2-16-3, hidden tanh, output softmax)');
  });

  test('a configuration out of range', () => {
    expect(() => new TrainingSession({ ...DEFAULT_CONFIG, points: 5, learningRate: 0 })).toThrow(
      'the configuration cannot be used as it is: points=5 is out of range: points takes a whole number from 20 ' +
        'to 2000; using 20; lr=0 is out of range: lr takes a number above 0, at most 10; using the default 0.03',
    );
  });

  test('a divergence stops training until reset, told in the run’s epochs', () => {
    const session = new TrainingSession({
      ...DEFAULT_CONFIG,
      optimizer: 'sgd',
      learningRate: 10,
      activation: 'relu',
      hidden: [32, 32, 32],
    });
    expect(() => session.trainEpochs(3)).toThrow(
      'the loss became NaN in epoch 1 (batch starting at row 320); the learning rate 10 is probably too large: ' +
        'try a smaller one; press Reset for fresh weights',
    );
    expect(() => session.trainFor(10)).toThrow(/^training cannot go on: the loss became NaN in epoch 1/);
    // The snapshot still draws (NaN where the network is NaN), so the page can show the state.
    expect(() => session.snapshot()).not.toThrow();
    session.reset();
    expect(session.epoch).toBe(0);
    expect(Number.isFinite(session.latest.trainLoss)).toBe(true);
  });

  test('graph rows are checked; the graph has the four parameters as its filled boxes', async () => {
    const session = new TrainingSession(DEFAULT_CONFIG);
    await expect(session.graphSvg(0)).rejects.toThrow('graph: rows 0 must be a whole number from 1 to 16');
    const svg = await session.graphSvg(4);
    expect(svg).toContain('<svg');
    // Four parameters drawn, by their state-dict names; each one's tooltip (hover) carries its values and gradient.
    expect(svg.match(/>layer\d\.(weight|bias)</g)).toHaveLength(4);
    const parameterTooltip = /xlink:title="layer\d\.(weight|bias)&#10;[^"]*&#10;data [^"]*&#10;grad /g;
    expect(svg.match(parameterTooltip)).toHaveLength(4);
  });

  test('explain walks the two-layer network only, and only existing training points', () => {
    const session = new TrainingSession(DEFAULT_CONFIG);
    expect(() => session.explainHtml(400)).toThrow(
      'explain: training point 400 does not exist; pick one from 0 to 399',
    );
    const deep = new TrainingSession({ ...DEFAULT_CONFIG, hidden: [8, 4] });
    expect(() => deep.explainHtml(0)).toThrow(
      'explain: the worked example follows the two-layer network of the derivations, and this is ' +
        'MLP(2-8-4-1, hidden tanh, output sigmoid); pick one hidden layer and no dropout to see it',
    );
    const dropped = new TrainingSession({ ...DEFAULT_CONFIG, dropout: 0.2 });
    expect(() => dropped.explainHtml(0)).toThrow(
      /MLP\(2-16-1, hidden tanh, output sigmoid\) with dropout; pick one/,
    );
  });

  test('importRun refuses a run whose data is not the one its config describes, and files that are not a run', () => {
    const session = new TrainingSession(DEFAULT_CONFIG);
    const { modelJson, configJson } = session.exportRun();
    const edited = JSON.parse(configJson);
    edited.standardizer.mean[0] += 0.01;
    expect(() => TrainingSession.importRun(modelJson, JSON.stringify(edited))).toThrow(
      /^config\.json: the run's standardizer \(mean 0\.51.*is not that of the data .*import it with its own data$/,
    );
    expect(() => TrainingSession.importRun('{', configJson)).toThrow(/^model\.json: not valid JSON/);
    expect(() => TrainingSession.importRun(modelJson, '{"format":"x"}')).toThrow(
      'config.json: not the config.json of a tapegrad run (its command is neither tapegrad train nor tapegrad ' +
        'playground)',
    );
    const csvRun = new TrainingSession(
      { ...DEFAULT_CONFIG, dataset: 'csv', output: 'softmax-ce' },
      threeClasses,
    ).exportRun();
    expect(() => TrainingSession.importRun(csvRun.modelJson, csvRun.configJson)).toThrow(
      'config.json: the run was trained on the CSV three.csv; drop that file on the page first, then import the run',
    );
    expect(
      TrainingSession.importRun(csvRun.modelJson, csvRun.configJson, { ...threeClasses, target: 'a' }).config
        .dataset,
    ).toBe('csv');
  });

  test("a CLI run's settings the playground has no control for are brought into range, and told", () => {
    const session = new TrainingSession(DEFAULT_CONFIG);
    const { modelJson, configJson } = session.exportRun();
    const cliLike = JSON.parse(configJson);
    delete cliLike.playground;
    cliLike.command = 'tapegrad train';
    cliLike.training = { ...cliLike.training, optimizer: 'rmsprop', batchSize: 'full', lr: 0.05 };
    const run = readRunFiles(modelJson, JSON.stringify(cliLike));
    expect(run.problems).toEqual([
      'opt=rmsprop is not known: opt takes sgd, momentum or adam; using the default adam',
    ]);
    // 'full': every training row in one batch, which the largest batch size covers.
    expect(run.config).toEqual({ ...DEFAULT_CONFIG, optimizer: 'adam', batchSize: 2000, learningRate: 0.05 });
    expect(run.steps).toBeUndefined();
    const imported = TrainingSession.importRun(modelJson, JSON.stringify(cliLike));
    expect(imported.trainEpochs(1)[0]!.epoch).toBe(1);
    expect(imported.step).toBe(1);
  });

  test('a network the playground cannot show is refused on import', () => {
    const big = new MLP([2, 40, 1], { activation: 'tanh', output: 'sigmoid' });
    const { configJson } = new TrainingSession(DEFAULT_CONFIG).exportRun();
    const modelJson = JSON.stringify({
      format: 'tapegrad-model',
      version: 1,
      config: { kind: 'MLP', sizes: [2, 40, 1], activation: 'tanh', output: 'sigmoid', dropout: 0 },
      parameters: Object.fromEntries(
        big.namedParameters().map(([name, p]) => [name, { shape: p.shape, values: Array.from(p.data) }]),
      ),
    });
    expect(() => TrainingSession.importRun(modelJson, configJson)).toThrow(
      /^model\.json: the playground cannot show MLP\(2-40-1, hidden tanh, output sigmoid\): hidden=40 is out of range/,
    );
  });
});

describe('TrainingSession: data and a network from other settings', () => {
  test('the output layer follows the classes: softmax-ce over two classes has two softmax units', () => {
    const session = new TrainingSession({ ...DEFAULT_CONFIG, output: 'softmax-ce' });
    expect(session.network.describe()).toBe('TwoLayerNet(2-16-2, hidden tanh, output softmax)');
    session.trainEpochs(30);
    expect(session.latest.testAccuracy).toBeGreaterThanOrEqual(0.95);
    // P(class 1) is the second softmax column: it agrees with the classes drawn.
    const { boundary } = session.snapshot();
    boundary.classOfCell.forEach((predicted, cell) => {
      expect(predicted).toBe(boundary.probability.values[cell]! > 0.5 ? 1 : 0);
    });
  });

  test('a CSV of three features is seen in the slice through the mean of the feature not shown', () => {
    const text = `a,b,c,label\n${Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i},${i % 2}`).join('\n')}`;
    const session = new TrainingSession(
      { ...DEFAULT_CONFIG, dataset: 'csv', axes: [2, 0] },
      { name: 'three-features.csv', text, target: 'label' },
    );
    const { bounds } = session.data.view;
    const [x, y] = cellCenter(bounds, 50, 10, 40);
    const [mean, std] = [session.data.standardizer.mean.data, session.data.standardizer.std.data];
    // Feature c on the x axis, a on the y axis, b at its training mean: standardized, 0.
    const input = tensor([[(y - mean[0]!) / std[0]!, 0, (x - mean[2]!) / std[2]!]]);
    const p = inEvalMode(session.network, () => noGrad(() => session.network.forward(input))).item();
    expectAllClose([session.snapshot().boundary.probability.values[10 * 50 + 40]!], [p]);
  });
});

describe('TrainingSession.explainHtml: the worked example of one training point at the current weights', () => {
  test('the page holds the standardized point, its class and the output computed by hand', () => {
    const session = new TrainingSession({ ...DEFAULT_CONFIG, l2: 0.01 });
    session.trainEpochs(5);
    const html = session.explainHtml(3);
    /** As the page writes numbers: 6 significant digits. */
    const shown = (value: number) => String(Number(value.toPrecision(6)));
    const [mean, std] = [session.data.standardizer.mean.data, session.data.standardizer.std.data];
    const raw = Array.from(session.data.rawTrain.X.data.subarray(6, 8));
    const standardized = raw.map((value, j) => (value - mean[j]!) / std[j]!);
    for (const value of standardized) expect(html).toContain(shown(value));
    // A2 = sigmoid(tanh(x W1 + b1) W2 + b2), written out.
    const [weight1, bias1, weight2, bias2] = session.network.parameters().map((parameter) => parameter.data);
    let z2 = bias2![0]!;
    for (let unit = 0; unit < 16; unit++) {
      const z1 = standardized[0]! * weight1![unit]! + standardized[1]! * weight1![16 + unit]! + bias1![unit]!;
      z2 += Math.tanh(z1) * weight2![unit]!;
    }
    expect(html).toContain(shown(1 / (1 + Math.exp(-z2))));
    expect(html).toContain('Backpropagation by hand: training point 3 at epoch 5');
    const label = session.data.classes[session.data.train.y.data[3]!];
    // The page's text is HTML: an apostrophe is written &#39;.
    const inHtml = (text: string) => text.replaceAll("'", '&#39;');
    expect(html).toContain(
      inHtml(
        `Training point 3 of the playground run (x1 = ${Number(raw[0]!.toPrecision(4))}, x2 = ${Number(raw[1]!.toPrecision(4))} ` +
          `in the data's units, standardized with the training split's mean and std before the network), class ${label}, at epoch 5.`,
      ),
    );
    expect(html).toContain(
      inHtml(
        "one plain gradient-descent step with the run's learning rate 0.03 (the run itself trains with adam). " +
          "The page leaves out the run's L2 term (l2 = 0.01).",
      ),
    );
  });
});
