/**
 * `tapegrad serve` as a user runs it: it prints its URL, routes and models; SIGTERM in the middle of load
 * lets every request already sent finish with a complete answer, refuses new connections while the last
 * request is still in flight, and exits with code 0. A model folder that is missing or malformed, or a port
 * in use, fails at start with a message naming it (exit code 2), never at the first request.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  finished,
  runTapegrad,
  STACK_TRACE_LINE,
  startTapegrad,
  type TapegradRun,
  tempDir,
} from '../cli/tapegrad-process.ts';
import { FIXTURES } from './support.ts';

const started: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `tapegrad serve ARGS --port 0` in the fixtures folder; resolves once it prints its URL. */
async function startServe(args: readonly string[]) {
  const child = startTapegrad(['serve', ...args, '--port', '0'], { cwd: FIXTURES });
  started.push(child);
  const result = finished(child);
  child.stdin.end();
  let printed = '';
  const url = await Promise.race([
    new Promise<string>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString('utf8');
        const match = /listening on (http:\/\/\S+)\n[\s\S]*Ctrl-C stops/.exec(printed);
        if (match) resolve(match[1]!);
      });
    }),
    result.then((run) => {
      throw new Error(`tapegrad serve exited with ${run.code} before listening:\n${run.stderr}`);
    }),
  ]);
  return { child, result, url, printed: () => printed };
}

const ROW_BODY = JSON.stringify({ rows: [[0.5, -0.2]] });

interface SentRequest {
  readonly sentBeforeSignal: boolean;
  readonly status?: number;
  readonly body?: unknown;
  readonly error?: string;
}

describe('tapegrad serve', () => {
  test('prints the URL, the models and the routes, and answers as createApp does', async () => {
    const server = await startServe(['--model', 'moons', '--model', 'three=blobs']);
    const output = server.printed();
    expect(output).toContain(
      '  moons (default): moons, TwoLayerNet(2-8-1, hidden tanh, output sigmoid); classes 0, 1',
    );
    expect(output).toContain('  three: blobs, MLP(2-8-8-3');
    for (const route of [
      'POST /predict',
      'POST /models/{name}/predict',
      'POST /v2/models/{name}/infer',
      'GET  /metrics',
      'GET  /docs',
    ]) {
      expect(output).toContain(`  ${route}`);
    }
    expect(output).toContain(`API docs: ${server.url}/docs`);
    const answer = await fetch(`${server.url}/models/three/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: ROW_BODY,
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { classes: string[] }).classes).toEqual(['0', '1', '2']);
    server.child.kill('SIGINT');
    const run = await server.result;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'SIGINT: finishing the requests in flight, refusing new connections\nstopped\n',
    );
  });

  test('SIGTERM mid-load: every request sent before it gets its complete answer, and the exit code is 0', async () => {
    const server = await startServe(['--model', 'moons']);
    const expected = await (
      await fetch(`${server.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: ROW_BODY,
      })
    ).json();
    let signalled = false;
    const sent: SentRequest[] = [];
    // Eight clients, each sending one request after another, until the server stops answering.
    const client = async () => {
      for (;;) {
        const sentBeforeSignal = !signalled;
        try {
          const response = await fetch(`${server.url}/predict`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: ROW_BODY,
          });
          sent.push({ sentBeforeSignal, status: response.status, body: await response.json() });
        } catch (error) {
          sent.push({ sentBeforeSignal, error: String((error as Error).cause ?? error) });
          return;
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    while (sent.length < 400) await new Promise((resolve) => setTimeout(resolve, 5));
    server.child.kill('SIGTERM');
    signalled = true;
    await Promise.all(clients);
    const run = await server.result;

    const beforeSignal = sent.filter((request) => request.sentBeforeSignal);
    expect(beforeSignal.length).toBeGreaterThanOrEqual(400);
    for (const request of beforeSignal) {
      expect(request).toEqual({ sentBeforeSignal: true, status: 200, body: expected });
    }
    // After the signal the clients' next requests are refused: each client ends with an error.
    expect(sent.filter((request) => request.error !== undefined)).toHaveLength(8);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /SIGTERM: finishing the requests in flight, refusing new connections\nstopped\n$/,
    );
  }, 60_000);

  test('while a request is still in flight, new connections are refused; it then finishes and the exit code is 0', async () => {
    const server = await startServe(['--model', 'moons']);
    const { port } = new URL(server.url);
    // A client that sends the headers and half of the body: its request is in flight until the rest comes.
    const slow = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => slow.once('connect', resolve));
    let answer = '';
    slow.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
    });
    const closed = new Promise((resolve) => slow.once('close', resolve));
    slow.write(
      `POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${ROW_BODY.length}\r\n\r\n${ROW_BODY.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const refused = await new Promise<string>((resolve) => {
      const probe: Socket = connect(Number(port), '127.0.0.1');
      probe.once('connect', () => {
        probe.destroy();
        resolve('connected');
      });
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    expect(server.child.exitCode).toBeNull();

    slow.write(ROW_BODY.slice(10));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain('"predictions":[{"class":"1","probabilities":[');
    expect((await server.result).code).toBe(0);
  }, 30_000);
});

describe('tapegrad serve refuses at start what cannot be served (exit code 2)', () => {
  const dir = tempDir('serve');
  cpSync(join(FIXTURES, 'moons'), join(dir, 'moons'), { recursive: true });
  cpSync(join(FIXTURES, 'moons'), join(dir, 'broken'), { recursive: true });
  writeFileSync(join(dir, 'broken', 'model.json'), '{"format": "tapegrad-model", "version": 1, "config": ');
  cpSync(join(FIXTURES, 'moons'), join(dir, 'other', 'moons'), { recursive: true });

  const expectRefused = (run: TapegradRun, message: string) => {
    expect(run.stderr).toContain(`error: ${message}`);
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(run.stdout).not.toContain('listening');
    expect(run.code).toBe(2);
  };

  test.each([
    [
      ['--model', 'nowhere'],
      '--model nowhere: no such folder; give the --out folder of a tapegrad train run',
    ],
    [['--model', 'broken'], 'broken/model.json: not valid JSON'],
    [
      ['--model', 'moons', '--model', 'other/moons'],
      '--model moons and --model other/moons are both called "moons"; name one: --model other=other/moons',
    ],
    [
      ['--model', 'moons', '--port', '70000'],
      "option '--port <n>' argument '70000' is invalid. Expected an integer from 0 to 65535.",
    ],
    [
      ['--model', 'moons', '--max-rows', '0'],
      "option '--max-rows <n>' argument '0' is invalid. Expected an integer >= 1.",
    ],
  ])('%j', async (args, message) => {
    expectRefused(await runTapegrad(['serve', ...args], { cwd: dir }), message);
  });

  test('a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      expectRefused(
        await runTapegrad(['serve', '--model', 'moons', '--port', String(port)], { cwd: dir }),
        `port ${port} on 127.0.0.1 is in use; pick another with --port`,
      );
    } finally {
      blocker.close();
    }
  });
});
