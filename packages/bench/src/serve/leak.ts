/**
 * The leak check: one `tapegrad serve` process, 10,000 requests, its resident set size (VmRSS of
 * /proc/PID/status), then the rest of the 200,000 requests, the RSS again. A server that keeps something per
 * request grows between the two readings; one that does not stays within the garbage collector's noise.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface LeakOptions {
  readonly cli: string;
  readonly model: string;
  readonly rows: number;
  readonly connections: number;
  /** Requests before the first reading (10,000) and in all (200,000). */
  readonly firstRequests: number;
  readonly totalRequests: number;
}

export interface LeakResult {
  readonly rows: number;
  readonly connections: number;
  readonly firstRequests: number;
  readonly totalRequests: number;
  /** VmRSS in MiB once the server answers /health, after the first requests, after all of them. */
  readonly rssStartMib: number;
  readonly rssFirstMib: number;
  readonly rssTotalMib: number;
  /** VmHWM, the peak RSS, after all of them. */
  readonly peakRssMib: number;
  /** Requests autocannon saw completed, and its errors (timeouts included) and non-2xx answers. */
  readonly completed: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly requestsPerS: number;
  /** The server's exit code after SIGTERM (0: a graceful stop). */
  readonly exitCode: number | null;
}

/**
 * The body compare.mjs sends: `rows` rows of the model's features, from the same seeded generator, so the
 * leak check serves the requests the comparison does.
 */
export function requestBody(modelDir: string, rows: number): string {
  const model = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as {
    config: { kind: string; inputs?: number; sizes?: number[] };
  };
  const features = model.config.kind === 'TwoLayerNet' ? model.config.inputs! : model.config.sizes![0]!;
  let state = 12345;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 4 - 2;
  };
  return JSON.stringify({ rows: Array.from({ length: rows }, () => Array.from({ length: features }, rand)) });
}

/** A field of /proc/PID/status (VmRSS, VmHWM) in MiB. */
function procStatusMib(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) / 1024;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function leakCheck(options: LeakOptions): Promise<LeakResult> {
  const server = spawn(process.execPath, [options.cli, 'serve', '--model', options.model, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  server.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
  try {
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`tapegrad serve did not listen in 30 s:\n${stdout}${stderr}`)),
        30_000,
      );
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const listening = /listening on (http:\/\/\S+)/.exec(stdout);
        if (listening) {
          clearTimeout(timer);
          done(listening[1]!);
        }
      });
      server.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`tapegrad serve exited with ${code} before listening:\n${stdout}${stderr}`));
      });
    });
    const pid = server.pid!;
    const body = requestBody(options.model, options.rows);
    const request = {
      url: `${url}/predict`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body,
      connections: options.connections,
    };
    const check = await fetch(request.url, { method: 'POST', headers: request.headers, body });
    if (check.status !== 200) throw new Error(`POST /predict gave ${check.status}: ${await check.text()}`);
    const rssStartMib = procStatusMib(pid, 'VmRSS');
    const first = await autocannon({ ...request, amount: options.firstRequests });
    const rssFirstMib = procStatusMib(pid, 'VmRSS');
    const rest = await autocannon({ ...request, amount: options.totalRequests - options.firstRequests });
    const rssTotalMib = procStatusMib(pid, 'VmRSS');
    const peakRssMib = procStatusMib(pid, 'VmHWM');
    server.kill('SIGTERM');
    const exitCode = await Promise.race([exited, sleep(10_000).then(() => 'timeout' as const)]);
    return {
      rows: options.rows,
      connections: options.connections,
      firstRequests: options.firstRequests,
      totalRequests: options.totalRequests,
      rssStartMib,
      rssFirstMib,
      rssTotalMib,
      peakRssMib,
      completed: first.requests.total + rest.requests.total,
      errors: first.errors + first.timeouts + rest.errors + rest.timeouts,
      non2xx: first.non2xx + rest.non2xx,
      requestsPerS: rest.requests.total / rest.duration,
      exitCode: exitCode === 'timeout' ? null : exitCode,
    };
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited;
    }
    if (stderr.trim() !== '') process.stderr.write(`tapegrad serve wrote on stderr:\n${stderr}`);
  }
}
