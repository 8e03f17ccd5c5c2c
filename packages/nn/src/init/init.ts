import { describeValue, type Rng, type Shape, type Tensor, zeros } from '@tapegrad/autograd';
import { checkArray, checkInteger, checkNumber, checkRng } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';

/**
 * How a Linear layer's weight [fanIn, fanOut] is drawn:
 * - `pytorch`: PyTorch's nn.Linear default, U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for the weight and the bias;
 * - `xavierUniform` / `xavierNormal` (Glorot): variance 2 / (fanIn + fanOut), good for tanh and sigmoid;
 * - `kaimingUniform` / `kaimingNormal` (He): variance 2 / fanIn, good for ReLU.
 * Xavier and Kaiming start the bias at 0.
 */
export type InitName = 'pytorch' | 'xavierUniform' | 'xavierNormal' | 'kaimingUniform' | 'kaimingNormal';

export const INIT_NAMES: readonly InitName[] = [
  'pytorch',
  'xavierUniform',
  'xavierNormal',
  'kaimingUniform',
  'kaimingNormal',
];

/** U(-b, b) with b = sqrt(6 / (fanIn + fanOut)), so Var = b^2 / 3 = 2 / (fanIn + fanOut) (Glorot & Bengio). */
export function xavierUniform(shape: Shape, rng: Rng, gain = 1): Tensor {
  const [fanIn, fanOut] = fans('xavierUniform', shape, rng);
  checkNumber('xavierUniform', 'gain', gain);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return rng.uniform(shape, -bound, bound, { requiresGrad: true });
}

/** N(0, std^2) with std = sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal(shape: Shape, rng: Rng, gain = 1): Tensor {
  const [fanIn, fanOut] = fans('xavierNormal', shape, rng);
  checkNumber('xavierNormal', 'gain', gain);
  return scaledNormal(shape, rng, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

/** U(-b, b) with b = sqrt(6 / fanIn), so Var = 2 / fanIn (He et al., for ReLU). */
export function kaimingUniform(shape: Shape, rng: Rng): Tensor {
  const bound = Math.sqrt(6 / fans('kaimingUniform', shape, rng)[0]);
  return rng.uniform(shape, -bound, bound, { requiresGrad: true });
}

/** N(0, 2 / fanIn). */
export function kaimingNormal(shape: Shape, rng: Rng): Tensor {
  return scaledNormal(shape, rng, Math.sqrt(2 / fans('kaimingNormal', shape, rng)[0]));
}

/** PyTorch's nn.Linear default for a weight or bias of a layer with `fanIn` inputs: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
export function pytorchDefault(shape: Shape, fanIn: number, rng: Rng): Tensor {
  checkShape('pytorchDefault', shape);
  checkInteger('pytorchDefault', 'fanIn', fanIn, 1);
  checkRng('pytorchDefault', 'rng', rng);
  const bound = 1 / Math.sqrt(fanIn);
  return rng.uniform(shape, -bound, bound, { requiresGrad: true });
}

/** A weight [fanIn, fanOut] and a bias [fanOut] drawn by `init`. */
export function initLinear(
  fanIn: number,
  fanOut: number,
  init: InitName,
  rng: Rng,
): { weight: Tensor; bias: Tensor } {
  checkInteger('initLinear', 'fanIn', fanIn, 1);
  checkInteger('initLinear', 'fanOut', fanOut, 1);
  checkRng('initLinear', 'rng', rng);
  const shape = [fanIn, fanOut];
  switch (init) {
    case 'pytorch':
      return { weight: pytorchDefault(shape, fanIn, rng), bias: pytorchDefault([fanOut], fanIn, rng) };
    case 'xavierUniform':
      return { weight: xavierUniform(shape, rng), bias: zeros([fanOut], { requiresGrad: true }) };
    case 'xavierNormal':
      return { weight: xavierNormal(shape, rng), bias: zeros([fanOut], { requiresGrad: true }) };
    case 'kaimingUniform':
      return { weight: kaimingUniform(shape, rng), bias: zeros([fanOut], { requiresGrad: true }) };
    case 'kaimingNormal':
      return { weight: kaimingNormal(shape, rng), bias: zeros([fanOut], { requiresGrad: true }) };
    default:
      // Past the type checker (a config file): checkInitName throws, naming the schemes.
      throw checkInitName('initLinear', init);
  }
}

/** `init`, checked to name a scheme: `Linear: unknown init scheme 'he'; choose one of pytorch, ...`. */
export function checkInitName(fn: string, init: unknown): InitName {
  if (typeof init === 'string' && INIT_NAMES.includes(init as InitName)) return init as InitName;
  const shown = typeof init === 'string' ? `'${init}'` : describeValue(init);
  throw new ConfigError(`${fn}: unknown init scheme ${shown}; choose one of ${INIT_NAMES.join(', ')}`);
}

/** A shape's sizes, checked to be non-negative integers. */
function checkShape(fn: string, shape: Shape): Shape {
  checkArray(fn, 'shape', shape, 'an array of sizes such as [2, 3]');
  shape.forEach((size, axis) => {
    checkInteger(fn, `shape[${axis}]`, size, 0);
  });
  return shape;
}

/** fanIn and fanOut of a weight's shape, with the arguments checked for `fn`. */
function fans(fn: string, shape: Shape, rng: Rng): [number, number] {
  checkShape(fn, shape);
  checkRng(fn, 'rng', rng);
  if (shape.length !== 2)
    throw new ConfigError(`${fn}: a weight must be 2-D [fanIn, fanOut], got [${shape.join(',')}]`);
  return [shape[0]!, shape[1]!];
}

/** N(0, std^2) as a parameter: a fresh standard-normal leaf, scaled in place. */
function scaledNormal(shape: Shape, rng: Rng, std: number): Tensor {
  const sample = rng.randn(shape, { requiresGrad: true });
  for (let i = 0; i < sample.numel(); i++) sample.data[i]! *= std;
  return sample;
}
