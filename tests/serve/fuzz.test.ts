/**
 * The serve fuzz: 10,000 seeded malformed requests through createApp (no socket), each a valid request
 * broken in one way (tests/serve/fuzz/*-cases.ts, one small generator per way), under small limits (64 KiB
 * bodies, 50 rows) so that an oversized body is cheap. Held to, for every answer: a 4xx, never a 2xx or a
 * 5xx, in time; JSON with a non-empty string `error`; an Allow header on a 405; the status its category
 * gives (405 wrong method, 404 unknown route or model, 413 oversized, 415 not JSON, 400 the rest) and a
 * message that names the place (`rows[3][1]`, `inputs[0].shape`) and stays short. After them all, valid
 * requests answer exactly as before, /metrics counted every one, and no prototype was touched.
 *
 * FUZZ_SEED=n picks the seed (printed on failure); FUZZ_CASE=i sends case i of that seed alone:
 * `FUZZ_SEED=n FUZZ_CASE=i npx vitest run tests/serve/fuzz.test.ts`.
 */
import type { ServeApp } from '@tapegrad/serve';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { CATEGORIES, fuzzCase } from './fuzz/categories.ts';
import { type Answer, describeRequest, type FuzzCase, send } from './fuzz/fuzz-case.ts';
import { MAX_BODY_BYTES, MAX_ROWS } from './fuzz/targets.ts';
import { fixtureApp, postJson } from './support.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const TOTAL = 10_000;
const INDICES =
  process.env.FUZZ_CASE === undefined
    ? Array.from({ length: TOTAL }, (_, i) => i)
    : [Number(process.env.FUZZ_CASE)];
/** Longer than any answer takes; past it the request counts as hung. */
const ANSWER_LIMIT_MS = 5_000;
/** A message a person reads: the place and the problem, quoting at most the start of what was sent. */
const MAX_MESSAGE_CHARS = 500;

/** Object.prototype's own keys before any request: a polluting key would add one. */
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);

const VALID_PREDICT = { rows: [[0.5, -0.2], { x1: 1.5, x2: -0.4 }] };
const VALID_INFER = {
  id: 'before-and-after',
  inputs: [{ name: 'input', shape: [2, 2], datatype: 'FP64', data: [0.5, -0.2, 1.5, -0.4] }],
};

/** One fuzz request as sent and answered; `error` is the answer's message where it has one. */
interface Exchange extends FuzzCase {
  readonly index: number;
  readonly category: string;
  readonly answer: Answer;
  readonly error: string | undefined;
}

