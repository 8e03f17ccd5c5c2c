/**
 * The worked example as a teacher uses it: --seed draws a new exercise of short decimals (the same seed, the
 * same page), --lr sets the step, the network is drawn with the page's own numbers, every symbol is defined
 * where it first appears, and every package the page credits really holds what it is credited with.
 */
import * as autograd from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { ConfigError, HIDDEN_ACTIVATIONS } from '@tapegrad/nn';
import {
  EXPLAIN_LOSSES,
  LARGEST_INPUT,
  LARGEST_WEIGHT,
  workedExample,
  Z1_MARGIN,
} from '@tapegrad/viz/explain';
import { describe, expect, test } from 'vitest';
import { formatNumber } from '../../packages/viz/src/explain/format.ts';
import type { Matrix } from '../../packages/viz/src/explain/matrix.ts';
import { expectAllClose, expectThrows } from '../support/assertions.ts';
import { parseSvg, textsOf } from '../support/svg.ts';

/** Whether x is a whole number of `step`s (up to the rounding of x = k / 10 in float64). */
const isMultipleOf = (x: number, step: number) => Math.abs(x / step - Math.round(x / step)) < 1e-9;

const LARGEST_SETTINGS = { hidden: 4, samples: 4, activation: 'tanh' } as const;

describe('--seed: a new exercise of short decimals', () => {
  const SEEDS = Array.from({ length: 20 }, (_, i) => i * 37 - 5); // negative seeds too
  test.for(EXPLAIN_LOSSES)(
    '%s: weights, biases, inputs and targets are nice numbers in their stated ranges',
    (loss) => {
      for (const seed of SEEDS) {
        const { quantities: q } = workedExample({ ...LARGEST_SETTINGS, loss, seed });
        for (const weight of [q.W1!, q.b1!, q.W2!, q.b2!].flatMap((matrix) => matrix.flat())) {
          expect(isMultipleOf(weight, 0.1), `seed ${seed}: weight ${weight}`).toBe(true);
          expect(weight).not.toBe(0);
          expect(Math.abs(weight)).toBeLessThanOrEqual(LARGEST_WEIGHT);
        }
        for (const input of q.X!.flat()) {
          expect(isMultipleOf(input, 0.5), `seed ${seed}: input ${input}`).toBe(true);
          expect(input).not.toBe(0);
          expect(Math.abs(input)).toBeLessThanOrEqual(LARGEST_INPUT);
        }
        const targets = q.Y!.flat();
        if (loss === 'mse') {
          for (const target of targets) expect([-1, -0.5, 0, 0.5, 1]).toContain(target);
        } else {
          for (const target of targets) expect([0, 1]).toContain(target);
        }
        if (loss === 'crossEntropy') for (const row of q.Y!) expect(row[0]! + row[1]!).toBe(1);
        // No hidden pre-activation near 0: relu's slope is defined, and its finite difference one-sided.
        for (const z of q.Z1!.flat()) expect(Math.abs(z)).toBeGreaterThanOrEqual(Z1_MARGIN - 1e-12);
      }
    },
  );

  test('the same seed gives the same page; different seeds give different numbers', () => {
    const options = { loss: 'crossEntropy', seed: 7 } as const;
    expect(workedExample(options).markdown).toBe(workedExample(options).markdown);
    const drawn = SEEDS.map((seed) => JSON.stringify(workedExample({ seed }).quantities.W1));
    // 20 seeds, each W1 one of 18^4 matrices: all different.
    expect(new Set(drawn).size).toBe(SEEDS.length);
    const fixed = workedExample().quantities;
    expect(workedExample({ seed: 7 }).quantities.W1).not.toEqual(fixed.W1);
  });

  test('without a seed the page is the fixed example: same numbers, no mention of a seed', () => {
    const { quantities: q, markdown } = workedExample();
    expect(q.W1).toEqual([
      [0.15, -0.25],
      [-0.3, 0.2],
    ]);
    expect(q.X).toEqual([
      [1, 2],
      [0.5, -1],
    ]);
    expect(markdown).toContain(
      'The weights and biases, fixed so that the arithmetic can be followed by hand:',
    );
    expect(markdown).not.toContain('drawn for seed');
  });

  test('the page says how to make another exercise and names the command that remakes this one', () => {
    const fixed = workedExample().markdown;
    // Near the top: in the introduction, before the setup.
    const intro = fixed.slice(0, fixed.indexOf('## The setup'));
    expect(intro).toContain(
      '**Another exercise:** this page is `tapegrad explain`. `tapegrad explain --seed 7` draws',
    );
    expect(intro).toContain('`docs/derivations.md`');
    const seeded = workedExample({ hidden: 3, loss: 'mse', seed: 12, learningRate: 0.3 }).markdown;
    expect(seeded).toContain(
      'this page is `tapegrad explain --hidden 3 --loss mse --seed 12 --lr 0.3`. `tapegrad explain --seed 13` draws',
    );
    expect(seeded).toContain(
      'The weights and biases, drawn for seed 12: nonzero multiples of 0.1 from -0.9 to 0.9',
    );
  });

  test('a seed that is not an integer is refused, naming the option', () => {
    expectThrows(
      () => workedExample({ seed: 1.5 }),
      ConfigError,
      /workedExample: seed must be an integer, got 1.5/,
    );
  });
});

