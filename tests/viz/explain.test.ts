/**
 * The worked example of `tapegrad explain`: its page pinned by a snapshot, its hand-computed quantities
 * checked against the tape for every setting and shown to be nn's own hand-derived backprop bit for bit,
 * numbers of the default setup checked by hand, and the HTML page self-contained with KaTeX-rendered math.
 */
import { gradients, type Tensor, tensor } from '@tapegrad/autograd';
import {
  bceWithLogits,
  ConfigError,
  crossEntropy,
  HIDDEN_ACTIVATIONS,
  type HiddenActivation,
  manualBackprop,
  manualGradients,
  mse,
  type OutputActivation,
  TwoLayerNet,
} from '@tapegrad/nn';
import {
  EXPLAIN_LOSSES,
  type ExplainLoss,
  FINITE_DIFFERENCE_TOLERANCE,
  type WorkedExample,
  workedExample,
  workedExampleOf,
} from '@tapegrad/viz/explain';
import { katexCss } from '@tapegrad/viz/node';
import { describe, expect, test } from 'vitest';
import { formatDifference, formatNumber, texNumber } from '../../packages/viz/src/explain/format.ts';
import { markdownToHtml } from '../../packages/viz/src/explain/markdown-html.ts';
import type { Matrix } from '../../packages/viz/src/explain/matrix.ts';
import { LEARNING_RATE } from '../../packages/viz/src/explain/tiny-network.ts';
import { expectAllClose, expectClose, expectThrows } from '../support/assertions.ts';

/** Hand and tape do the same float64 arithmetic in another order: only rounding may differ. */
const AGREEMENT = { atol: 1e-12, rtol: 0 };

const leafOf = (values: Matrix | number[]) => tensor(values, { requiresGrad: true });

interface TapeReference {
  readonly loss: number;
  readonly gradients: Record<'dZ2' | 'dA1' | 'dZ1' | 'dW1' | 'db1' | 'dW2' | 'db2', Tensor>;
}

/**
 * The network written out with autograd's ops, independently of the page's code: the loss from nn's loss
 * functions (cross entropy from the one-hot rows Y, where the page's tape takes the labels), and the
 * gradients from one backward pass. dZ2, dA1 and dZ1 are m times the tape's (the derivations' convention).
 */
function tapeReference(
  q: Record<string, Matrix>,
  activation: HiddenActivation,
  loss: ExplainLoss,
  parameters = { W1: q.W1!, b1: q.b1!, W2: q.W2!, b2: q.b2! },
): TapeReference {
  const X = tensor(q.X!);
  const Y = tensor(q.Y!);
  const m = q.X!.length;
  const W1 = leafOf(parameters.W1);
  const b1 = leafOf(parameters.b1[0]!);
  const W2 = leafOf(parameters.W2);
  const b2 = leafOf(parameters.b2[0]!);
  const Z1 = X.matmul(W1).add(b1);
  const A1 = { sigmoid: () => Z1.sigmoid(), tanh: () => Z1.tanh(), relu: () => Z1.relu() }[activation]();
  const Z2 = A1.matmul(W2).add(b2);
  const J = { bce: bceWithLogits, crossEntropy, mse }[loss](Z2, Y);
  const [dZ2, dA1, dZ1, dW1, db1, dW2, db2] = gradients(J, [Z2, A1, Z1, W1, b1, W2, b2]);
  return {
    loss: J.item(),
    gradients: {
      dZ2: dZ2!.mul(m),
      dA1: dA1!.mul(m),
      dZ1: dZ1!.mul(m),
      dW1: dW1!,
      db1: db1!.reshape([1, -1]),
      dW2: dW2!,
      db2: db2!.reshape([1, -1]),
    },
  };
}

/** The rows of the page's summary table: largest |by hand - autograd| of each quantity. */
function summaryDifferences(markdown: string): number[] {
  const summary = markdown.slice(markdown.indexOf('## Summary'));
  return [...summary.matchAll(/^\| \$[^$]+\$ \| (\S+) \| \S+ \|$/gm)].map((match) => Number(match[1]));
}

/** The summary's last column: largest |by hand - finite differences| of each gradient (the cost has none). */
function summaryFiniteDifferences(markdown: string): number[] {
  const summary = markdown.slice(markdown.indexOf('## Summary'));
  return [...summary.matchAll(/^\| \$d[^$]+\$ \| \S+ \| (\S+) \|$/gm)].map((match) => Number(match[1]));
}

