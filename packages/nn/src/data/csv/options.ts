/** How a CSV becomes a Dataset: which column is the target, how it is read, the delimiter. */
export interface CsvOptions {
  /** The name of the target column, as written in the header. */
  readonly target: string;
  /** The feature columns, in this order. Default every column except the target, in file order. */
  readonly features?: readonly string[];
  /**
   * How the target is read:
   * - 'labels': class labels, mapped to indices 0..k-1 in sorted order (see `classes`);
   * - 'numbers': numbers kept as they are (labels that already are 0..k-1, or a regression target);
   * - 'auto' (default): 'numbers' when every target cell is a number, else 'labels' ('labels' when
   *   `classes` is given).
   */
  readonly targetKind?: 'auto' | 'labels' | 'numbers';
  /**
   * The class names in index order; every label must be one of them. Default the distinct labels
   * sorted: numerically when all are numbers ('2' before '10'), else by character code, so the
   * mapping does not depend on the order of the rows.
   */
  readonly classes?: readonly string[];
  /** The field separator, one character. Default ','. */
  readonly delimiter?: string;
}
