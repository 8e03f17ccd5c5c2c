/**
 * Fuzz specs of the functions area: `autograd.grad` and `autograd.backward` (reached through the `autograd`
 * object, which the export scan skips as not a function), `CustomFunction` (a subclass's apply, whose
 * errors name the subclass) and Tensor#registerHook.
 */
import { autograd, CustomFunction, type FunctionCtx, type Tensor, tensor } from '@tapegrad/autograd';
import { type Spec, spec } from '../harness/spec.ts';
import {
  bad,
  booleanParam,
  customParam,
  functionParam,
  optionsParam,
  type Param,
  wrongTypes,
} from '../harness/values.ts';

/** The input of every autograd.grad call: its valid outputs are computed from it, so they depend on it. */
const shared = tensor([1, 2, 3], { requiresGrad: true });
const leaf = () => tensor([1, 2, 3], { requiresGrad: true });

/** `outputs` / `tensors`: one tensor (or a list) that requires a gradient, scalar unless seeded. */
const rootsParam = (name: string, valid: () => Tensor, seedName: string): Param =>
  customParam(name, valid, [
    ...wrongTypes(),
    bad('5', () => 5),
    bad('[1]', () => [1]),
    bad("['a']", () => ['a']),
    bad('tensor(1) (no gradient)', () => tensor(1)),
    bad('leaf.mul(2) (not a scalar, no seed)', () => shared.mul(2), seedName),
  ]);

/** `gradOutputs` / `gradTensors` for one scalar output: left out, or one tensor of its shape. */
const seedBads = (name: string) => [
  ...wrongTypes('undefined', 'null'),
  bad('5', () => 5),
  bad('tensor([1, 2]) (shape)', () => tensor([1, 2]), name),
  bad('[tensor(1), tensor(1)] (count)', () => [tensor(1), tensor(1)], name),
  bad("['a']", () => ['a'], name),
];

const retainGraph = booleanParam('retainGraph', true, { optional: true });
const createGraph = booleanParam('createGraph', false, { optional: true });

function autogradSpecs(): Spec[] {
  return [
    spec(
      'autograd.grad',
      'autograd.grad',
      [
        rootsParam('outputs', () => shared.square().sum(), 'gradOutputs'),
        customParam('inputs', () => [shared], [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('[1]', () => [1]),
          bad("['a']", () => ['a']),
          bad('[tensor([1])] (no gradient)', () => [tensor([1])]),
          bad('[leaf()] (unused)', () => [leaf()]),
        ]),
        optionsParam(
          'options',
          () => ({}),
          {
            createGraph,
            retainGraph,
            allowUnused: booleanParam('allowUnused', true, { optional: true }),
            gradOutputs: customParam('gradOutputs', () => undefined, seedBads('gradOutputs')),
          },
          { optional: true },
        ),
      ],
      autograd.grad,
      [
        () => [shared.mul(2), shared, { gradOutputs: [tensor([1, 0, -1])] }],
        () => [shared.sum(), [shared, leaf()], { allowUnused: true }],
      ],
    ),
    spec(
      'autograd.backward',
      'autograd.backward',
      [
        rootsParam('tensors', () => leaf().square().sum(), 'gradTensors'),
        customParam('gradTensors', () => undefined, seedBads('gradTensors')),
        optionsParam('options', () => ({}), { createGraph, retainGraph }, { optional: true }),
      ],
      autograd.backward,
      [
        () => [
          [leaf().sum(), leaf().mul(2)],
          [null, tensor([1, 1, 1])],
        ],
      ],
    ),
  ];
}

/** A subclass named Cube with the forward and backward given; its errors name Cube. */
function defineCube(forward: unknown, backward: unknown): { apply(...args: unknown[]): Tensor } {
  class Cube extends CustomFunction {}
  Object.assign(Cube, { forward, backward });
  return Cube as unknown as { apply(...args: unknown[]): Tensor };
}

function customFunctionSpec(): Spec {
  const forward = (ctx: FunctionCtx, x: Tensor) => {
    ctx.saveForBackward(x);
    return x.pow(3);
  };
  const backward = (ctx: FunctionCtx, gradOutput: Tensor) =>
    gradOutput.mul(ctx.savedTensors[0]!.square().mul(3));
  return spec(
    'CustomFunction',
    'Cube',
    [
      customParam('forward', () => forward, [
        ...wrongTypes('function'),
        bad('1', () => 1),
        bad('() => 5 (not a Tensor)', () => () => 5),
        bad(
          'saves a number',
          () => (ctx: FunctionCtx, x: Tensor) => {
            ctx.saveForBackward(2 as never);
            return x;
          },
          'saveForBackward',
        ),
      ]),
      customParam('backward', () => backward, [
        ...wrongTypes('function'),
        bad('1', () => 1),
        bad('two gradients for one argument', () => (_ctx: FunctionCtx, g: Tensor) => [g, g]),
        bad('a gradient of shape [2]', () => () => tensor([1, 2])),
        bad("'abc' as the gradient", () => () => 'abc'),
      ]),
    ],
    (forwardFn: unknown, backwardFn: unknown) =>
      defineCube(forwardFn, backwardFn).apply(leaf()).sum().backward(),
  );
}

function registerHookSpec(): Spec {
  return spec(
    'Tensor#registerHook',
    'registerHook',
    [functionParam('hook', () => (g: Tensor) => g.mul(2))],
    (hook: never) => {
      const x = leaf();
      const handle = x.registerHook(hook);
      x.sum().backward();
      handle.remove();
    },
  );
}

export function functionsSpecs(): Spec[] {
  return [...autogradSpecs(), customFunctionSpec(), registerHookSpec()];
}
