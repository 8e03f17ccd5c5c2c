/** optim: the exports of this area, gathered by the package's entry (src/index.ts). */
export type { AdamGroupOptions } from '../optim/adam.ts';
export { clipGradNorm_, clipGradValue_ } from '../optim/clip-grad.ts';
export { type CompiledStep, compileStep, type Steppable } from '../optim/compile-step.ts';
export { LinearLR, type LinearLROptions } from '../optim/linear-lr.ts';
export { OneCycleLR, type OneCycleLROptions } from '../optim/one-cycle.ts';
export type { OptimizerStateDict, StateDictGroup } from '../optim/optimizer-state.ts';
export type { GroupOptions, ParamGroup, ParamGroupInput, Params } from '../optim/param-groups.ts';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from '../optim/reduce-on-plateau.ts';
export type { RMSPropGroupOptions } from '../optim/rmsprop.ts';
export type { SGDGroupOptions } from '../optim/sgd.ts';
