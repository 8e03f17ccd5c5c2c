/** 'full' is the example as a learner runs it; 'small' a version of about a second that the tests run. */
export type ExampleSize = 'full' | 'small';

/** What every example's `run` takes. */
export interface ExampleOptions {
  /** Default 'full'. */
  readonly size?: ExampleSize;
  /** Where the example's lines go. Default console.log. */
  readonly write?: (line: string) => void;
  /**
   * The folder an example that draws plots writes them to (replaced whole). Default runs/examples/NAME
   * in the folder where the command was typed.
   */
  readonly outDir?: string;
}
