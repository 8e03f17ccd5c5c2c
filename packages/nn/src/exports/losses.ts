/** losses: the exports of this area, gathered by the package's entry (src/index.ts). */
export {
  type HuberLossOptions,
  huberLoss,
  l1Loss,
  type SmoothL1LossOptions,
  smoothL1Loss,
} from '../losses/l1-huber.ts';
export {
  BCELoss,
  BCEWithLogitsLoss,
  type ClassTarget,
  CrossEntropyLoss,
  HuberLoss,
  L1Loss,
  Loss,
  MSELoss,
  NLLLoss,
  SmoothL1Loss,
} from '../module/loss-modules.ts';