/** The gradients of the page, each shown by hand, by the tape and by finite differences. */
const GRADIENT_NAMES = ['dZ2', 'dW2', 'db2', 'dA1', 'dZ1', 'dW1', 'db1'] as const;

/**
 * The finite-difference column agrees with the hand-computed gradient (and so with the tape's, which equals
 * it to rounding) within the tolerance the page states, entry by entry; the page says so, and its summary
 * shows the largest gap of each gradient.
 */
function expectFiniteDifferencesAgree({
  markdown,
  quantities: q,
  finiteDifferences: fd,
}: WorkedExample): void {
  const { atol, rtol } = FINITE_DIFFERENCE_TOLERANCE;
  const largest = GRADIENT_NAMES.map((name) => {
    const [hand, numerical] = [q[name]!, fd[name]!];
    expect(
      numerical.map((row) => row.length),
      name,
    ).toEqual(hand.map((row) => row.length));
    const pairs = hand.flatMap((row, i) => row.map((value, j) => [value, numerical[i]![j]!] as const));
    for (const [value, estimate] of pairs) {
      expect(Math.abs(value - estimate), name).toBeLessThanOrEqual(atol + rtol * Math.abs(estimate));
    }
    return Math.max(...pairs.map(([value, estimate]) => Math.abs(value - estimate)));
  });
  expect(markdown).toContain(
    'Every gradient entry by hand agrees with its finite difference to within ' +
      '$10^{-8} + 10^{-6} \\, |\\text{finite difference}|$: **yes**.',
  );
  expect(summaryFiniteDifferences(markdown)).toEqual(largest.map((gap) => Number(formatDifference(gap))));
}

const COMBINATIONS = [1, 2, 3].flatMap((hidden) =>
  HIDDEN_ACTIVATIONS.flatMap((activation) =>
    EXPLAIN_LOSSES.flatMap((loss) => [1, 2, 3, 4].map((samples) => ({ hidden, activation, loss, samples }))),
  ),
);

