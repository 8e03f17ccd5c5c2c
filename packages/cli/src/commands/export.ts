/**
 * `tapegrad export`: a trained model leaves tapegrad. ONNX (@tapegrad/onnx) runs in any ONNX runtime and
 * takes the raw features (the run's standardizer is the graph's first step); safetensors (@tapegrad/nn)
 * holds the weights for PyTorch (`--layout torch`: nn.Sequential's names, Linear weights [out, in]), with
 * the standardizer and class names in its metadata.
 */
import { basename, extname } from 'node:path';
import { readSafetensors, safetensorsBytes, standardizerFromStats } from '@tapegrad/nn';
import { exportOnnx, MAX_OPSET } from '@tapegrad/onnx';
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../atomic-write.ts';
import { UsageError } from '../errors.ts';
import { checkOutPath } from '../out-path.ts';
import { displayPath, resolveUserPath } from '../paths.ts';
import { loadSavedRun, type SavedRun } from '../saved-run.ts';

type ExportFormat = 'onnx' | 'safetensors';
type ExportDtype = 'float64' | 'float32';

interface ExportOptions {
  readonly model: string;
  readonly format: ExportFormat;
  readonly dtype: ExportDtype;
  readonly layout?: 'tapegrad' | 'torch';
  readonly out?: string;
}

/** The file extension of each format. */
const EXTENSIONS: Readonly<Record<ExportFormat, string>> = { onnx: '.onnx', safetensors: '.safetensors' };
const FILE_NAMES: Readonly<Record<ExportFormat, string>> = {
  onnx: 'an ONNX file',
  safetensors: 'a safetensors file',
};

/** The default --out: runs/export/NAME.onnx (or .safetensors), NAME the run folder's own name. */
function defaultOut(model: string, format: ExportFormat): string {
  return `runs/export/${basename(resolveUserPath(model))}${EXTENSIONS[format]}`;
}

/** The ONNX file of a run, and what to say about it. */
function onnxFile(run: SavedRun, dtype: ExportDtype): { bytes: Uint8Array; summary: string } {
  const { mean, std } = run.config.standardizer;
  const standardizer = standardizerFromStats(mean, std, `${displayPath(run.dir)}/config.json: standardizer`);
  const bytes = exportOnnx(run.model, { dtype, standardizer, classNames: run.config.classes });
  const inputs = run.config.featureNames.length;
  const { classes } = run.config;
  // One sigmoid unit gives the probability of the second class; softmax, one per class.
  const outputs =
    run.model.output === 'sigmoid'
      ? `probabilities [batch, 1] (p(${classes[1]}))`
      : `probabilities [batch, ${classes.length}]`;
  return {
    bytes,
    summary: [
      `ONNX (${dtype}, opset ${MAX_OPSET})`,
      `  input  features [batch, ${inputs}] (${run.config.featureNames.join(', ')}) in the data's own units: ` +
        "the run's standardizer is the graph's first step",
      `  output ${outputs}; class_names ${classes.join(', ')} in the metadata`,
    ].join('\n'),
  };
}

/** The safetensors file of a run, and what to say about it. */
function safetensorsFile(
  run: SavedRun,
  dtype: ExportDtype,
  layout: 'tapegrad' | 'torch',
): { bytes: Uint8Array; summary: string } {
  const bytes = safetensorsBytes(run.model, {
    dtype,
    layout,
    metadata: {
      'tapegrad.classes': JSON.stringify(run.config.classes),
      'tapegrad.standardizer': JSON.stringify(run.config.standardizer),
    },
  });
  const tensors = Object.entries(readSafetensors(bytes).tensors).map(
    ([name, tensor]) => `${name} [${tensor.shape.join(', ')}]`,
  );
  const conventions =
    layout === 'torch'
      ? "PyTorch's layout: nn.Sequential's names, Linear weights [out, in]"
      : "tapegrad's layout";
  return {
    bytes,
    summary: [
      `safetensors (${dtype}, ${conventions})`,
      `  tensors ${tensors.join(', ')}`,
      '  __metadata__ tapegrad.standardizer, tapegrad.classes, tapegrad.architecture, tapegrad.layout',
    ].join('\n'),
  };
}

function exportModel(options: ExportOptions): void {
  const { format, dtype } = options;
  if (options.layout !== undefined && format !== 'safetensors') {
    throw new UsageError(
      `--layout ${options.layout} applies to --format safetensors only; an ONNX file has one layout`,
    );
  }
  const out = options.out ?? defaultOut(options.model, format);
  if (extname(out).toLowerCase() !== EXTENSIONS[format]) {
    throw new UsageError(`--out ${out}: ${FILE_NAMES[format]} is named *${EXTENSIONS[format]}`);
  }
  const run = loadSavedRun(options.model);
  const path = resolveUserPath(out);
  checkOutPath(path, `--out ${out}`, 'file');
  const file =
    format === 'onnx' ? onnxFile(run, dtype) : safetensorsFile(run, dtype, options.layout ?? 'tapegrad');
  writeFileAtomic(path, file.bytes);
  process.stdout.write(
    `Exported ${run.model.describe()} from ${displayPath(run.dir)} as ${file.summary}\n` +
      `Wrote ${displayPath(path)} (${file.bytes.length} bytes)\n`,
  );
}

/** Adds `tapegrad export` to the program. */
export function addExportCommand(program: Command): void {
  program
    .command('export')
    .description('Export a trained model as ONNX (any ONNX runtime) or safetensors (PyTorch).')
    .requiredOption('--model <dir>', 'the run folder of tapegrad train')
    .addOption(
      new Option('--format <format>', 'onnx (takes the raw features) or safetensors (the weights)')
        .choices(['onnx', 'safetensors'])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--dtype <dtype>', 'the numbers written: float64 (exact) or float32 (half the size)')
        .choices(['float64', 'float32'])
        .default('float64'),
    )
    .addOption(
      new Option(
        '--layout <layout>',
        "safetensors only: tapegrad's names and [in, out] weights, or torch (nn.Sequential's names, weights [out, in]) (default: tapegrad)",
      ).choices(['tapegrad', 'torch']),
    )
    .option(
      '--out <file>',
      'the file to write (default: runs/export/RUN.onnx or .safetensors, RUN the name of the --model folder)',
    )
    .action((options: ExportOptions) => exportModel(options));
}