describe('--lr: the learning rate of the step shown', () => {
  test('the step is theta - eta d(theta) with the given eta, and the page shows that eta', () => {
    const { quantities: q, markdown } = workedExample({ learningRate: 0.5 });
    const stepped = (theta: Matrix, gradient: Matrix) =>
      theta.map((row, i) => row.map((value, j) => value - 0.5 * gradient[i]![j]!));
    expect(q.newW1).toEqual(stepped(q.W1!, q.dW1!));
    expect(q.newb2).toEqual(stepped(q.b2!, q.db2!));
    expect(markdown).toContain('the learning rate $\\eta = 0.5$');
    // The gradients themselves do not depend on the step.
    expect(q.dW1).toEqual(workedExample().quantities.dW1);
  });

  test('a learning rate that is not a finite number > 0 is refused', () => {
    for (const learningRate of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectThrows(
        () => workedExample({ learningRate }),
        ConfigError,
        /workedExample: learningRate must be a finite number > 0/,
      );
    }
  });
});

describe('the drawing of the network', () => {
  test.for([
    { hidden: 2, loss: 'bce', samples: 2 },
    { hidden: 4, loss: 'crossEntropy', samples: 3, seed: 5 },
    { hidden: 1, loss: 'mse', samples: 1, seed: 9 },
  ] as const)(
    "hidden $hidden, $loss: one circle per unit, one label per weight, the page's numbers",
    (options) => {
      const { networkSvg, quantities: q, html } = workedExample(options);
      const svg = parseSvg(networkSvg);
      const [inputs, hidden, outputs] = [q.X![0]!.length, q.W1![0]!.length, q.W2![0]!.length];
      expect(svg.querySelectorAll('circle')).toHaveLength(inputs + hidden + outputs);
      expect(svg.querySelectorAll('.unit.input circle')).toHaveLength(inputs);
      expect(svg.querySelectorAll('.unit.hidden circle')).toHaveLength(hidden);
      expect(svg.querySelectorAll('.unit.output circle')).toHaveLength(outputs);
      // Edges in the order of the matrices, row by row: W1[p, r], then W2[r, j].
      expect(textsOf(svg, 'text.weight')).toEqual([...q.W1!.flat(), ...q.W2!.flat()].map(formatNumber));
      expect(svg.querySelectorAll('.edge line')).toHaveLength(inputs * hidden + hidden * outputs);
      // Each unit holds its value for example 1: the input, the activation A1, the output A2.
      expect(textsOf(svg, '.unit.input .value')).toEqual(q.X![0]!.map(formatNumber));
      expect(textsOf(svg, '.unit.hidden .value')).toEqual(q.A1![0]!.map(formatNumber));
      expect(textsOf(svg, '.unit.output .value')).toEqual(q.A2![0]!.map(formatNumber));
      expect(textsOf(svg, '.unit.hidden .bias')).toEqual(q.b1![0]!.map((b) => `b = ${formatNumber(b)}`));
      expect(textsOf(svg, '.unit.output .bias')).toEqual(q.b2![0]!.map((b) => `b = ${formatNumber(b)}`));
      expect(textsOf(svg, '.unit.hidden .preactivation')).toEqual(
        q.Z1![0]!.map((z) => `z = ${formatNumber(z)}`),
      );
      // The HTML page holds the same drawing inline.
      expect(html).toContain(`<figure class="network">\n${networkSvg}</figure>`);
    },
  );

  test('the Markdown shows the SVG when told where it is, and the same numbers as a table either way', () => {
    const withImage = workedExample({ networkImage: 'worked.svg' }).markdown;
    expect(withImage).toContain(
      '![The 2-2-1 network with its weights, biases and the values of example 1](worked.svg)',
    );
    const without = workedExample().markdown;
    expect(without).not.toContain('![');
    expect(without).toContain('| $h_1$ | $x_1$: 0.15, $x_2$: -0.3 | 0.1 | -0.35 | 0.413382 |');
    expect(without).toContain('| $o_1$ | $h_1$: 0.4, $h_2$: -0.5 | 0.1 | 0.00910427 | 0.502276 |');
  });
});