describe('the default page: 2-2-1, sigmoid hidden layer, sigmoid output and bce, 2 samples', () => {
  // KaTeX's stylesheet with its fonts inlined, as the command line writes the page.
  const { markdown, html, quantities: q } = workedExample({ katexStylesheet: katexCss() });

  test('the Markdown is as pinned', () => {
    expect(markdown).toMatchSnapshot();
  });

  test('Z1, A1, Z2, A2 and J of the first sample as computed by hand', () => {
    // X row 1 = [1, 2]; W1 = [[0.15, -0.25], [-0.3, 0.2]]; b1 = [0.1, -0.1]:
    //   Z1[1, 1] = 1 * 0.15 + 2 * (-0.3) + 0.1    = 0.15 - 0.6 + 0.1  = -0.35
    //   Z1[1, 2] = 1 * (-0.25) + 2 * 0.2 + (-0.1) = -0.25 + 0.4 - 0.1 = 0.05
    expectAllClose(q.Z1![0]!, [-0.35, 0.05]);
    // Row 2 = [0.5, -1]: 0.075 + 0.3 + 0.1 = 0.475 and -0.125 - 0.2 - 0.1 = -0.425.
    expectAllClose(q.Z1![1]!, [0.475, -0.425]);
    // A1[1, 1] = 1 / (1 + e^0.35) = 1 / (1 + 1.4190675485932571) = 0.41338242108267;
    // A1[1, 2] = 1 / (1 + e^-0.05) = 0.5124973964842103.
    expectAllClose(q.A1![0]!, [0.41338242108267, 0.5124973964842103], { atol: 0, rtol: 1e-13 });
    // Z2[1] = 0.4 A1[1, 1] - 0.5 A1[1, 2] + 0.1 = 0.16535297 - 0.25624870 + 0.1 = 0.0091042702.
    expectClose(q.Z2![0]![0]!, 0.009104270190962854, { atol: 0, rtol: 1e-12 });
    // A2 = sigma(Z2) = [0.50227605, 0.53717282]; targets [1, 0]:
    // J = -(log 0.50227605 + log(1 - 0.53717282)) / 2 = (0.68861 + 0.77040) / 2 = 0.72950348.
    expectAllClose(q.A2!, [[0.5022760518263639], [0.5371728198870163]], { atol: 0, rtol: 1e-13 });
    expectClose(q.loss![0]![0]!, 0.7295034810329386, { atol: 0, rtol: 1e-13 });
    // dZ2 = A2 - Y, and db2 its mean: (-0.49772395 + 0.53717282) / 2 = 0.01972443.
    expectAllClose(q.dZ2!, [[0.5022760518263639 - 1], [0.5371728198870163]], { atol: 1e-15, rtol: 0 });
    expectClose(q.db2![0]![0]!, (0.5022760518263639 - 1 + 0.5371728198870163) / 2, { atol: 1e-15, rtol: 0 });
  });

  test('the page shows the first entry of Z1 worked out, and the cost', () => {
    expect(markdown).toContain(
      'Z_1[1, 1] = X[1, 1]\\, W_1[1, 1] + X[1, 2]\\, W_1[2, 1] + b_1[1] = 1 \\cdot 0.15 + 2 \\cdot (-0.3) + 0.1 = -0.35',
    );
    expect(markdown).toContain(
      'J = -\\frac{1}{2} \\left[ \\log 0.502276 + \\log(1 - 0.537173) \\right] = 0.729503',
    );
  });

  test('one step of gradient descent lowers the cost, and the page says so', () => {
    expectAllClose(
      q.newW1!,
      q.W1!.map((row, i) => row.map((w, j) => w - LEARNING_RATE * q.dW1![i]![j]!)),
    );
    expect(q.newLoss![0]![0]!).toBeLessThan(q.loss![0]![0]!);
    expect(markdown).toContain(
      `The cost went down, from ${formatNumber(q.loss![0]![0]!)} to ${formatNumber(q.newLoss![0]![0]!)}`,
    );
  });

  test('the HTML page renders every formula with KaTeX and fetches nothing', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Backpropagation by hand: a worked example</title>');
    const displayBlocks = markdown.match(/^\$\$$/gm)!.length / 2;
    expect(html.match(/class="katex-display"/g)).toHaveLength(displayBlocks);
    expect(html.match(/class="katex"/g)!.length).toBeGreaterThan(displayBlocks);
    expect(html).not.toContain('katex-error');
    expect(html).not.toMatch(/\$\$|<p>[^<]*\$/); // no math left unrendered
    // The only http URLs are MathML's and SVG's namespaces, names and not links; fonts are inlined as data URLs.
    const namespaces = ['xmlns="http://www.w3.org/1998/Math/MathML"', 'xmlns="http://www.w3.org/2000/svg"'];
    expect(namespaces.reduce((page, name) => page.replaceAll(name, ''), html)).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\b(src|href)=/);
    expect([...html.matchAll(/url\(([^)]{0,20})/g)].every((match) => match[1]!.startsWith('data:'))).toBe(
      true,
    );
    expect(html).toMatch(/@font-face\{[^}]*font-family:KaTeX_Main;[^}]*src:url\(data:font\/woff2;base64,/);
  });

  test('without a stylesheet (a page that loads KaTeX itself, as in a browser) the body is the same', () => {
    const bare = workedExample().html;
    expect(bare).not.toContain('@font-face');
    const body = (page: string) => page.slice(page.indexOf('<body>'));
    expect(body(bare)).toBe(body(html));
  });
});

describe("every backward quantity equals the tape's, and finite differences' within their tolerance, for every setting", () => {
  test.for(COMBINATIONS)('hidden $hidden, $activation, $loss, samples $samples', (options) => {
    const page = workedExample(options);
    const { markdown, quantities: q } = page;
    const reference = tapeReference(q, options.activation, options.loss);
    // No hidden pre-activation sits near relu's kink, where its slope is a convention.
    expect(Math.min(...q.Z1!.flat().map(Math.abs))).toBeGreaterThanOrEqual(0.025);
    expectClose(q.loss![0]![0]!, reference.loss, AGREEMENT, 'J');
    for (const [name, gradient] of Object.entries(reference.gradients)) {
      expect(q[name], name).toBeDefined();
      expectAllClose(q[name]!, gradient, AGREEMENT);
    }
    // After the step, the cost by hand equals the tape's at the new parameters, and it is lower.
    const updated = { W1: q.newW1!, b1: q.newb1!, W2: q.newW2!, b2: q.newb2! };
    const newLoss = tapeReference(q, options.activation, options.loss, updated).loss;
    expectClose(q.newLoss![0]![0]!, newLoss, AGREEMENT, 'J after the step');
    expect(q.newLoss![0]![0]!).toBeLessThan(q.loss![0]![0]!);
    // The page's own comparison with autograd: nine rows, every difference a rounding error.
    const differences = summaryDifferences(markdown);
    expect(differences).toHaveLength(9);
    for (const difference of differences) expect(difference).toBeLessThanOrEqual(1e-12);
    expectFiniteDifferencesAgree(page);
  });
});

