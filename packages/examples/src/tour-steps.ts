import { div, grad, gradcheck, Rng, type Tensor, tensor, toDot } from '@tapegrad/autograd';

/** Where the tour prints: one line at a time (console.log in `pnpm start`, an array in the tests). */
export type Write = (line: string) => void;

/**
 * A short guided tour of @tapegrad/autograd for a learner: a tiny neuron and its gradients (checked by
 * hand with the chain rule), micrograd's README expression, a second derivative, gradcheck reports and the
 * graph as DOT text. Printed through `write`, so the tests can read it without spawning a process.
 */
export function runTour(write: Write): void {
  const heading = (title: string) => {
    write('');
    write(`== ${title} ==`);
  };

  heading('1. A tiny neuron: o = tanh(x . w + b), loss = (o - y)^2');
  // The neuron of micrograd's lecture: b = 6.8813735870195432 makes x . w + b = asinh(1), so o = 1/sqrt(2).
  const x = tensor([2, 0]);
  const w = tensor([-3, 1], { requiresGrad: true });
  const b = tensor(6.8813735870195432, { requiresGrad: true });
  const y = 1;
  write(`x = ${x}`);
  write(`w = ${w}`);
  write(`b = ${b}`);
  const preActivation = x.mul(w).sum().add(b);
  const o = preActivation.tanh();
  const loss = o.sub(y).square();
  write(`o = ${o}`);
  write(`loss = ${loss}`);

  heading('2. backward(): gradients of the loss');
  loss.backward();
  write('loss.backward() fills .grad of every leaf that requires a gradient:');
  write(`w.grad = ${w.grad}`);
  write(`b.grad = ${b.grad}`);
  // dloss/db = dloss/do * do/dn * dn/db = 2(o - y) * (1 - o^2) * 1.
  const oValue = o.item();
  const byHand = 2 * (oValue - y) * (1 - oValue ** 2);
  write('Checking dloss/db by hand with the chain rule: 2(o - y) * (1 - o^2) * 1');
  write(`  chain rule: ${byHand}`);
  write(`  autograd:   ${b.grad!.item()}`);

  heading("3. micrograd's README expression");
  const a = tensor(-4, { requiresGrad: true });
  const bb = tensor(2, { requiresGrad: true });
  let c = a.add(bb);
  let d = a.mul(bb).add(bb.pow(3));
  c = c.add(c.add(1));
  c = c.add(c.add(1).add(a.neg()));
  d = d.add(d.mul(2).add(bb.add(a).relu()));
  d = d.add(d.mul(3).add(bb.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2);
  g = g.add(div(10, f));
  g.backward();
  write('a = -4, b = 2, ..., g = f / 2 + 10 / f (micrograd prints 24.7041, 138.8338, 645.5773)');
  write(`g = ${g.item()}`);
  write(`dg/da = ${a.grad!.item()}`);
  write(`dg/db = ${bb.grad!.item()}`);

  heading('4. A second derivative: grad(grad(f))');
  const cube = (t: Tensor) => t.pow(3);
  const at = tensor(3);
  write("f(x) = x^3 at x = 3: f'(x) = 3x^2 = 27, f''(x) = 6x = 18");
  write(`grad(f)(3) = ${grad(cube)(at).item()}`);
  write(`grad(grad(f))(3) = ${grad(grad(cube))(at).item()}`);

  heading('5. gradcheck: the tape against finite differences');
  const rng = new Rng(0);
  write('tanh on a random [3] input:');
  write(gradcheck((t) => t.tanh(), [rng.randn([3], { requiresGrad: true })]).toString());
  write('matmul of random [2,3] and [3,2] inputs:');
  const left = rng.randn([2, 3], { requiresGrad: true });
  const right = rng.randn([3, 2], { requiresGrad: true });
  write(gradcheck((p, q) => p.matmul(q), [left, right]).toString());

  heading('6. The graph as Graphviz DOT text: toDot(loss)');
  const dot = toDot(loss, { values: true, grads: true });
  const lines = dot.split('\n');
  write(`toDot(loss, { values: true, grads: true }) is ${dot.length} characters, ${lines.length} lines:`);
  for (const line of lines) write(line);
  write(
    '(paste the text above, from digraph to the closing brace, into any Graphviz viewer to see the graph)',
  );
}
