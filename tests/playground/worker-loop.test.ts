/**
 * The training worker's loop, driven in Node as the page drives the worker: every request gets its answer,
 * play trains in bursts that yield between them so that pause is seen, and every failure comes back as an
 * 'error' message naming the request, never as an exception.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../packages/playground/src/config.ts';
import type { FromWorker, ToWorker } from '../../packages/playground/src/protocol.ts';
import { WorkerLoop } from '../../packages/playground/src/training/worker-loop.ts';

/** A loop whose bursts wait in a queue until the test runs them: the event loop, step by step. */
function steppedLoop() {
  const posted: FromWorker[] = [];
  const bursts: (() => void)[] = [];
  const loop = new WorkerLoop(
    (message) => posted.push(message),
    (next) => bursts.push(next),
  );
  /** The messages posted since the last call. */
  const take = () => posted.splice(0);
  const runBurst = () => bursts.shift()!();
  return { loop, take, bursts, runBurst };
}

const types = (messages: FromWorker[]) => messages.map((message) => message.type);

function only<T extends FromWorker['type']>(
  messages: FromWorker[],
  type: T,
): Extract<FromWorker, { type: T }> {
  expect(types(messages)).toEqual([type]);
  return messages[0] as Extract<FromWorker, { type: T }>;
}

describe('WorkerLoop: one answer per request', () => {
  test('configure answers the data, then the first snapshot (epoch 0, not playing)', async () => {
    const { loop, take } = steppedLoop();
    await loop.handle({ type: 'configure', config: DEFAULT_CONFIG });
    const [data, snapshot] = take() as [
      Extract<FromWorker, { type: 'data' }>,
      Extract<FromWorker, { type: 'snapshot' }>,
    ];
    expect([data.type, snapshot.type]).toEqual(['data', 'snapshot']);
    expect(data.data.train.xy).toHaveLength(800);
    expect(data.data.classes).toEqual(['0', '1']);
    expect(snapshot.playing).toBe(false);
    expect(snapshot.snapshot.epoch).toBe(0);
    expect(snapshot.snapshot.newPoints).toEqual([]);
  });

  test('step, reset, proof, graph, explain, export and import each answer with their message', async () => {
    const { loop, take } = steppedLoop();
    await loop.handle({ type: 'configure', config: DEFAULT_CONFIG });
    take();

    await loop.handle({ type: 'step' });
    const stepped = only(take(), 'snapshot').snapshot;
    expect([stepped.epoch, stepped.step, stepped.newPoints.length]).toEqual([1, 13, 1]);
    await loop.handle({ type: 'step' });
    expect(only(take(), 'snapshot').snapshot.newPoints.map((point) => point.epoch)).toEqual([2]);

    await loop.handle({ type: 'proof', finiteDifferences: true });
    const proof = only(take(), 'proof').proof;
    expect(proof.epoch).toBe(2);
    for (const row of proof.rows) {
      expect(row.manualVsTape).toBeLessThan(1e-10);
      expect(row.finiteVsTape! / row.largest).toBeLessThan(1e-6);
    }

    await loop.handle({ type: 'graph', rows: 4 });
    expect(only(take(), 'graph').svg).toContain('<svg');

    await loop.handle({ type: 'explain', index: 5 });
    expect(only(take(), 'explain').html).toContain('Backpropagation by hand: training point 5 at epoch 2');

    await loop.handle({ type: 'export' });
    const exported = only(take(), 'export');
    expect(JSON.parse(exported.configJson).result.epochsRun).toBe(2);

    await loop.handle({ type: 'reset' });
    expect(only(take(), 'snapshot').snapshot.epoch).toBe(0);

    // Import tells the run's configuration, then answers as configure does (the data may be another), at the
    // run's epoch.
    await loop.handle({ type: 'import', modelJson: exported.modelJson, configJson: exported.configJson });
    const [imported, data, snapshot] = take();
    expect(imported?.type === 'imported' && imported.config).toEqual(DEFAULT_CONFIG);
    expect(imported?.type === 'imported' && imported.problems).toEqual([]);
    expect(data?.type).toBe('data');
    expect(snapshot?.type === 'snapshot' && snapshot.snapshot.epoch).toBe(2);
  });

  test('failures come back as error messages naming the request, and the run goes on', async () => {
    const { loop, take } = steppedLoop();
    for (const request of ['step', 'play', 'pause', 'reset', 'proof', 'export'] as const) {
      const message = (
        request === 'play'
          ? { type: 'play', frameMs: 100 }
          : request === 'proof'
            ? { type: 'proof', finiteDifferences: false }
            : { type: request }
      ) as ToWorker;
      await expect(loop.handle(message)).resolves.toBeUndefined();
      expect(take()).toEqual([
        { type: 'error', request, message: "no run yet: send 'configure' with a configuration first" },
      ]);
    }
    await loop.handle({ type: 'configure', config: DEFAULT_CONFIG });
    take();

    await loop.handle({ type: 'explain', index: 400 });
    expect(only(take(), 'error')).toEqual({
      type: 'error',
      request: 'explain',
      message: 'explain: training point 400 does not exist; pick one from 0 to 399',
    });

    await loop.handle({ type: 'graph', rows: 100 });
    expect(only(take(), 'error')).toEqual({
      type: 'error',
      request: 'graph',
      message: 'graph: rows 100 must be a whole number from 1 to 16',
    });

    // A CSV that cannot be used leaves the current run in place.
    await loop.handle({
      type: 'configure',
      config: { ...DEFAULT_CONFIG, dataset: 'csv' },
      csv: { name: 'empty.csv', text: 'a,b,label\n1,2,x\n', target: 'label' },
    });
    expect(only(take(), 'error').request).toBe('configure');
    await loop.handle({ type: 'step' });
    expect(only(take(), 'snapshot').snapshot.epoch).toBe(1);

    await loop.handle({ type: 'import', modelJson: 'not json', configJson: '{}' });
    expect(only(take(), 'error').message).toMatch(/^model\.json: not valid JSON/);

    await loop.handle({ type: 'warp' } as unknown as ToWorker);
    expect(only(take(), 'error').message).toBe(
      'unknown request "warp"; the worker takes configure, play, pause, step, reset, proof, graph, explain, ' +
        'export and import',
    );
  });
});

