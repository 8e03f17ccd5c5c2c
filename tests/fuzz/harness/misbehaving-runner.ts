/**
 * A runner that misbehaves on purpose, for the watchdog's own tests: `hang` announces a call and never
 * finishes it; `die` announces two calls and exits in the second, without a summary.
 */
const mode = process.argv[2];
if (mode === 'hang') {
  process.stdout.write('call 0 spin(forever)\n');
  for (;;) {
    // A synchronous loop: only the watchdog can stop it.
  }
}
process.stdout.write('call 0 fine()\n');
process.stdout.write('call 1 exit(3)\n');
process.exit(3);
