/**
 * Fuzz specs of nn's Module features: Parameter, Flatten, the module-tree methods (children, modules,
 * namedModules, apply), forward hooks, stateDict/loadStateDict with their options and `{ shape, values }`
 * records, and save/load of @tapegrad/nn/node (into a temporary folder made on first use).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, type Tensor, tensor, zeros } from '@tapegrad/autograd';
import * as nn from '@tapegrad/nn';
import { load, save } from '@tapegrad/nn/node';
import { type Spec, spec } from '../harness/spec.ts';
import {
  bad,
  booleanParam,
  customParam,
  enumParam,
  functionParam,
  optionsParam,
  tensorParam,
  wrongTypes,
} from '../harness/values.ts';

const optional = { optional: true } as const;
const net = () => new nn.TwoLayerNet({ inputs: 2, hidden: 3, outputs: 1, rng: new Rng(3) });
const sequential = () => new nn.Sequential(new nn.Linear(2, 2, { rng: new Rng(3) }), new nn.Tanh());

/** An integer axis, any sign (Flatten checks the range against its input at forward). */
const dimParam = (name: string, valid: number) =>
  customParam(name, () => valid, [
    ...wrongTypes('undefined'),
    bad('NaN', () => Number.NaN),
    bad('Infinity', () => Number.POSITIVE_INFINITY),
    bad('1.5', () => 1.5),
    bad("'1'", () => '1'),
  ]);

/** A state dict as JSON gives it back: `{ name: { shape, values } }`. */
const jsonState = () => JSON.parse(JSON.stringify(net().stateDict())) as Record<string, unknown>;

/** A hook: a function, valid whatever it returns when registered. */
const hookParam = () => functionParam('hook', () => () => undefined);

let folder: string | undefined;
/** A file in a temporary folder of this process. */
const filePath = (name: string) => {
  folder ??= mkdtempSync(join(tmpdir(), 'tapegrad-fuzz-save-'));
  return join(folder, name);
};
const savedFile = () => {
  const path = filePath('saved.json');
  save({ w: tensor([1, 2]), step: 3 }, path);
  return path;
};

export function nnModulesSpecs(): Spec[] {
  return [
    spec(
      'Parameter',
      'Parameter',
      [tensorParam('data', () => tensor([1, 2])), booleanParam('requiresGrad', true, optional)],
      (data: Tensor, requiresGrad: boolean) => new nn.Parameter(data, requiresGrad),
    ),
    spec(
      'Flatten',
      'Flatten',
      [dimParam('startDim', 1), dimParam('endDim', -1)],
      (start: number, end: number) => new nn.Flatten(start, end),
      [() => [undefined, undefined], () => [0, 1]],
    ),
    spec(
      'Flatten#forward',
      'forward',
      [
        tensorParam('input', () => zeros([2, 3, 4]), [
          bad('zeros([3]) (no axis 1)', () => zeros([3]), 'startDim'),
        ]),
      ],
      (x: Tensor) => new nn.Flatten().forward(x),
    ),
    spec('Module#children', 'children', [], () => sequential().children()),
    spec('Module#modules', 'modules', [], () => sequential().modules()),
    spec('Module#namedModules', 'namedModules', [], () => sequential().namedModules()),
    spec('Module#apply', 'apply', [functionParam('fn', () => () => undefined)], (fn: never) =>
      sequential().apply(fn),
    ),
    spec('Module#registerForwardHook', 'registerForwardHook', [hookParam()], (hook: never) =>
      sequential().registerForwardHook(hook).remove(),
    ),
    spec('Module#registerForwardPreHook', 'registerForwardPreHook', [hookParam()], (hook: never) =>
      sequential().registerForwardPreHook(hook).remove(),
    ),
    spec(
      'Module#forward (hooked)',
      'forward',
      [
        customParam('hook', () => (_m: unknown, _x: unknown, output: Tensor) => output.mul(2), [
          bad('() => 5', () => () => 5),
          bad("() => 'x'", () => () => 'x'),
          bad('() => [1]', () => () => [1]),
          bad('() => null', () => () => null),
        ]),
      ],
      (hook: never) => {
        const model = sequential();
        model.registerForwardHook(hook);
        return model.forward(zeros([1, 2]));
      },
    ),
    spec(
      'Module#stateDict(options)',
      'stateDict',
      [
        optionsParam(
          'options',
          () => ({ layout: 'torch' }),
          { layout: enumParam('layout', 'tapegrad', optional) },
          optional,
        ),
      ],
      (options: never) => net().stateDict(options),
    ),
    spec(
      'Module#loadStateDict(options)',
      'loadStateDict',
      [
        customParam('state', jsonState, [
          ...wrongTypes(),
          bad('5', () => 5),
          bad('the model', net),
          bad('a Tensor', () => tensor([1])),
          bad("{ 'layer1.bias': 'x' }", () => ({ ...jsonState(), 'layer1.bias': 'x' }), 'layer1.bias'),
          bad(
            "{ 'layer1.bias': { shape: [3] } }",
            () => ({ ...jsonState(), 'layer1.bias': { shape: [3] } }),
            'layer1.bias',
          ),
          bad(
            "{ 'layer1.bias': { shape: [3], values: [1, 2] } }",
            () => ({ ...jsonState(), 'layer1.bias': { shape: [3], values: [1, 2] } }),
            'layer1.bias',
          ),
          bad(
            "{ 'layer1.bias': { shape: [3], values: [1, null, 2] } }",
            () => ({ ...jsonState(), 'layer1.bias': { shape: [3], values: [1, null, 2] } }),
            'layer1.bias',
          ),
          bad(
            "{ 'layer1.weight': [3, 2] tensor } (PyTorch's layout)",
            () => ({ ...jsonState(), 'layer1.weight': zeros([3, 2]) }),
            'layer1.weight',
          ),
        ]),
        optionsParam(
          'options',
          () => ({ strict: true, layout: 'tapegrad' }),
          {
            strict: booleanParam('strict', true, optional),
            layout: enumParam('layout', 'tapegrad', optional),
          },
          optional,
        ),
      ],
      (state: never, options: never) => net().loadStateDict(state, options),
      [() => [{ 'layer1.bias': tensor([1, 2, 3]) }, { strict: false }]],
    ),
    spec(
      'save',
      'save',
      [
        customParam('obj', () => ({ model: net().stateDict(), epoch: 1, best: Number.NaN }), [
          bad('a Module', net),
          bad('{ model: Module }', () => ({ model: net() })),
          bad('{ f: () => 0 }', () => ({ f: () => 0 })),
          bad('[new Map()]', () => [new Map()]),
          bad('Float64Array', () => Float64Array.of(1)),
          bad('1n', () => 1n),
          bad('a cycle', () => {
            const cycle: unknown[] = [];
            cycle.push(cycle);
            return cycle;
          }),
        ]),
        customParam('path', () => filePath('model.json'), [
          ...wrongTypes('string'),
          bad("''", () => ''),
          bad('5', () => 5),
          bad('a missing folder', () => join(filePath('no-such-folder'), 'x.json'), 'x.json'),
        ]),
      ],
      (obj: unknown, path: string) => save(obj, path),
    ),
    spec(
      'load',
      'load',
      [
        customParam('path', savedFile, [
          ...wrongTypes('string'),
          bad("''", () => ''),
          bad('5', () => 5),
          bad('a missing file', () => filePath('missing.json'), 'missing.json'),
        ]),
      ],
      (path: string) => load(path),
    ),
  ];
}
