/**
 * hiddenUnitsSvg: one heatmap per unit of the first hidden layer, on one colour scale, over the data's plane.
 */
import { Rng, tensor } from '@tapegrad/autograd';
import { MLP, TwoLayerNet } from '@tapegrad/nn';
import { nodeDocument } from '@tapegrad/viz/node';
import { hiddenUnitsSvg } from '@tapegrad/viz/plots';
import { describe, expect, test } from 'vitest';
import { parseSvg, textsOf } from '../support/svg.ts';

const document = nodeDocument();
const points = tensor([
  [0, 0],
  [1, 2],
  [-1, 1],
]);

describe('hiddenUnitsSvg', () => {
  test('draws one labelled square per unit of the first hidden layer', () => {
    const net = new MLP([2, 5, 3, 1], { activation: 'relu', output: 'sigmoid', rng: new Rng(2) });
    const root = parseSvg(hiddenUnitsSvg({ model: net, points: [points] }, document));
    expect(textsOf(root, 'text.unit-label')).toEqual(['unit 1', 'unit 2', 'unit 3', 'unit 4', 'unit 5']);
    expect(textsOf(root, 'text').join(' ')).toContain('5 units of the first hidden layer');
  });

  test("a tanh unit's colour scale spans tanh's range, -1 to 1", () => {
    const net = new TwoLayerNet({
      inputs: 2,
      hidden: 3,
      outputs: 1,
      hiddenActivation: 'tanh',
      rng: new Rng(1),
    });
    const texts = textsOf(parseSvg(hiddenUnitsSvg({ model: net, points: [points] }, document)), 'text');
    // Eight bands: thresholds -0.75, -0.5, ..., 0.75.
    expect(texts).toEqual(expect.arrayContaining(['−0.75', '0', '0.75']));
    expect(texts.filter((text) => text.startsWith('unit '))).toHaveLength(3);
  });

  test('refuses inputs that are not 2-D, naming the function', () => {
    const net = new TwoLayerNet({ inputs: 3, hidden: 4, outputs: 1, rng: new Rng(1) });
    expect(() => hiddenUnitsSvg({ model: net, points: [tensor([[0, 0, 0]])] }, document)).toThrow(
      /hiddenUnitsSvg: the network takes 3 inputs; the units are drawn over the plane/,
    );
  });
});
