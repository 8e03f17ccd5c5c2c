/** A model, layer or training setting that cannot work as given; the message names it and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A state dict that does not fit a model: missing or unexpected names, or shapes that differ. */
export class StateDictError extends Error {
  override readonly name = 'StateDictError';
}

/** Training produced a NaN or Inf loss. */
export class DivergenceError extends Error {
  override readonly name = 'DivergenceError';
}

/** A data file or array that cannot be read: the message names the file, row and column. */
export class DataError extends Error {
  override readonly name = 'DataError';
}
