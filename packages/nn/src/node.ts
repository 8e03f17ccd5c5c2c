/**
 * @tapegrad/nn/node: what needs Node.js (the file system): CSV and IDX files, safetensors files, and
 * `save`/`load` (torch.save/torch.load) for state dicts and checkpoints. Everything else, CSV text included
 * (`parseCsv`), is in the main entry, which runs in a browser too.
 */
export { loadCsv } from './data/csv/load-file.ts';
export { loadIdx } from './data/idx/load-file.ts';
export { loadSafetensors, saveSafetensors } from './io/safetensors-file.ts';
export { load, save } from './io/save-load.ts';
