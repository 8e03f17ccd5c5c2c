/**
 * The main demo: `pnpm start` prints a short tour of @tapegrad/autograd (see tour-steps.ts).
 */
import { runTour } from './tour-steps.ts';

runTour((line) => {
  console.log(line);
});
