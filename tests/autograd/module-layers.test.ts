/**
 * The modules of packages/autograd/src form layers without a circle: shape, tensor storage, the tape's
 * recording, ops, the reverse walk, the Tensor methods, then functional, gradcheck and graph. A circle
 * (tensor.ts importing every op, every op importing tensor.ts) works only until some module runs code at
 * import time: then one of them meets a class that is not initialized yet. So: the import graph has no
 * cycle; each module loads on its own; a module may build tensors and run ops at import time; and the ops
 * and the walk need no method of Tensor (the methods sit above them), so they run with none installed.
 */
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { findCycle, modulesUnder, runtimeImportGraph, runtimeSpecifiers } from '../support/module-graph.ts';

const SOURCE = fileURLToPath(new URL('../../packages/autograd/src/', import.meta.url));
const modules = modulesUnder(SOURCE);

/** Imports a module of packages/autograd/src by its path there, e.g. `source('ops/arithmetic.ts')`. */
const source = <Module = unknown>(module: string): Promise<Module> => import(`${SOURCE}${module}`);

type TensorModule = typeof import('../../packages/autograd/src/tensor/tensor.ts');
type CreateModule = typeof import('../../packages/autograd/src/tensor/create.ts');
type GradcheckModule = typeof import('../../packages/autograd/src/gradcheck/gradcheck.ts');

describe('the import graph', () => {
  test('the runtime imports of packages/autograd/src have no cycle (import type and export type aside)', () => {
    const cycle = findCycle(runtimeImportGraph(SOURCE));
    expect(cycle, `import cycle: ${cycle?.join(' -> ')}`).toBeNull();
  });

  test('no module imports from node: (the package runs in a browser; the matmul threads load theirs at run time)', () => {
    const nodeImports = modules.flatMap((module) =>
      runtimeSpecifiers(`${SOURCE}${module}`)
        .filter((specifier) => specifier.startsWith('node:'))
        .map((specifier) => `${module} imports ${specifier}`),
    );
    expect(nodeImports).toEqual([]);
  });

  test('findCycle names the modules of a cycle in order', () => {
    const graph = new Map([
      ['index.ts', ['tensor.ts']],
      ['tensor.ts', ['ops.ts']],
      ['ops.ts', ['shape.ts', 'tape.ts']],
      ['tape.ts', ['tensor.ts']],
      ['shape.ts', []],
    ]);
    expect(findCycle(graph)).toEqual(['tensor.ts', 'ops.ts', 'tape.ts', 'tensor.ts']);
    graph.set('tape.ts', ['shape.ts']);
    expect(findCycle(graph)).toBeNull();
  });

  test('the Tensor class imports no op and nothing of the tape but types', () => {
    const imports = runtimeImportGraph(SOURCE).get('tensor/tensor.ts')!;
    expect(imports.filter((module) => !/^(errors|shape\/|tensor\/)/.test(module))).toEqual([]);
  });
});

describe('each module alone, in a fresh module registry', () => {
  beforeEach(() => {
    vi.resetModules();
  });

  test.each(modules)('%s loads on its own', async (module) => {
    await expect(source(module)).resolves.toBeDefined();
  });

  test('a module that builds a tensor and runs ops at import time (const HALF = tensor(0.5)) loads first', async () => {
    const { HALF, halved, average, uniform } = await import('./fixtures/constants-from-ops.ts');
    expect(HALF.item()).toBe(0.5);
    expect(halved.toArray()).toEqual([1, 2, 3]);
    expect(average.item()).toBe(2);
    expect(uniform.toArray()).toEqual([0.5, 0.5]);
  });

  test('so does one that goes through the package entry and the method forms', async () => {
    const { halved, average } = await import('./fixtures/constants-from-entry.ts');
    expect(halved.toArray()).toEqual([1, 2, 3]);
    expect(average.item()).toBe(2);
  });

  test('only the methods module puts methods on Tensor; the entry imports it', async () => {
    const { Tensor } = await source<TensorModule>('tensor/tensor.ts');
    await source('ops/reduce.ts');
    await source('tape/backward.ts');
    expect('add' in Tensor.prototype).toBe(false);
    await source('index.ts');
    expect('add' in Tensor.prototype && 'backward' in Tensor.prototype).toBe(true);
    // As a class's own methods: not enumerable, so a for-in over a tensor sees its fields only.
    expect(Object.keys(Tensor.prototype)).toEqual([]);
  });
});

