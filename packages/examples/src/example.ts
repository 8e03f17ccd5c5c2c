/**
 * Runs one example: `pnpm example NAME [--small]` (from the repository root or this package).
 * Without a NAME, or with an unknown one, it lists the examples and exits with code 2.
 */
import { EXAMPLES, exampleList } from './catalog.ts';

const USAGE = 'usage: pnpm example NAME [--small]';

const args = process.argv.slice(2);
const small = args.includes('--small');
const names = args.filter((arg) => !arg.startsWith('--'));
const example = EXAMPLES.find((candidate) => candidate.name === names[0]);

if (example === undefined || names.length !== 1) {
  const problem = names[0] === undefined ? 'no example given' : `unknown example '${names.join(' ')}'`;
  console.error(`${problem}\n${USAGE}\n\nthe examples:\n${exampleList()}`);
  process.exit(2);
}
const started = performance.now();
await example.run({ size: small ? 'small' : 'full' });
console.log(`\n(${example.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
