import { ArgumentError } from '../errors.ts';
import * as kernels from '../kernels/index.ts';
import { zerosLike } from '../tensor/create.ts';
import type { Tensor, TensorLike } from '../tensor/tensor.ts';
import { mul, sub } from './arithmetic.ts';
import { eq, ge, where } from './compare.ts';
import { binaryOp } from './elementwise.ts';
import { log } from './unary.ts';

const powKernel = kernels.zipWith(Math.pow);
/** pow's operands in error messages, as torch.pow names them. */
const POW_OPERANDS: readonly [string, string] = ['input', 'exponent'];

/**
 * base ** exponent. A number exponent p: d/dbase = p * base^(p-1), finite at base 0 for p >= 1 (and 0 for
 * p = 0). A tensor exponent e: d/dbase = e * base^(e-1), taken as 0 where base = 0 and e = 0, and
 * d/de = base^e * log(base), taken as 0 where base = 0 and e >= 0 (the limits PyTorch uses), so x^y at
 * x = 0 has no spurious NaN (0 * Inf or 0 * log 0). Only base 0 is masked: at e = 0 elsewhere the formula
 * already gives 0, and it must stay on the tape there, since d/de (e * base^(e-1)) = 1/base at e = 0.
 */
export function pow(base: TensorLike, exponent: TensorLike): Tensor {
  if (typeof exponent === 'number') {
    if (Number.isNaN(exponent)) throw new ArgumentError('pow: the exponent is NaN');
    const p = exponent;
    return binaryOp(
      'pow',
      base,
      p,
      powKernel,
      (g, _out, [x]) => {
        if (p === 0) return [zerosLike(x), null];
        if (p === 1) return [g, null];
        return [mul(g, mul(pow(x, p - 1), p)), null];
      },
      POW_OPERANDS,
    );
  }
  return binaryOp(
    'pow',
    base,
    exponent,
    powKernel,
    (g, out, [x, e]) => [
      x.requiresGrad ? where(mul(eq(x, 0), eq(e, 0)), 0, mul(mul(g, e), pow(x, sub(e, 1)))) : null,
      e.requiresGrad ? where(mul(eq(x, 0), ge(e, 0)), 0, mul(mul(g, out), log(x))) : null,
    ],
    POW_OPERANDS,
  );
}