/** The answer's `error` message, or undefined when the body is not JSON with a string `error`. */
function errorMessage(answer: Answer): string | undefined {
  try {
    const body: unknown = JSON.parse(answer.text);
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

/** What breaks the rules every refusal keeps: 4xx in time, JSON, a non-empty `error`, Allow on a 405. */
function brokenRules({ answer, error }: Exchange): string[] {
  if (answer.status === 'no answer') return [`no answer within ${ANSWER_LIMIT_MS} ms`];
  const problems: string[] = [];
  if (answer.status < 400 || answer.status > 499) problems.push(`status ${answer.status}, not a 4xx`);
  if (!/^application\/json\b/.test(answer.contentType ?? '')) {
    problems.push(`Content-Type ${JSON.stringify(answer.contentType)}, not application/json`);
  }
  if (error === undefined || error.trim() === '') problems.push('the body is not {"error": "<a message>"}');
  if (answer.status === 405 && !answer.allow) problems.push('a 405 with no Allow header');
  return problems;
}

/** Where the answer differs from what its category expects: the status, the message's place, Allow. */
function missedExpectations({ answer, error, expected }: Exchange): string[] {
  const problems: string[] = [];
  if (answer.status !== expected.status)
    problems.push(`status ${answer.status}, expected ${expected.status}`);
  if (error !== undefined && !error.includes(expected.mentions)) {
    problems.push(`the message does not contain ${JSON.stringify(expected.mentions)}`);
  }
  if (expected.allow !== undefined && answer.allow !== expected.allow) {
    problems.push(`Allow ${JSON.stringify(answer.allow)}, expected ${JSON.stringify(expected.allow)}`);
  }
  return problems;
}

/** How many of `items` have each key, in the order the keys first appear. */
function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const listCounts = (counts: Record<string, number>, separator: string) =>
  Object.entries(counts)
    .map(([name, count]) => `${name}${separator}${count}`)
    .join(', ');

/** The failures of `check` as a report: the seed, each case's index, request and answer, how to replay. */
function failures(exchanges: readonly Exchange[], check: (exchange: Exchange) => string[]): string {
  const failed = exchanges
    .map((exchange) => ({ exchange, problems: check(exchange) }))
    .filter(({ problems }) => problems.length > 0);
  if (failed.length === 0) return '';
  const byCategory = countBy(failed, ({ exchange }) => exchange.category);
  const lines = failed
    .slice(0, 12)
    .map(({ exchange: { index, category, request, answer }, problems }) =>
      [
        `#${index} ${category}: ${problems.join('; ')}`,
        `    request: ${describeRequest(request)}`,
        `    answer: ${answer.status} ${answer.contentType} ${JSON.stringify(answer.text.slice(0, 200))}`,
      ].join('\n'),
    );
  return [
    `seed ${SEED}: ${failed.length} of ${exchanges.length} requests failed (${listCounts(byCategory, ' ')})`,
    ...lines,
    `replay one: FUZZ_SEED=${SEED} FUZZ_CASE=<#> npx vitest run tests/serve/fuzz.test.ts`,
  ].join('\n');
}

/** The request counts /metrics gives, summed by status class ('2xx', '4xx', ...). */
function countedByStatusClass(metrics: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of metrics.split('\n')) {
    const sample = /^tapegrad_http_requests_total\{.*status="(\d)\d\d".*\} (\d+)$/.exec(line);
    if (sample) counts[`${sample[1]}xx`] = (counts[`${sample[1]}xx`] ?? 0) + Number(sample[2]);
  }
  return counts;
}

describe(`the service under ${TOTAL} seeded malformed requests`, () => {
  let app: ServeApp;
  const exchanges: Exchange[] = [];
  const before: string[] = [];
  const after: string[] = [];
  let metrics = '';

  /** The two valid requests, each answer's status and text. */
  const validAnswers = async () => {
    const answers = [
      await postJson(app, '/predict', VALID_PREDICT),
      await postJson(app, '/v2/models/moons/infer', VALID_INFER),
    ];
    return Promise.all(answers.map(async (answer) => `${answer.status} ${await answer.text()}`));
  };

  beforeAll(async () => {
    app = fixtureApp({ maxBodyBytes: MAX_BODY_BYTES, maxRows: MAX_ROWS });
    before.push(...(await validAnswers()));
    // The service logs each 500's error with its stack; the first test reports them with their requests.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let internalErrors = 0;
    const start = performance.now();
    try {
      for (const index of INDICES) {
        const fuzz = fuzzCase(SEED, index);
        const answer = await send(app, fuzz.request, ANSWER_LIMIT_MS);
        exchanges.push({ ...fuzz, index, answer, error: errorMessage(answer) });
      }
    } finally {
      internalErrors = logged.mock.calls.length;
      logged.mockRestore();
    }
    const seconds = (performance.now() - start) / 1000;
    metrics = await (await app.request('/metrics')).text();
    after.push(...(await validAnswers()));
    const statuses = countBy(exchanges, ({ answer }) => String(answer.status));
    console.log(
      `serve fuzz, seed ${SEED}: ${exchanges.length} requests of ${CATEGORIES.length} kinds in ${seconds.toFixed(1)} s (${internalErrors} internal errors logged); statuses ${listCounts(statuses, ' x')}`,
    );
  }, 300_000);

  test('every answer is a 4xx with a JSON {"error": "..."} body, in time, and each 405 has an Allow header', () => {
    expect(exchanges.length).toBe(INDICES.length);
    const report = failures(exchanges, brokenRules);
    expect(report === '', report).toBe(true);
  });

  test("each answer has its category's status and a message naming the place", () => {
    const report = failures(exchanges, missedExpectations);
    expect(report === '', report).toBe(true);
  });

  test(`every message is at most ${MAX_MESSAGE_CHARS} characters, however long or deep the request`, () => {
    const tooLong = ({ error }: Exchange) =>
      error !== undefined && error.length > MAX_MESSAGE_CHARS
        ? [`a message of ${error.length} characters`]
        : [];
    const report = failures(exchanges, tooLong);
    expect(report === '', report).toBe(true);
  });

  test('afterwards, valid requests to /predict and /v2/models/moons/infer answer exactly as before', () => {
    expect(before[0]).toMatch(/^200 /);
    expect(before[1]).toMatch(/^200 /);
    expect(after).toEqual(before);
  });

  test('/metrics counted every fuzz request under the status it was answered with', () => {
    const answered = countBy(
      exchanges.filter(({ answer }) => answer.status !== 'no answer'),
      ({ answer }) => `${String(answer.status)[0]}xx`,
    );
    // With every answer a 4xx (the first test), this is { 2xx: 2, 4xx: the number of fuzz requests }: the
    // valid requests made before the fuzz, and the fuzz.
    expect(countedByStatusClass(metrics)).toEqual({
      ...answered,
      '2xx': (answered['2xx'] ?? 0) + before.length,
    });
  });

  test('no key sent (__proto__, constructor, ...) reached Object.prototype', () => {
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(PROTOTYPE_KEYS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a row the model cannot compute, batched with other requests', () => {
  // Found by valuesOverflowingTheModel: moons turns [1.7e308, -1.7e308] into inf - inf = NaN in a hidden
  // unit. Batching computes concurrent requests in one forward pass, so that row must fail its own request
  // (a 400 naming it) and leave the others' answers as they are alone.
  const overflowing = { rows: [[1.7e308, -1.7e308]] };

  test('fails only its own request: the valid request beside it gets its answer', async () => {
    const app = fixtureApp();
    const alone = await postJson(app, '/predict', VALID_PREDICT);
    const aloneText = await alone.text();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const [valid, bad] = await Promise.all([
        postJson(app, '/predict', VALID_PREDICT),
        postJson(app, '/predict', overflowing),
      ]);
      expect(`${valid.status} ${await valid.text()}`).toBe(`${alone.status} ${aloneText}`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('rows[0]');
    } finally {
      logged.mockRestore();
    }
  });
});
