/**
 * Every route of createApp through `app.request` (no socket): POST /predict's numbers are exactly
 * `tapegrad predict --json`'s on the same rows, the Open Inference Protocol (KServe v2) routes answer as
 * its REST spec says, batching leaves every answer's bits unchanged, /metrics counts, and bad requests get
 * the 4xx and the message the issue names.
 */

import { createApp } from '@tapegrad/serve';
import { describe, expect, test } from 'vitest';
import { runTapegrad } from '../cli/tapegrad-process.ts';
import { FIXTURES, type FixtureName, fixtureApp, fixtureDir, fixtureModel, postJson } from './support.ts';

interface PredictAnswer {
  readonly model: string;
  readonly classes: string[];
  readonly predictions: { class: string; probabilities: number[] }[];
}

/** Rows in each fixture's own units: inside, between and outside its classes. */
const ROWS: Readonly<Record<FixtureName, number[][]>> = {
  moons: [
    [0.5, -0.2],
    [1.5, -0.4],
    [-1, 0.5],
    [0, 1],
    [2, 0.5],
    [0.3, 0.25],
  ],
  blobs: [
    [0, 0],
    [-5, 3],
    [4, -2],
    [2.5, 7],
    [-8, -8],
  ],
  fruit: [
    [150, 7.2],
    [185, 8.3],
    [165, 7.7],
    [120, 6.5],
  ],
};