describe('drawn exercises (--seed): finite differences agree with the hand-computed gradients, for every loss and activation', () => {
  const SEEDED = [1, 2, 3].flatMap((seed) =>
    HIDDEN_ACTIVATIONS.flatMap((activation) =>
      EXPLAIN_LOSSES.map((loss) => ({ seed, activation, loss, hidden: 3, samples: 4 })),
    ),
  );
  test.for(SEEDED)('seed $seed, $activation, $loss', (options) => {
    const page = workedExample(options);
    expectFiniteDifferencesAgree(page);
    // Hand and tape still agree to rounding on the drawn numbers.
    for (const difference of summaryDifferences(page.markdown)) expect(difference).toBeLessThanOrEqual(1e-12);
  });
});

const OUTPUT_OF: Record<ExplainLoss, OutputActivation> = {
  bce: 'sigmoid',
  crossEntropy: 'softmax',
  mse: 'linear',
};

/** A TwoLayerNet built here from the page's own numbers (the biases from rows to vectors). */
function netOfPage(
  q: Record<string, Matrix>,
  activation: HiddenActivation,
  loss: ExplainLoss,
  parameters = { W1: q.W1!, b1: q.b1!, W2: q.W2!, b2: q.b2! },
): TwoLayerNet {
  const net = new TwoLayerNet({
    inputs: q.X![0]!.length,
    hidden: q.W1![0]!.length,
    outputs: q.Y![0]!.length,
    hiddenActivation: activation,
    output: OUTPUT_OF[loss],
  });
  net.loadStateDict({
    'layer1.weight': tensor(parameters.W1),
    'layer1.bias': tensor(parameters.b1[0]!),
    'layer2.weight': tensor(parameters.W2),
    'layer2.bias': tensor(parameters.b2[0]!),
  });
  return net;
}

describe("every quantity by hand is nn's hand-derived backprop, bit for bit, for every setting", () => {
  test.for(COMBINATIONS)('hidden $hidden, $activation, $loss, samples $samples', (options) => {
    const { quantities: q } = workedExample(options);
    const net = netOfPage(q, options.activation, options.loss);
    const X = tensor(q.X!);
    // Cross entropy's one-hot rows Y, as the page shows them (the page itself passes the labels).
    const y = tensor(q.Y!);
    // toEqual on numbers is Object.is: equal bits (and the same sign of zero), not merely close.
    const { loss, gradients: named } = manualGradients(net, X, y);
    expect(q.loss).toEqual([[loss]]);
    expect(q.dW1).toEqual(named['layer1.weight']!.toArray());
    expect(q.db1).toEqual([named['layer1.bias']!.toArray()]);
    expect(q.dW2).toEqual(named['layer2.weight']!.toArray());
    expect(q.db2).toEqual([named['layer2.bias']!.toArray()]);
    // The intermediates come from the same pass: manualBackprop, whose gradients are manualGradients'.
    const pass = manualBackprop(net, X, y);
    expect(pass.loss).toBe(loss);
    for (const [name, gradient] of Object.entries(pass.gradients)) {
      expect(gradient.toArray(), name).toEqual(named[name]!.toArray());
    }
    for (const name of ['Z1', 'A1', 'Z2', 'A2'] as const) {
      expect(q[name], name).toEqual(pass.forward[name].toArray());
    }
    for (const name of ['dZ2', 'dA1', 'gPrime', 'dZ1'] as const) {
      expect(q[name], name).toEqual(pass.backward[name].toArray());
    }
    // The step is theta - eta d(theta) in float64, and the cost after it is manualGradients' there.
    const stepped = (theta: Matrix, gradient: Matrix) =>
      theta.map((row, i) => row.map((value, j) => value - LEARNING_RATE * gradient[i]![j]!));
    const updated = {
      W1: stepped(q.W1!, q.dW1!),
      b1: stepped(q.b1!, q.db1!),
      W2: stepped(q.W2!, q.dW2!),
      b2: stepped(q.b2!, q.db2!),
    };
    expect([q.newW1, q.newb1, q.newW2, q.newb2]).toEqual([updated.W1, updated.b1, updated.W2, updated.b2]);
    const after = manualBackprop(netOfPage(q, options.activation, options.loss, updated), X, y);
    expect(q.newLoss).toEqual([[after.loss]]);
    expect(q.newA2).toEqual(after.forward.A2.toArray());
  });
});

