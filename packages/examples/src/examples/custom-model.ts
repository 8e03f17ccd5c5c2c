/**
 * A model written straight on autograd tensors, with no Module: four parameter tensors, a forward function
 * of one line, a loss written out by hand, and the training loop in the open (forward, backward, step): all
 * that TwoLayerNet and fit do for you, done by hand. Only the data, the optimizer (Adam works on any list of
 * tensors) and the accuracy count come from @tapegrad/nn.
 *
 * Stated result: the training loss falls below 0.1 (from ln 2 = 0.693 at the start, a coin toss), and
 * at least 95% of the held-out test points are classified right. It takes a fraction of a second, so
 * 'small' is the same run.
 */
import { noGrad, Rng, type Tensor, zeros } from '@tapegrad/autograd';
import { Adam, accuracy, moons, trainTestSplit } from '@tapegrad/nn';
import type { ExampleOptions } from './options.ts';

export interface CustomModelResult {
  /** The training loss before every step (losses[0] is the loss of the initial weights). */
  readonly losses: number[];
  readonly finalLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

export function run(options: ExampleOptions = {}): CustomModelResult {
  const write = options.write ?? console.log;
  const rng = new Rng(0);
  // Two moons, 400 points, 80% to train on and 20% held out.
  const { train, test } = trainTestSplit(moons({ n: 400, noise: 0.2, seed: 0 }), { rng });
  // y as a column [m, 1] of 0/1, to line up with the model's one output per row.
  const trainY = train.y.reshape([-1, 1]);

  // The parameters: plain tensors that require a gradient. 2 inputs -> 16 tanh units -> 1 logit.
  const hidden = 16;
  // W1 from N(0, 1 / inputs), which keeps the tanh units out of saturation. It is computed from tensors
  // that need no gradient, so it is a leaf, and a leaf can be made a parameter.
  const W1 = rng.randn([2, hidden]).mul(Math.sqrt(1 / 2));
  W1.requiresGrad = true;
  const b1 = zeros([hidden], { requiresGrad: true });
  // The output layer may start at zero (W1's random values already make the hidden units differ): then
  // every logit starts at 0, every probability at 1/2, and the first loss is exactly ln 2 = 0.6931.
  const W2 = zeros([hidden, 1], { requiresGrad: true });
  const b2 = zeros([1], { requiresGrad: true });
  const parameters = [W1, b1, W2, b2];

  /** The model: z = tanh(X W1 + b1) W2 + b2, one logit per row [m, 1]; P(class 1) = sigmoid(z). */
  const model = (X: Tensor): Tensor => X.matmul(W1).add(b1).tanh().matmul(W2).add(b2);

  /**
   * Binary cross entropy from the logit z: -[y log s + (1 - y) log(1 - s)] with s = sigmoid(z) simplifies
   * to log(1 + e^z) - y z = softplus(z) - y z, which never takes the log of 0. Averaged over the rows.
   */
  const loss = (z: Tensor, y: Tensor): Tensor => z.softplus().sub(y.mul(z)).mean();

  const optimizer = new Adam(parameters, { lr: 0.05 });
  const steps = 300;
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const J = loss(model(train.X), trainY); // forward: records every op on the tape
    losses.push(J.item());
    optimizer.zeroGrad(); // gradients add up, so clear last step's
    J.backward(); // fills W1.grad, b1.grad, W2.grad, b2.grad
    optimizer.step(); // moves each parameter against its gradient
    if (step % 50 === 0) write(`step ${String(step).padStart(3)}  loss ${J.item().toFixed(4)}`);
  }
  const finalLoss = noGrad(() => loss(model(train.X), trainY).item());
  write(`step ${String(steps).padStart(3)}  loss ${finalLoss.toFixed(4)}`);

  // A point is class 1 where the logit is positive (sigmoid(z) > 0.5). No tape needed to predict.
  const classify = (X: Tensor) => noGrad(() => model(X).gt(0).reshape([-1]));
  const trainAccuracy = accuracy(classify(train.X), train.y);
  const testAccuracy = accuracy(classify(test.X), test.y);
  write(
    `\ntrain accuracy ${(100 * trainAccuracy).toFixed(1)}%, test accuracy ${(100 * testAccuracy).toFixed(1)}%`,
  );
  write('(the claim: the loss falls below 0.1, and test accuracy is at least 95%)');
  return { losses, finalLoss, trainAccuracy, testAccuracy };
}
