/** modules: the exports of this area, gathered by the package's entry (src/index.ts). */

export type { TensorRecord } from '../io/tensor-record.ts';
export { Flatten } from '../module/flatten.ts';
export type { ForwardHook, ForwardPreHook, HookHandle } from '../module/forward-hooks.ts';
export { Parameter } from '../module/parameter.ts';
export type {
  LoadableStateDict,
  LoadStateDictOptions,
  LoadStateDictResult,
  StateDictLayout,
  StateDictOptions,
} from '../module/state-dict.ts';