describe('WorkerLoop: play trains in bursts, yielding between them', () => {
  test('each burst posts a snapshot with its epochs and schedules the next; pause stops the chain', async () => {
    const { loop, take, bursts, runBurst } = steppedLoop();
    await loop.handle({ type: 'configure', config: DEFAULT_CONFIG });
    take();
    await loop.handle({ type: 'play', frameMs: 20 });
    expect(take()).toEqual([]);
    expect(bursts).toHaveLength(1);
    // A second play while playing starts no second chain.
    await loop.handle({ type: 'play', frameMs: 20 });
    expect(bursts).toHaveLength(1);

    let epoch = 0;
    for (let burst = 0; burst < 3; burst++) {
      runBurst();
      const { snapshot, playing } = only(take(), 'snapshot');
      expect(playing).toBe(true);
      expect(snapshot.newPoints.length).toBeGreaterThanOrEqual(1);
      // The burst's points are the epochs since the last snapshot, none missing.
      expect(snapshot.newPoints.map((point) => point.epoch)).toEqual(
        Array.from({ length: snapshot.newPoints.length }, (_, i) => epoch + i + 1),
      );
      epoch = snapshot.epoch;
      expect(bursts).toHaveLength(1);
    }

    await loop.handle({ type: 'pause' });
    const paused = only(take(), 'snapshot');
    expect([paused.playing, paused.snapshot.epoch]).toEqual([false, epoch]);
    expect(loop.playing).toBe(false);
    // The burst already waiting sees the pause: it trains nothing and schedules nothing.
    runBurst();
    expect(take()).toEqual([]);
    expect(bursts).toHaveLength(0);

    // Pause then play before the waiting burst runs: still one chain.
    await loop.handle({ type: 'play', frameMs: 20 });
    await loop.handle({ type: 'pause' });
    await loop.handle({ type: 'play', frameMs: 20 });
    expect(bursts).toHaveLength(1);
  });

  test('a divergence while playing is an error for play, and the chain stops', async () => {
    const { loop, take, bursts, runBurst } = steppedLoop();
    await loop.handle({
      type: 'configure',
      config: {
        ...DEFAULT_CONFIG,
        optimizer: 'sgd',
        learningRate: 10,
        activation: 'relu',
        hidden: [32, 32, 32],
      },
    });
    take();
    await loop.handle({ type: 'play', frameMs: 20 });
    runBurst();
    const error = only(take(), 'error');
    expect(error.request).toBe('play');
    expect(error.message).toMatch(/^the loss became NaN in epoch 1 .*press Reset for fresh weights$/);
    expect(loop.playing).toBe(false);
    expect(bursts).toHaveLength(0);
  });

  test('with real timers: snapshots keep coming while playing, none after pause is answered', async () => {
    const posted: FromWorker[] = [];
    const loop = new WorkerLoop((message) => posted.push(message));
    await loop.handle({ type: 'configure', config: DEFAULT_CONFIG });
    posted.length = 0;
    const started = performance.now();
    await loop.handle({ type: 'play', frameMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    // 'pause' arrives as a message would: between two bursts.
    await loop.handle({ type: 'pause' });
    const seconds = (performance.now() - started) / 1000;
    const snapshots = posted.filter((message) => message.type === 'snapshot');
    const last = snapshots.at(-1)!;
    expect(last.type === 'snapshot' && last.playing).toBe(false);
    const whilePlaying = snapshots.length - 1;
    console.log(`real timers, frameMs 50: ${whilePlaying} snapshots in ${seconds.toFixed(2)} s of play`);
    expect(whilePlaying).toBeGreaterThanOrEqual(2);
    const count = posted.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(posted.length).toBe(count);
  });
});

describe('worker.ts: the shell hands messages to the loop and posts its answers', () => {
  test('a configure message sent to self.onmessage is answered through self.postMessage', async () => {
    const posted: FromWorker[] = [];
    const scope: {
      onmessage: ((event: { data: ToWorker }) => void) | null;
      postMessage(message: FromWorker): void;
    } = {
      onmessage: null,
      postMessage: (message) => posted.push(message),
    };
    const global = globalThis as unknown as { self?: unknown };
    const previous = global.self;
    global.self = scope;
    try {
      await import('../../packages/playground/src/training/worker.ts');
    } finally {
      global.self = previous;
    }
    scope.onmessage!({ data: { type: 'configure', config: DEFAULT_CONFIG } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(types(posted)).toEqual(['data', 'snapshot']);
  });
});