describe('the settings', () => {
  test('change the network as documented: k = 2 softmax outputs for cross entropy, leading rows and columns', () => {
    const { quantities: q, markdown } = workedExample({
      hidden: 3,
      activation: 'relu',
      loss: 'crossEntropy',
      samples: 4,
    });
    expect([q.X!.length, q.W1![0]!.length, q.W2![0]!.length]).toEqual([4, 3, 2]);
    expect(q.Y).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    q.A2!.forEach((row) => {
      expectClose(row[0]! + row[1]!, 1);
    });
    // relu: the slope is 1 where Z1 > 0 and 0 elsewhere (no entry of Z1 sits at the kink).
    expect(q.gPrime).toEqual(q.Z1!.map((row) => row.map((z) => (z > 0 ? 1 : 0))));
    expect(markdown).toContain('Example $i$ belongs to class $t_i$, counting from 1: $t = (1, 2, 2, 1)$');
    expect(markdown).toContain('$A_2 = \\operatorname{softmax}(Z_2)$');
  });

  test('give the same page every time', () => {
    const options = { hidden: 1, activation: 'tanh', loss: 'mse', samples: 3 } as const;
    expect(workedExample(options).markdown).toBe(workedExample(options).markdown);
  });

  test('out of range are refused with the valid values', () => {
    expectThrows(
      () => workedExample({ hidden: 0 }),
      ConfigError,
      /hidden must be an integer from 1 to 4, got 0/,
    );
    expectThrows(() => workedExample({ hidden: 1.5 }), ConfigError, /hidden must be an integer from 1 to 4/);
    expectThrows(
      () => workedExample({ samples: 5 }),
      ConfigError,
      /samples must be an integer from 1 to 4, got 5/,
    );
    expectThrows(
      () => workedExample({ activation: 'gelu' as HiddenActivation }),
      ConfigError,
      /activation 'gelu' is not one of sigmoid, tanh, relu/,
    );
    expectThrows(
      () => workedExample({ loss: 'hinge' as ExplainLoss }),
      ConfigError,
      /loss 'hinge' is not one of bce, crossEntropy, mse/,
    );
  });
});

describe('numbers on the page', () => {
  test('6 significant digits, as short as they read; scientific only when tiny or huge', () => {
    expect([0.15, -0.35, 0.41338242108267, 2, -0, 1.5e-7, 1234567.8].map(formatNumber)).toEqual([
      '0.15',
      '-0.35',
      '0.413382',
      '2',
      '0',
      '1.5e-7',
      '1.23457e6',
    ]);
    expect(texNumber(1.5e-7)).toBe('1.5 \\times 10^{-7}');
    expect([0, -6.938893903907228e-18].map(formatDifference)).toEqual(['0', '-6.94e-18']);
  });
});

describe('markdownToHtml', () => {
  test('headings, paragraphs, inline code and bold, tables with right-aligned columns; text escaped', () => {
    const html = markdownToHtml(
      [
        '## Two <steps>',
        '',
        'A paragraph over',
        'two lines with `code` and **bold**.',
        '',
        '| name | value |',
        '| --- | ---: |',
        '| a & b | 1 |',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<h2>Two &lt;steps&gt;</h2>',
        '<p>A paragraph over two lines with <code>code</code> and <strong>bold</strong>.</p>',
        '<table>',
        '<thead><tr><th>name</th><th style="text-align: right">value</th></tr></thead>',
        '<tbody>',
        '<tr><td>a &amp; b</td><td style="text-align: right">1</td></tr>',
        '</tbody>',
        '</table>',
        '',
      ].join('\n'),
    );
  });

  test('inline and display math become KaTeX markup', () => {
    const html = markdownToHtml('Inline $x^2$ here.\n\n$$\n\\frac{1}{m}\n$$');
    expect(html).toMatch(
      /^<p>Inline <span class="katex">.*<\/span> here\.<\/p>\n<div class="math"><span class="katex-display">/s,
    );
    expect(html).toContain('<mfrac>');
  });
});

