/**
 * `tapegrad serve`: serves trained run folders over HTTP with @tapegrad/serve, until Ctrl-C or SIGTERM,
 * which stop it gracefully (requests in flight finish, new connections are refused, exit code 0).
 */
import { basename } from 'node:path';
import {
  createApp,
  DEFAULT_SERVE_OPTIONS,
  MODEL_NAME_PATTERN,
  type ServedModelSpec,
  serveApp,
} from '@tapegrad/serve';
import { type Command, Option } from 'commander';
import { UsageError } from '../errors.ts';
import { integerInRange, positiveInteger } from '../option-values.ts';
import { displayPath } from '../paths.ts';
import { loadSavedRun } from '../saved-run.ts';

interface ServeOptions {
  readonly model: readonly string[];
  readonly port: number;
  readonly host: string;
  readonly maxBody: number;
  readonly maxRows: number;
  readonly maxBatch: number;
  readonly batchWaitMs: number;
}

/** NAME=DIR names a model; a bare DIR is called by its folder's name. */
const NAMED_MODEL = new RegExp(`^(${MODEL_NAME_PATTERN.source.slice(1, -1)})=(.+)$`);

/** The models of the --model flags, each loaded and checked now, so a bad folder fails before listening. */
function loadModels(specs: readonly string[]): { spec: ServedModelSpec; dir: string; describe: string }[] {
  const models = specs.map((text) => {
    const named = NAMED_MODEL.exec(text);
    const dir = named?.[2] ?? text;
    const run = loadSavedRun(dir);
    const name = named?.[1] ?? basename(run.dir);
    if (!MODEL_NAME_PATTERN.test(name)) {
      throw new UsageError(
        `--model ${text}: the folder's name "${name}" cannot be part of a URL; name the model: --model NAME=${dir}`,
      );
    }
    const { classes, featureNames, standardizer } = run.config;
    return {
      spec: { name, network: run.model, classes, featureNames, standardizer },
      dir: displayPath(run.dir),
      describe: `${run.model.describe()}; classes ${classes.join(', ')}; features ${featureNames.join(', ')}`,
    };
  });
  models.forEach((model, i) => {
    const first = models.findIndex((other) => other.spec.name === model.spec.name);
    if (first !== i) {
      throw new UsageError(
        `--model ${models[first]!.dir} and --model ${model.dir} are both called "${model.spec.name}"; ` +
          `name one: --model other=${model.dir}`,
      );
    }
  });
  return models;
}

/** Resolves on the first Ctrl-C or SIGTERM; a second one exits at once, as shells report it. */
function firstStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function serve(options: ServeOptions): Promise<void> {
  const models = loadModels(options.model);
  const app = createApp(
    models.map((model) => model.spec),
    {
      maxBodyBytes: options.maxBody,
      maxRows: options.maxRows,
      maxBatch: options.maxBatch,
      batchWaitMs: options.batchWaitMs,
    },
  );
  let server: Awaited<ReturnType<typeof serveApp>>;
  try {
    server = await serveApp(app, { port: options.port, host: options.host });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const stopped = firstStopSignal();
  const routes = app.openAPIRegistry.definitions.flatMap((definition) =>
    definition.type === 'route'
      ? [
          `  ${definition.route.method.toUpperCase().padEnd(5)}${definition.route.path.padEnd(26)}${definition.route.summary ?? ''}`,
        ]
      : [],
  );
  process.stdout.write(
    [
      `tapegrad serve: listening on ${server.url}`,
      'Models:',
      ...models.map(
        (model, i) => `  ${model.spec.name}${i === 0 ? ' (default)' : ''}: ${model.dir}, ${model.describe}`,
      ),
      'Routes:',
      ...routes,
      `Try: curl -s ${server.url}/predict -H 'content-type: application/json' -d '{"rows": [[${models[0]!.spec.featureNames.map(() => '0.5').join(', ')}]]}'`,
      `API docs: ${server.url}/docs. Ctrl-C stops.`,
      '',
    ].join('\n'),
  );
  const signal = await stopped;
  process.stdout.write(`${signal}: finishing the requests in flight, refusing new connections\n`);
  await server.close();
  process.stdout.write('stopped\n');
}

/** Adds `tapegrad serve` to the program. */
export function addServeCommand(program: Command): void {
  const defaults = DEFAULT_SERVE_OPTIONS;
  program
    .command('serve')
    .description(
      'Serve trained models over HTTP: POST /predict, the Open Inference Protocol (KServe v2), /health, /metrics, /docs.',
    )
    .addOption(
      new Option(
        '--model <[name=]dir>',
        'a run folder of tapegrad train, called by its folder name or NAME=DIR; repeat for more models (the first is the default)',
      )
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--port <n>', 'the port (0 picks a free one)')
        .argParser(integerInRange(0, 65535))
        .default(8000),
    )
    .option('--host <address>', 'the address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .addOption(
      new Option('--max-body <bytes>', 'the largest request body; larger is answered 413')
        .argParser(positiveInteger)
        .default(defaults.maxBodyBytes),
    )
    .addOption(
      new Option('--max-rows <n>', 'the most rows one request may hold')
        .argParser(positiveInteger)
        .default(defaults.maxRows),
    )
    .addOption(
      new Option(
        '--max-batch <n>',
        'dynamic batching: the most rows one forward pass joins from concurrent requests (1: off)',
      )
        .argParser(positiveInteger)
        .default(defaults.maxBatch),
    )
    .addOption(
      new Option(
        '--batch-wait-ms <ms>',
        'how long a batch waits for more requests; 0 runs it once the requests that arrived together are read',
      )
        .argParser(integerInRange(0, 1000))
        .default(defaults.batchWaitMs),
    )
    .action((options: ServeOptions) => serve(options));
}
