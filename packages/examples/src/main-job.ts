/** The settings of the main job (`pnpm start`): the two-layer network of the derivations on two moons. */
export const MAIN_JOB = [
  'train',
  ...['--dataset', 'moons', '--points', '1000', '--noise', '0.15'],
  ...['--hidden', '16', '--layers', '1', '--activation', 'tanh'],
  ...['--optimizer', 'adam', '--lr', '0.05', '--epochs', '300', '--seed', '42'],
];
