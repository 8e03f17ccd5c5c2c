/**
 * The tour: `pnpm --filter @tapegrad/examples tour` prints a short tour of @tapegrad/autograd (see
 * tour-steps.ts).
 */
import { runTour } from './tour-steps.ts';

runTour((line) => {
  console.log(line);
});
