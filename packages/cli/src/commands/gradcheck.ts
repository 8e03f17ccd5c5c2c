/**
 * `tapegrad gradcheck`: autograd's gradients of each op against central finite differences, over the
 * whole Jacobian, as a table (one op or all of them).
 */
import { gradcheck, Rng } from '@tapegrad/autograd';
import { type Command, Option } from 'commander';
import { EXIT_CODES } from '../errors.ts';
import { OP_CHECKS, OP_NAMES, opInputs } from '../gradcheck/op-checks.ts';
import { integer, shapeList } from '../option-values.ts';
import { formatTable } from '../table.ts';

interface GradcheckOptions {
  readonly op?: string;
  readonly shape: number[];
  readonly seed: number;
}

function runGradcheck(options: GradcheckOptions): void {
  const checks = OP_CHECKS.filter((check) => options.op === undefined || check.name === options.op);
  const rows = checks.map((check) => {
    // Each op draws from its own generator seeded with --seed, so an op's inputs are the same whether it is
    // checked alone (--op) or in the table of every op.
    const inputs = opInputs(check, options.shape, new Rng(options.seed));
    const report = gradcheck(check.f, inputs);
    const maxAbs = report.inputs.reduce((max, input) => Math.max(max, input.maxAbsError), -Infinity);
    const maxRel = report.inputs.reduce((max, input) => Math.max(max, input.maxRelError), -Infinity);
    return {
      passed: report.passed,
      cells: [
        check.name,
        check.expression,
        inputs.map((input) => `[${input.shape.join(',')}]`).join(' '),
        maxAbs.toExponential(2),
        maxRel.toExponential(2),
        report.passed ? 'pass' : 'FAIL',
      ],
      details: report.toString(),
    };
  });
  const write = (line = '') => process.stdout.write(`${line}\n`);
  write(`gradcheck: the tape against central differences (eps 1e-6), pass if |a - n| <= 1e-5 + 1e-3 |n|`);
  write(
    formatTable(
      ['op', 'applied as', 'inputs', 'max abs error', 'max rel error', 'pass'],
      rows.map((row) => row.cells),
    ),
  );
  const failed = rows.filter((row) => !row.passed);
  for (const row of failed) {
    write();
    write(`${row.cells[0]}: ${row.details}`);
  }
  write();
  write(
    failed.length === 0
      ? rows.length === 1
        ? 'Passed.'
        : `All ${rows.length} passed.`
      : `${failed.length} of ${rows.length} FAILED.`,
  );
  if (failed.length > 0) process.exitCode = EXIT_CODES.failure;
}

/** Adds `tapegrad gradcheck` to the program. */
export function addGradcheckCommand(program: Command): void {
  program
    .command('gradcheck')
    .description("Check autograd's gradient of each op (or one) against finite differences.")
    .addOption(new Option('--op <name>', 'check one op (default: all of them)').choices(OP_NAMES))
    .addOption(
      new Option('--shape <sizes>', 'the shape of the inputs, sizes separated by commas')
        .argParser(shapeList)
        .default([3, 4], '3,4'),
    )
    .addOption(new Option('--seed <n>', 'seeds the random inputs').argParser(integer).default(0))
    .action((options: GradcheckOptions) => runGradcheck(options));
}
