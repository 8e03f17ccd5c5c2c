/**
 * @tapegrad/nn/node: what needs Node.js (the file system). Everything else, CSV text included
 * (`parseCsv`), is in the main entry, which runs in a browser too.
 */
export { loadCsv } from './data/csv/load-file.ts';
export { loadIdx } from './data/idx/load-file.ts';
export { loadSafetensors, saveSafetensors } from './io/safetensors-file.ts';