/** `tapegrad predict --json` on `rows`, run as a user would. */
async function predictCommand(fixture: FixtureName, rows: number[][]): Promise<PredictAnswer> {
  const run = await runTapegrad(
    ['predict', '--model', fixture, '--json', ...rows.map((row) => row.join(','))],
    {
      cwd: FIXTURES,
    },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe('POST /predict and /models/{name}/predict', () => {
  const app = fixtureApp();

  test.each(['moons', 'blobs', 'fruit'] as const)(
    '%s: the numbers are exactly those of tapegrad predict --json',
    async (fixture) => {
      const expected = await predictCommand(fixture, ROWS[fixture]);
      const response = await postJson(app, `/models/${fixture}/predict`, { rows: ROWS[fixture] });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      // toEqual on the parsed JSON compares every float64 exactly (JSON round-trips doubles).
      expect(await response.json()).toEqual(expected);
    },
    30_000,
  );

  test('/predict is the first model; the answer names the classes and sums each row to 1', async () => {
    const answer = (await (await postJson(app, '/predict', { rows: ROWS.moons })).json()) as PredictAnswer;
    expect(answer.model).toBe('moons');
    expect(answer.classes).toEqual(['0', '1']);
    expect(answer.predictions).toHaveLength(ROWS.moons.length);
    for (const { class: predicted, probabilities } of answer.predictions) {
      expect(probabilities[0]! + probabilities[1]!).toBeCloseTo(1, 15);
      expect(predicted).toBe(probabilities[1]! > 0.5 ? '1' : '0');
    }
    const fruitResponse = await postJson(app, '/models/fruit/predict', { rows: [[150, 7.2]] });
    const fruit = (await fruitResponse.json()) as PredictAnswer;
    expect(fruit.classes).toEqual(['apple', 'orange']);
    expect(fruit.predictions[0]!.class).toBe('apple');
  });

  test('rows by feature name (in any key order) give the same numbers as rows in feature order', async () => {
    const byName = ROWS.fruit.map(([weight, diameter]) => ({ diameter_cm: diameter!, weight_g: weight! }));
    const named = await (await postJson(app, '/models/fruit/predict', { rows: byName })).json();
    const ordered = await (await postJson(app, '/models/fruit/predict', { rows: ROWS.fruit })).json();
    expect(named).toEqual(ordered);
  });
});

describe('the Open Inference Protocol (KServe v2)', () => {
  const app = fixtureApp();
  const get = async (path: string) => {
    const response = await app.request(path);
    return { status: response.status, body: await response.json() };
  };

  test('server metadata, liveness and readiness', async () => {
    expect(await get('/v2')).toEqual({
      status: 200,
      body: { name: 'tapegrad', version: '0.1.0', extensions: [] },
    });
    expect(await get('/v2/health/live')).toEqual({ status: 200, body: { live: true } });
    expect(await get('/v2/health/ready')).toEqual({ status: 200, body: { ready: true } });
    expect(await get('/health')).toEqual({
      status: 200,
      body: { status: 'ok', models: ['moons', 'blobs', 'fruit'] },
    });
  });

  test('model metadata gives the input and output tensors, -1 for the batch; readiness per model', async () => {
    expect(await get('/v2/models/blobs')).toEqual({
      status: 200,
      body: {
        name: 'blobs',
        versions: ['1'],
        platform: 'tapegrad',
        inputs: [{ name: 'input', datatype: 'FP64', shape: [-1, 2] }],
        outputs: [{ name: 'probabilities', datatype: 'FP64', shape: [-1, 3] }],
      },
    });
    expect(await get('/v2/models/fruit/ready')).toEqual({
      status: 200,
      body: { name: 'fruit', ready: true },
    });
    expect(await get('/v2/models/pears')).toEqual({
      status: 404,
      body: { error: 'unknown model "pears"; models: moons, blobs, fruit' },
    });
  });

  test('infer: FP64 rows, flat or nested, give the probabilities of /predict row-major, the id echoed', async () => {
    const rows = ROWS.blobs;
    const predicted = (await (
      await postJson(app, '/models/blobs/predict', { rows })
    ).json()) as PredictAnswer;
    const expected = predicted.predictions.flatMap((prediction) => prediction.probabilities);
    for (const data of [rows.flat(), rows]) {
      const response = await postJson(app, '/v2/models/blobs/infer', {
        id: 'batch-7',
        inputs: [{ name: 'input', shape: [rows.length, 2], datatype: 'FP64', data }],
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        model_name: 'blobs',
        id: 'batch-7',
        outputs: [{ name: 'probabilities', shape: [rows.length, 3], datatype: 'FP64', data: expected }],
      });
    }
  });

  test('infer: FP32 data is read as float32 values (0.1 becomes 0.10000000149011612)', async () => {
    const rows = [
      [0.1, -0.2],
      [1.3, 0.7],
    ];
    const asFloat32 = rows.map((row) => row.map(Math.fround));
    expect(asFloat32[0]![0]).toBe(0.10000000149011612);
    const predicted = (await (await postJson(app, '/predict', { rows: asFloat32 })).json()) as PredictAnswer;
    const response = await postJson(app, '/v2/models/moons/infer', {
      inputs: [{ name: 'input', shape: [2, 2], datatype: 'FP32', data: rows.flat() }],
      outputs: [{ name: 'probabilities' }],
    });
    const answer = (await response.json()) as { id?: string; outputs: { data: number[] }[] };
    expect(answer.id).toBeUndefined();
    expect(answer.outputs[0]!.data).toEqual(
      predicted.predictions.flatMap((prediction) => prediction.probabilities),
    );
  });

  test.each([
    [{ inputs: [] }, 'inputs: expected exactly one input tensor, the rows [N, features]'],
    [
      { inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP64', data: [1, 2] }] },
      'inputs[0].name: "x" is not an input of model "moons"; its input is "input"',
    ],
    [
      { inputs: [{ name: 'input', shape: [1, 3], datatype: 'FP64', data: [1, 2, 3] }] },
      'inputs[0].shape: [1, 3]; model "moons" takes [N, 2] with N >= 1',
    ],
    [
      { inputs: [{ name: 'input', shape: [2, 2], datatype: 'FP64', data: [1, 2, 3] }] },
      'inputs[0].data: 3 values, but its shape holds 4',
    ],
    [
      { inputs: [{ name: 'input', shape: [1, 2], datatype: 'FP64', data: [[1, 'a']] }] },
      'inputs[0].data[0][1]: expected a finite number, got "a"',
    ],
    [
      { inputs: [{ name: 'input', shape: [1, 2], datatype: 'FP32', data: [1e300, 2] }] },
      'inputs[0].data[0]: 1e+300 is beyond the range of FP32 (3.4e38); send it as FP64',
    ],
    [
      { inputs: [{ name: 'input', shape: [1, 2], datatype: 'FP64', data: [[[1, 2]]] }] },
      "inputs[0].data[0][0]: a list nested deeper than the shape's 2 axes",
    ],
    [
      { inputs: [{ name: 'input', shape: [1, 2], datatype: 'INT64', data: [1, 2] }] },
      'inputs[0].datatype: expected "FP64" or "FP32", got "INT64"',
    ],
    [
      {
        inputs: [{ name: 'input', shape: [1, 2], datatype: 'FP64', data: [1, 2] }],
        outputs: [{ name: 'class' }],
      },
      'outputs: "class" is not an output of model "moons"; its output is "probabilities"',
    ],
  ])('infer refuses %j with 400: %s', async (body, message) => {
    const response = await postJson(app, '/v2/models/moons/infer', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: message });
  });
});

describe('dynamic batching', () => {
  /** 120 single-row requests at once, and their answers in order. */
  async function concurrentAnswers(app: ReturnType<typeof fixtureApp>, model: FixtureName) {
    const rows = Array.from({ length: 120 }, (_, i) => [Math.sin(i) * 3, Math.cos(1.7 * i) * 3]);
    const responses = await Promise.all(
      rows.map((row) => postJson(app, `/models/${model}/predict`, { rows: [row] })),
    );
    return Promise.all(responses.map((response) => response.json()));
  }

  /** The sum and count of tapegrad_batch_rows for `model`, from /metrics. */
  async function batchStats(app: ReturnType<typeof fixtureApp>, model: string) {
    const text = await (await app.request('/metrics')).text();
    const value = (name: string) =>
      Number(new RegExp(`^${name}\\{model="${model}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { rows: value('tapegrad_batch_rows_sum'), passes: value('tapegrad_batch_rows_count') };
  }

  test.each(['moons', 'blobs'] as const)(
    '%s: concurrent requests share forward passes and get exactly the answers they get alone',
    async (model) => {
      const unbatched = fixtureApp({ maxBatch: 1 });
      const alone = await concurrentAnswers(unbatched, model);
      expect(await batchStats(unbatched, model)).toEqual({ rows: 120, passes: 120 });
      for (const options of [{}, { maxBatch: 16 }, { batchWaitMs: 2 }]) {
        const app = fixtureApp(options);
        expect(await concurrentAnswers(app, model)).toEqual(alone);
        const { rows, passes } = await batchStats(app, model);
        expect(rows).toBe(120);
        // Joined: far fewer forward passes than requests (with maxBatch 16, at least 120 / 16 of them).
        expect(passes).toBeLessThan(40);
        expect(passes).toBeGreaterThanOrEqual('maxBatch' in options ? 8 : 1);
      }
    },
  );

  test('a request larger than the batch runs alone, with the same answer', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i / 10 - 2, (i % 7) / 3 - 1]);
    const small = await (await postJson(fixtureApp({ maxBatch: 8 }), '/predict', { rows })).json();
    const large = await (await postJson(fixtureApp({ maxBatch: 1000 }), '/predict', { rows })).json();
    expect(small).toEqual(large);
  });
});

describe('/metrics', () => {
  test('counts requests by route, method and status, the rows predicted and the models loaded', async () => {
    const app = fixtureApp();
    await postJson(app, '/predict', { rows: ROWS.moons });
    await postJson(app, '/models/blobs/predict', { rows: ROWS.blobs });
    await postJson(app, '/models/blobs/predict', { rows: [[1]] });
    await app.request('/nowhere');
    await app.request('/predict');
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const sample = (line: string) => {
      const match = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
      return match === undefined ? undefined : Number(match.slice(line.length + 1));
    };
    expect(sample('tapegrad_http_requests_total{route="/predict",method="POST",status="200"}')).toBe(1);
    expect(
      sample('tapegrad_http_requests_total{route="/models/:name/predict",method="POST",status="200"}'),
    ).toBe(1);
    expect(
      sample('tapegrad_http_requests_total{route="/models/:name/predict",method="POST",status="400"}'),
    ).toBe(1);
    expect(sample('tapegrad_http_requests_total{route="(unmatched)",method="GET",status="404"}')).toBe(1);
    expect(sample('tapegrad_http_requests_total{route="(unmatched)",method="GET",status="405"}')).toBe(1);
    expect(sample('tapegrad_http_request_duration_seconds_count{route="/predict"}')).toBe(1);
    expect(sample('tapegrad_rows_predicted_total{model="moons"}')).toBe(ROWS.moons.length);
    expect(sample('tapegrad_rows_predicted_total{model="blobs"}')).toBe(ROWS.blobs.length);
    expect(sample('tapegrad_rows_predicted_total{model="fruit"}')).toBe(0);
    expect(sample('tapegrad_models_loaded')).toBe(3);
    // Without processMetrics the process's own metrics are left out; the CLI's server has them.
    expect(text).not.toContain('process_resident_memory_bytes');
    const withProcess = await (await createApp([fixtureModel('moons')]).request('/metrics')).text();
    expect(withProcess).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});

describe('bad requests: the status and the message', () => {
  const app = fixtureApp({ maxRows: 3, maxBodyBytes: 200 });
  const send = async (path: string, init: RequestInit) => {
    const response = await app.request(path, init);
    return [
      response.status,
      ((await response.json()) as { error: string }).error,
      response.headers.get('allow'),
    ];
  };
  const post = (body: string, path = '/predict', contentType = 'application/json') =>
    send(path, { method: 'POST', headers: { 'content-type': contentType }, body });

  test.each([
    ['{"rows": [[0.5, "abc"]]}', 'rows[0][1]: expected a finite number, got "abc"'],
    [
      '{"rows": [[1, 2], [0.5, 1e400]]}',
      'rows[1][1]: expected a finite number, got a number beyond the range of float64',
    ],
    ['{"rows": [[0.5, null]]}', 'rows[0][1]: expected a finite number, got null'],
    ['{"rows": [[1, 2], [1, 2, 3]]}', 'rows[1]: 3 values, the model "moons" takes 2 (x1, x2)'],
    ['{"rows": [{"x1": 1}]}', 'rows[0]: no value for feature "x2"; the model takes x1, x2'],
    ['{"rows": [{"x1": 1, "x2": 2, "x3": 3}]}', 'rows[0]: unknown feature "x3"; the model takes x1, x2'],
    [
      '{"rows": [{"x1": 1, "x2": 2, "__proto__": 3}]}',
      'rows[0]: unknown feature "__proto__"; the model takes x1, x2',
    ],
    ['{"rows": [{"x1": 1, "x2": "2"}]}', 'rows[0].x2: expected a finite number, got "2"'],
    [
      '{"rows": [7]}',
      'rows[0]: expected a row: a list of numbers, or an object of numbers by feature name, got 7',
    ],
    ['{"rows": []}', 'rows: no rows; send at least one'],
    [
      '{"rows": [[1,2],[1,2],[1,2],[1,2]]}',
      'rows: 4 rows; this service takes at most 3 per request (--max-rows)',
    ],
    ['{"row": [[1, 2]]}', 'rows: missing; it is required'],
    ['{"rows": [[1, 2]], "model": "x"}', 'body: unknown field "model"'],
    ['[[1, 2]]', 'body: expected an object, got a list'],
    [
      '{"rows": [[1, 2]',
      "the body is not valid JSON: Expected ',' or ']' after array element in JSON at position 16",
    ],
    [
      '{"rows": [[NaN, 1]]}',
      'the body is not valid JSON: Unexpected token \'N\', "{"rows": [[NaN, 1]]}" is not valid JSON',
    ],
    ['', 'the body is empty; send a JSON object'],
  ])('400 for %s', async (body, message) => {
    expect(await post(body)).toEqual([400, message, null]);
  });

  test('Content-Type is read in any case, with parameters', async () => {
    for (const contentType of [
      'Application/JSON',
      'application/json; charset=UTF-8',
      'application/vnd.api+json',
    ]) {
      const response = await app.request('/predict', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: '{"rows": [[1, 2]]}',
      });
      expect(response.status, contentType).toBe(200);
    }
  });

  test('413 over the body limit, 415 for a body that is not JSON', async () => {
    expect(await post(JSON.stringify({ rows: Array.from({ length: 30 }, () => [1.5, 2.5]) }))).toEqual([
      413,
      "the body is over 200 bytes, this service's limit (--max-body)",
      null,
    ]);
    expect(await post('{"rows": [[1, 2]]}', '/predict', 'text/plain')).toEqual([
      415,
      'Content-Type is "text/plain"; send the body as application/json',
      null,
    ]);
  });

  test('404 for an unknown route or model, 405 with Allow for a known route and another method', async () => {
    expect(await post('{"rows": [[1, 2]]}', '/models/pears/predict')).toEqual([
      404,
      'unknown model "pears"; models: moons, blobs, fruit',
      null,
    ]);
    expect(await send('/predictions', { method: 'GET' })).toEqual([
      404,
      'no route GET /predictions; the routes are listed at /docs and /openapi.json',
      null,
    ]);
    expect(await send('/predict', { method: 'GET' })).toEqual([
      405,
      'GET is not allowed on /predict; use POST',
      'POST',
    ]);
    expect(await send('/v2/models/moons', { method: 'DELETE' })).toEqual([
      405,
      'DELETE is not allowed on /v2/models/moons; use GET or HEAD',
      'GET, HEAD',
    ]);
  });
});

describe('createApp refuses models and options that cannot work', () => {
  test.each([
    [() => createApp([]), 'createApp: models must be a non-empty list'],
    [
      () => createApp([fixtureModel('moons'), fixtureModel('blobs', 'moons')]),
      'two models are called "moons"',
    ],
    [
      () => createApp([fixtureModel('moons', 'my model')]),
      'createApp: models[0]: name "my model" cannot be part of a URL',
    ],
    [
      () => createApp([{ ...fixtureModel('moons'), classes: ['a', 'b', 'c'] }]),
      'createApp: models[0]: classes must be 2 strings',
    ],
    [
      () => createApp([{ ...fixtureModel('blobs'), featureNames: ['x'] }]),
      'createApp: models[0]: featureNames must be 2 different strings',
    ],
    [
      () => createApp([fixtureModel('moons')], { maxRows: 0 }),
      'createApp: options.maxRows must be an integer >= 1, got 0',
    ],
    [
      () => createApp([fixtureModel('moons')], { maxBatch: 2.5 }),
      'createApp: options.maxBatch must be an integer >= 1',
    ],
    [
      () => createApp([fixtureModel('moons')], { batchSize: 4 } as never),
      "createApp: unknown option 'batchSize'",
    ],
  ])('%#: %s', (build, message) => {
    expect(build).toThrow(message);
  });

  test('the fixtures are where support.ts says', () => {
    expect(fixtureDir('moons')).toBe(`${FIXTURES}/moons`);
  });
});

describe('rows the model computes no number for', () => {
  test('values so large that the forward pass meets Infinity - Infinity are a 400 naming the row', async () => {
    const app = fixtureApp();
    const response = await postJson(app, '/predict', {
      rows: [
        [0.5, -0.2],
        [1e308, -1e308],
      ],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error:
        "rows[1]: the model's output for this row is not a number: its values are too large to compute with in " +
        'float64 (Infinity - Infinity); send values near the range of the training data',
    });
    const infer = await postJson(app, '/v2/models/moons/infer', {
      inputs: [{ name: 'input', shape: [1, 2], datatype: 'FP64', data: [1e308, -1e308] }],
    });
    expect(infer.status).toBe(400);
    expect(((await infer.json()) as { error: string }).error).toMatch(
      /^inputs\[0\]\.data, row 0: the model's output/,
    );
  });

  test('in a batch, only the request that holds such a row is refused; the others get their answers', async () => {
    const alone = await (
      await postJson(fixtureApp({ maxBatch: 1 }), '/predict', { rows: [[0.5, -0.2]] })
    ).json();
    const app = fixtureApp();
    const [good, bad, alsoGood] = await Promise.all([
      postJson(app, '/predict', { rows: [[0.5, -0.2]] }),
      postJson(app, '/predict', { rows: [[1e308, -1e308]] }),
      postJson(app, '/predict', { rows: [[0.5, -0.2]] }),
    ]);
    expect([good!.status, bad!.status, alsoGood!.status]).toEqual([200, 400, 200]);
    expect(await good!.json()).toEqual(alone);
    expect(await alsoGood!.json()).toEqual(alone);
    // The three shared one forward pass.
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(/^tapegrad_batch_rows_count\{model="moons"\} 1$/m);
  });
});
