/**
 * The time a training run has left, estimated from the rate of the epochs measured so far. The first epoch
 * is not counted: it includes starting the worker and warming the code up, which made the first estimate
 * absurd (1m20s left for a 0.7 s run). No estimate is given until there is enough to measure.
 */

/** Epochs past the first, and milliseconds since it, before an estimate is given. */
const MIN_EPOCHS = 3;
const MIN_MS = 250;

/**
 * A duration for people: '0.4s' under 10 seconds, '42s', '1m20s', '2h05m'.
 * @example formatDuration(80); // '1m20s'
 */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A function that takes each finished epoch and returns the time left, e.g. '7.2s left', or '' while the
 * rate cannot be measured yet. `now` is the clock in milliseconds (a fake one in tests).
 * @example const timeLeft = timeLeftEstimator(300); timeLeft(1); // ''
 */
export function timeLeftEstimator(
  totalEpochs: number,
  now: () => number = () => performance.now(),
): (epoch: number) => string {
  let first: { epoch: number; ms: number } | undefined;
  return (epoch) => {
    const ms = now();
    if (first === undefined) {
      first = { epoch, ms };
      return '';
    }
    const epochsMeasured = epoch - first.epoch;
    const elapsed = ms - first.ms;
    if (epochsMeasured < MIN_EPOCHS || elapsed < MIN_MS) return '';
    const msPerEpoch = elapsed / epochsMeasured;
    return `${formatDuration(((totalEpochs - epoch) * msPerEpoch) / 1000)} left`;
  };
}
