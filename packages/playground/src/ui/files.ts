/**
 * Files in and out of the page: the trained model as the CLI's model.json and config.json (downloads), a run
 * loaded back from those two files, and a CSV dropped on the page.
 */
import type { CsvSource } from '../protocol.ts';

/** Offers `text` as a download called `name`. */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * model.json and config.json from the files a user picked (both at once), by name or by content: the one
 * with `"format": "tapegrad-model"` is the model.
 */
export async function runFiles(files: FileList): Promise<{ modelJson: string; configJson: string }> {
  const texts = await Promise.all(
    [...files].map(async (file) => ({ name: file.name, text: await file.text() })),
  );
  const model = texts.find((file) => file.text.includes('"tapegrad-model"'));
  const config = texts.find((file) => file !== model);
  if (model === undefined || config === undefined) {
    throw new Error(
      `pick both files of a run, model.json and config.json (got ${texts.map((file) => file.name).join(', ') || 'none'})`,
    );
  }
  return { modelJson: model.text, configJson: config.text };
}

/** The columns of a CSV's header line. */
export function csvHeader(text: string): string[] {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  return firstLine.split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
}

/**
 * Lets the user drop a CSV anywhere on the page; `onCsv` gets it with its target column, the last column
 * unless a column is called label, target, class, y or species.
 */
export function acceptCsvDrops(onCsv: (csv: CsvSource) => void, onError: (message: string) => void): void {
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', async (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file === undefined) return;
    if (!file.name.toLowerCase().endsWith('.csv')) {
      onError(`${file.name}: drop a .csv file (a header line, numeric feature columns and a class column)`);
      return;
    }
    const text = await file.text();
    const columns = csvHeader(text);
    const named = columns.find((column) => /^(label|target|class|y|species)$/i.test(column));
    onCsv({ name: file.name, text, target: named ?? columns.at(-1) ?? '' });
  });
}
