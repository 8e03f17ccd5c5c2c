/**
 * The `tapegrad` command line: one commander program with a file per command under commands/.
 * bin/tapegrad.js starts it (through tsx) with `main()`. Exit codes: 0 done, 2 a user error (a wrong flag or value, a
 * missing or malformed file, a setting the library refuses: the message only, no stack trace), 1 a
 * failed check or a bug (a bug keeps its stack trace).
 */
import { Command, CommanderError } from 'commander';
import cliPackage from '../package.json' with { type: 'json' };
import { addCompareCommand } from './commands/compare.ts';
import { addEvaluateCommand } from './commands/evaluate.ts';
import { addExplainCommand } from './commands/explain.ts';
import { addExportCommand } from './commands/export.ts';
import { addGradcheckCommand } from './commands/gradcheck.ts';
import { addGraphCommand } from './commands/graph.ts';
import { addPredictCommand } from './commands/predict.ts';
import { addServeCommand } from './commands/serve.ts';
import { addTrainCommand } from './commands/train.ts';
import { EXIT_CODES, isUserError } from './errors.ts';

/** After a usage error: the command's valid options (their choices are in the message or in --help). */
function optionsHint(command: Command): string {
  const flags = command.options.map((option) => option.long ?? option.short ?? option.flags);
  return `The options of tapegrad ${command.name()}: ${[...flags, '--help'].join(', ')}
(tapegrad ${command.name()} --help describes each, with its choices and default)`;
}

/**
 * The program with every command. Errors are thrown instead of exiting (exitOverride), so `runCli`
 * decides the exit code.
 */
export function createProgram(): Command {
  const program = new Command('tapegrad')
    .description('Train, inspect and explain small neural networks with tapegrad.')
    .version(cliPackage.version, '-V, --version', 'print the version of tapegrad and exit')
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(message) });
  for (const add of [
    addTrainCommand,
    addEvaluateCommand,
    addPredictCommand,
    addCompareCommand,
    addGradcheckCommand,
    addGraphCommand,
    addExplainCommand,
    addServeCommand,
    addExportCommand,
  ]) {
    add(program);
  }
  for (const command of program.commands) command.showHelpAfterError(optionsHint(command));
  return program.showHelpAfterError(
    `The commands: ${program.commands.map((command) => command.name()).join(', ')} (tapegrad --help)`,
  );
}

/**
 * Runs the command line `argv` (as process.argv: node, script, arguments...) and returns the exit code.
 * User errors print their message; a bug is rethrown with its stack.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv);
    return Number(process.exitCode ?? EXIT_CODES.ok);
  } catch (error) {
    // commander has printed its message (or the help, which exits with 0).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    if (isUserError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    throw error;
  }
}

/**
 * Runs the command line of this process (bin/tapegrad.js): sets the exit code and treats output piped
 * into a command that stops reading early (`tapegrad evaluate ... | head`) as no error.
 */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_CODES.ok);
    throw error;
  });
  process.exitCode = await runCli(argv);
}
