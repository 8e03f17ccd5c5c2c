/**
 * One run of the reference harness's compare.mjs: the FastAPI reference, then `tapegrad serve`, under the
 * same autocannon load; its JSON lines parsed.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

/** One system's line of compare.mjs. */
export interface SystemResult {
  readonly system: string;
  readonly rows_per_request: number;
  readonly connections: number;
  readonly seconds: number;
  readonly requests_per_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly errors: number;
  readonly non_2xx: number;
  readonly rss_mib_after: number | null;
}

/** One compare.mjs run: both systems' lines, and the ratios (tapegrad / reference) computed from them. */
export interface CompareRun {
  readonly rows: number;
  readonly connections: number;
  readonly repetition: number;
  readonly reference: SystemResult;
  readonly tapegrad: SystemResult;
  readonly ratioRequestsPerS: number;
  readonly ratioP99: number;
}

export interface CompareOptions {
  readonly compareScript: string;
  readonly python: string;
  readonly model: string;
  /** The command that serves the model, with {port} where the port goes. */
  readonly command: string;
  readonly rows: number;
  readonly connections: number;
  readonly seconds: number;
  readonly repetition: number;
}

/** The ports compare.mjs uses, the reference's and the candidate's. */
const COMPARE_PORTS = [18301, 18302];

/** The name our system has in compare.mjs's lines. */
export const SYSTEM_NAME = 'tapegrad';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Whether something accepts connections on the port of 127.0.0.1. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Waits until compare.mjs's ports are free, so that a server of the previous run that is still stopping is
 * not mistaken for the next one (compare.mjs asks /health and would get its answer).
 */
async function portsFree(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const busy = await Promise.all(COMPARE_PORTS.map(listening));
    if (!busy.some(Boolean)) return;
    await sleep(100);
  }
  throw new Error(`ports ${COMPARE_PORTS.join(' and ')} (compare.mjs's) are still in use after 10 s`);
}

function isSystemResult(value: unknown): value is SystemResult {
  const record = value as Record<string, unknown>;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof record.system === 'string' &&
    typeof record.requests_per_s === 'number' &&
    typeof record.p99_ms === 'number'
  );
}

/** Runs compare.mjs once and parses its lines; throws with its output when it fails. */
export async function runCompare(options: CompareOptions): Promise<CompareRun> {
  await portsFree();
  const args = [
    options.compareScript,
    ...['--model', options.model, '--cmd', options.command, '--name', SYSTEM_NAME],
    ...['--rows', String(options.rows), '--connections', String(options.connections)],
    ...['--seconds', String(options.seconds), '--python', options.python],
  ];
  // Two systems, each: start-up (at most 20 s of health checks), 2 s of warm-up, the run, stopping.
  const limitMs = 2 * (options.seconds + 30) * 1000;
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const status = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('close', (code, signal) => done({ code, signal })),
  );
  clearTimeout(timer);
  const output = () => `\n--- stdout\n${stdout.trim()}\n--- stderr\n${stderr.trim()}`;
  if (status.code !== 0) {
    const how = status.signal
      ? `was killed (${status.signal}, limit ${limitMs / 1000} s)`
      : `exited with ${status.code}`;
    throw new Error(
      `compare.mjs ${how} (rows ${options.rows}, connections ${options.connections}):${output()}`,
    );
  }
  const results = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as unknown)
    .filter(isSystemResult);
  const reference = results.find((r) => r.system !== SYSTEM_NAME);
  const tapegrad = results.find((r) => r.system === SYSTEM_NAME);
  if (!reference || !tapegrad) throw new Error(`compare.mjs printed no line for both systems:${output()}`);
  if (stderr.trim() !== '') process.stderr.write(`compare.mjs (its servers) wrote on stderr:\n${stderr}`);
  return {
    rows: options.rows,
    connections: options.connections,
    repetition: options.repetition,
    reference,
    tapegrad,
    // compare.mjs's own ratio line, unrounded.
    ratioRequestsPerS: tapegrad.requests_per_s / reference.requests_per_s,
    ratioP99: tapegrad.p99_ms / Math.max(reference.p99_ms, 0.001),
  };
}