describe('every symbol is defined where it first appears', () => {
  test.for(EXPLAIN_LOSSES)('%s: t_i, the class of example i, before any use', (loss) => {
    for (const options of [{ loss }, { loss, seed: 3, samples: 4 }]) {
      const { markdown } = workedExample(options);
      const definition = 'Example $i$ belongs to class $t_i$';
      if (loss === 'crossEntropy') {
        expect(markdown).toContain('t_i');
        expect(markdown.indexOf('t_i')).toBe(markdown.indexOf(definition) + definition.indexOf('t_i'));
      } else {
        expect(markdown).not.toContain('t_i');
      }
    }
  });
});

describe('the packages the page credits', () => {
  const PACKAGES: Record<string, Record<string, unknown>> = { autograd, nn };
  test.for(EXPLAIN_LOSSES.flatMap((loss) => HIDDEN_ACTIVATIONS.map((activation) => ({ loss, activation }))))(
    '$loss, $activation: every function named with its package is exported by that package',
    ({ loss, activation }) => {
      const { markdown } = workedExample({ loss, activation });
      const credits = [
        ...[...markdown.matchAll(/`(\w+)` in `@tapegrad\/(\w+)`/g)].map(([, name, pkg]) => [pkg!, name!]),
        ...[...markdown.matchAll(/\b(nn|autograd)'s `(\w+)`/g)].map(([, pkg, name]) => [pkg!, name!]),
      ];
      expect(credits.map(([pkg, name]) => `${pkg}.${name}`)).toEqual(
        expect.arrayContaining([
          'nn.manualBackprop',
          'nn.objective',
          'nn.autogradGradients',
          'nn.finiteDifferences',
        ]),
      );
      for (const [pkg, name] of credits) {
        expect(PACKAGES[pkg!]![name!], `${pkg}'s ${name}`).toBeTypeOf('function');
      }
      // The tape is autograd's, and the page says so.
      expect(markdown).toContain('by the autograd tape (`@tapegrad/autograd`)');
      expect([...markdown.matchAll(/`@tapegrad\/(\w+)`/g)].map(([, pkg]) => pkg)).toEqual(['nn', 'autograd']);
    },
  );
});

describe('the finite differences are computed from the cost, not copied from backprop', () => {
  test('dW1[1, 1] and dZ2[1, 1] by central differences of J computed here', () => {
    const { quantities: q, finiteDifferences: fd } = workedExample({ seed: 4 });
    const cost = (W1: Matrix, Z2?: Matrix) => {
      const X = autograd.tensor(q.X!);
      const logits =
        Z2 === undefined
          ? X.matmul(autograd.tensor(W1))
              .add(autograd.tensor(q.b1![0]!))
              .sigmoid()
              .matmul(autograd.tensor(q.W2!))
              .add(autograd.tensor(q.b2![0]!))
          : autograd.tensor(Z2);
      return nn.bceWithLogits(logits, autograd.tensor(q.Y!)).item();
    };
    const eps = 1e-6;
    const nudged = (matrix: Matrix, by: number) =>
      matrix.map((row, i) => row.map((v, j) => (i + j === 0 ? v + by : v)));
    const dW1 = (cost(nudged(q.W1!, eps)) - cost(nudged(q.W1!, -eps))) / (2 * eps);
    // dZ2 is m dJ/dZ2, as on the rest of the page.
    const m = q.X!.length;
    const dZ2 = (m * (cost(q.W1!, nudged(q.Z2!, eps)) - cost(q.W1!, nudged(q.Z2!, -eps)))) / (2 * eps);
    expectAllClose([fd.dW1![0]![0]!, fd.dZ2![0]![0]!], [dW1, dZ2], { atol: 1e-9, rtol: 0 });
    // Not the hand-computed value to the last bit: a real estimate, off by about 1e-10.
    expect(fd.dW1![0]![0]!).not.toBe(q.dW1![0]![0]!);
  });
});