describe('workedExampleOf: the page for a given network and examples (the playground explains a step with it)', () => {
  /** A TwoLayerNet holding the page's own fixed weights. */
  function netOfPage(q: Record<string, Matrix>, activation: HiddenActivation, output: OutputActivation) {
    const net = new TwoLayerNet({
      inputs: 2,
      hidden: q.W1![0]!.length,
      outputs: q.W2![0]!.length,
      hiddenActivation: activation,
      output,
    });
    net.loadStateDict({
      'layer1.weight': tensor(q.W1!),
      'layer1.bias': tensor(q.b1![0]!),
      'layer2.weight': tensor(q.W2!),
      'layer2.bias': tensor(q.b2![0]!),
    });
    return net;
  }

  test.for([
    { hidden: 2, activation: 'sigmoid', loss: 'bce', output: 'sigmoid', samples: 2 },
    { hidden: 3, activation: 'tanh', loss: 'crossEntropy', output: 'softmax', samples: 4 },
    { hidden: 1, activation: 'relu', loss: 'bce', output: 'sigmoid', samples: 1 },
  ] as const)(
    'the fixed network given back gives the fixed page: every quantity equal ($hidden, $activation, $loss)',
    ({ hidden, activation, loss, output, samples }) => {
      const fixed = workedExample({ hidden, activation, loss, samples });
      const q = fixed.quantities;
      const labels = loss === 'crossEntropy' ? q.Y!.map((row) => row.indexOf(1)) : q.Y!.map((row) => row[0]!);
      const given = workedExampleOf(netOfPage(q, activation, output), tensor(q.X!), tensor(labels), {
        learningRate: LEARNING_RATE,
      });
      expect(given.quantities).toEqual(q);
      // The same sections, after an introduction of its own and the sentence on where the weights come from.
      const body = (markdown: string) => markdown.slice(markdown.indexOf('## The setup'));
      expect(body(given.markdown)).toBe(
        body(fixed.markdown).replace(
          'The weights and biases, fixed so that the arithmetic can be followed by hand:',
          'The weights and biases as the network holds them now:',
        ),
      );
    },
  );

  test('a 2-5-3 softmax network on one point: its output is the network forward, the text says 3 classes', () => {
    const net = new TwoLayerNet({
      inputs: 2,
      hidden: 5,
      outputs: 3,
      hiddenActivation: 'tanh',
      output: 'softmax',
    });
    const X = tensor([[0.4, -1.2]]);
    const page = workedExampleOf(net, X, tensor([2]), {
      learningRate: 0.03,
      title: 'Training point 7 at epoch 12',
      description: 'The playground paused here.',
    });
    expectAllClose(tensor(page.quantities.A2!), net.forward(X), { atol: 1e-15, rtol: 0 });
    expect(page.markdown).toMatch(/^# Training point 7 at epoch 12\n\nThe playground paused here\./);
    expect(page.markdown).toContain('A 2-5-3 network: 2 inputs, 5 hidden units with the tanh activation');
    expect(page.markdown).toContain('3 outputs with the softmax (the probabilities of 3 classes)');
    expect(page.html).toContain('<title>Training point 7 at epoch 12</title>');
    expect(Math.max(...summaryDifferences(page.markdown))).toBeLessThanOrEqual(1e-12);
  });

  test('refuses what does not fit a page', () => {
    const net = new TwoLayerNet({ inputs: 2, hidden: 2, outputs: 1 });
    expectThrows(
      () => workedExampleOf(net, tensor([[1, 2, 3]]), tensor([1])),
      ConfigError,
      /X must be \[m, 2\]/,
    );
    const five = tensor([
      [1, 2],
      [1, 2],
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expectThrows(() => workedExampleOf(net, five, tensor([1, 0, 1, 0, 1])), ConfigError, /m from 1 to 4/);
    expectThrows(
      () => workedExampleOf(net, tensor([[1, 2]]), tensor([1, 0])),
      ConfigError,
      /y must hold the 1 targets/,
    );
  });
});
