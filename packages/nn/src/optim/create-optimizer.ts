/** createOptimizer: an optimizer by name, as a command line or a config file picks one. */
import { refuse, shown } from '../checks/arguments.ts';
import { ConfigError } from '../errors.ts';
import { Adam, type AdamGroupOptions, type AdamOptions } from './adam.ts';
import { AdamW } from './adamw.ts';
import type { Optimizer } from './optimizer.ts';
import type { Params } from './param-groups.ts';
import { RMSProp, type RMSPropGroupOptions, type RMSPropOptions } from './rmsprop.ts';
import { SGD, type SGDGroupOptions, type SGDOptions } from './sgd.ts';

/** The optimizers by name: 'momentum' is SGD with momentum 0.9. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'adamw' | 'rmsprop';

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop'];

/** The settings of any optimizer; each name takes only its own (see OPTIONS_BY_NAME). */
export interface OptimizerOptions extends SGDOptions, AdamOptions, RMSPropOptions {
  readonly lr: number;
}

/** The parameters of any optimizer: tensors, or groups with the named optimizer's options. */
type AnyParams = Params<SGDGroupOptions & AdamGroupOptions & RMSPropGroupOptions>;

const OPTIONS_BY_NAME: Record<OptimizerName, readonly (keyof OptimizerOptions)[]> = {
  sgd: ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay'],
  momentum: ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay'],
  adam: ['lr', 'betas', 'eps', 'weightDecay'],
  adamw: ['lr', 'betas', 'eps', 'weightDecay'],
  rmsprop: ['lr', 'alpha', 'eps', 'momentum', 'weightDecay'],
};

/**
 * Makes an optimizer from its name, as a command line picks one; `parameters` may be tensors or parameter
 * groups. An unknown name, or a setting the named optimizer does not take (betas for 'sgd'), is a ConfigError
 * that lists what is valid.
 *
 * @example
 * const optimizer = createOptimizer('adam', net.parameters(), { lr: 0.01 });
 * createOptimizer('momentum', net.parameters(), { lr: 0.1 }); // an SGD with momentum 0.9
 */
export function createOptimizer(
  name: OptimizerName,
  parameters: AnyParams,
  options: OptimizerOptions,
): Optimizer {
  // The name may come from a command line or a config file, past the type checker.
  if (!OPTIMIZER_NAMES.includes(name)) {
    throw new ConfigError(
      `createOptimizer: unknown optimizer ${typeof name === 'string' ? `'${name}'` : shown(name)} (argument name); ` +
        `valid names are ${OPTIMIZER_NAMES.join(', ')}`,
    );
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    refuse('createOptimizer', 'options', 'an object with the learning rate, e.g. { lr: 0.01 }', options);
  }
  const accepted = OPTIONS_BY_NAME[name];
  const foreign = Object.entries(options)
    .filter(([key, value]) => value !== undefined && !accepted.includes(key as keyof OptimizerOptions))
    .map(([key]) => key);
  if (foreign.length > 0) {
    throw new ConfigError(
      `createOptimizer: '${name}' does not take ${foreign.join(', ')}; it takes ${accepted.join(', ')}`,
    );
  }
  try {
    return byName(name, parameters, options);
  } catch (error) {
    // The optimizer's own message, said to come from here: `createOptimizer: Adam: the learning rate 0 ...`.
    if (error instanceof ConfigError) throw new ConfigError(`createOptimizer: ${error.message}`);
    throw error;
  }
}

function byName(name: OptimizerName, parameters: AnyParams, options: OptimizerOptions): Optimizer {
  switch (name) {
    case 'sgd':
      return new SGD(parameters, options);
    case 'momentum':
      return new SGD(parameters, { ...options, momentum: options.momentum ?? 0.9 });
    case 'adam':
      return new Adam(parameters, options);
    case 'adamw':
      return new AdamW(parameters, options);
    case 'rmsprop':
      return new RMSProp(parameters, options);
  }
}