describe('the ops, the walk and gradcheck need no Tensor method', () => {
  type Ops = typeof import('../../packages/autograd/src/ops/arithmetic.ts') &
    typeof import('../../packages/autograd/src/ops/broadcast.ts') &
    typeof import('../../packages/autograd/src/ops/compare.ts') &
    typeof import('../../packages/autograd/src/ops/indexing.ts') &
    typeof import('../../packages/autograd/src/ops/join.ts') &
    typeof import('../../packages/autograd/src/ops/layout.ts') &
    typeof import('../../packages/autograd/src/ops/matmul.ts') &
    typeof import('../../packages/autograd/src/ops/maximum.ts') &
    typeof import('../../packages/autograd/src/ops/pow.ts') &
    typeof import('../../packages/autograd/src/ops/reduce.ts') &
    typeof import('../../packages/autograd/src/ops/softmax.ts') &
    typeof import('../../packages/autograd/src/ops/unary.ts');
  type Tensor = import('../../packages/autograd/src/tensor/tensor.ts').Tensor;
  const OP_MODULES = modules.filter((module) => module.startsWith('ops/'));
  type Case = readonly [name: string, f: (ops: Ops, x: Tensor, y: Tensor) => Tensor];

  // x [2, 3] and y [3], positive and away from every kink and tie; each case uses the rules of its ops
  // and, through gradgradcheck, the rules of those rules.
  const cases: readonly Case[] = [
    ['add, sub, mul, div, neg (broadcast)', (o, x, y) => o.neg(o.div(o.mul(o.sub(x, y), o.add(x, y)), y))],
    ['pow (number and tensor exponents)', (o, x, y) => o.add(o.pow(x, 3), o.pow(x, y))],
    ['exp, log, sqrt, abs, square', (o, x) => o.square(o.abs(o.sqrt(o.log(o.exp(x)))))],
    [
      'tanh, sigmoid, relu, leakyRelu, softplus',
      (o, x) => o.softplus(o.leakyRelu(o.relu(o.sigmoid(o.tanh(x))))),
    ],
    [
      'maximum, minimum, clamp, where',
      (o, x, y) => o.clamp(o.where(o.gt(x, 1), o.maximum(x, y), o.minimum(x, y)), y, 1.9),
    ],
    [
      'sum, mean, max, min, logsumexp',
      (o, x) => o.add(o.add(o.sum(x, 0), o.mean(x, 0)), o.add(o.max(x, 0), o.min(o.logsumexp(x, 1)))),
    ],
    ['softmax, logSoftmax', (o, x) => o.mul(o.softmax(x, 1), o.logSoftmax(x, 0))],
    [
      'matmul (1-D and 2-D), addmm, the transposed products',
      (o, x, y) =>
        o.add(
          o.addmm(y, o.matmulTransposeB(x, x), x),
          o.add(o.matmul(y, o.matmulTransposeA(x, x)), o.unsqueeze(o.matmul(x, y), 1)),
        ),
    ],
    [
      'reshape, transpose, permute, flatten, unsqueeze, squeeze, clone',
      (o, x) =>
        o.clone(o.squeeze(o.unsqueeze(o.flatten(o.permute(o.transpose(o.reshape(x, [3, 2])), [1, 0])), 0))),
    ],
    ['broadcastTo, sumToShape', (o, x, y) => o.mul(o.sumToShape(o.broadcastTo(y, [2, 3]), [1, 3]), x)],
    [
      'slice, gather, indexSelect, concat, stack',
      (o, x, y) => {
        const picked = o.concat([
          o.flatten(o.slice(x, [{ start: 1 }])),
          o.gather(o.flatten(x), 0, [5, 0, 2]),
        ]);
        return o.stack([picked, o.indexSelect(o.concat([y, y]), 0, [5, 4, 3, 2, 1, 0])]);
      },
    ],
  ];

  test.each(cases)('%s: gradcheck and gradgradcheck pass with no method installed', async (_name, f) => {
    vi.resetModules();
    const opModules = await Promise.all(OP_MODULES.map((module) => source<Partial<Ops>>(module)));
    const ops = Object.assign({}, ...opModules) as Ops;
    const { tensor } = await source<CreateModule>('tensor/create.ts');
    const { Tensor } = await source<TensorModule>('tensor/tensor.ts');
    const { gradcheck, gradgradcheck } = await source<GradcheckModule>('gradcheck/gradcheck.ts');
    expect('mul' in Tensor.prototype).toBe(false);
    const x = tensor(
      [
        [0.5, 1.25, 2],
        [1.5, 0.75, 1.75],
      ],
      { requiresGrad: true },
    );
    const y = tensor([0.6, 1.1, 1.6], { requiresGrad: true });
    const g = (a: Tensor, b: Tensor) => f(ops, a, b);
    const first = gradcheck(g, [x, y]);
    expect(first.passed, first.toString()).toBe(true);
    const second = gradgradcheck(g, [x, y]);
    expect(second.passed, second.toString()).toBe(true);
    expect('mul' in Tensor.prototype).toBe(false);
  });
});
