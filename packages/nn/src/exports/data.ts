/** data: the exports of this area, gathered by the package's entry (src/index.ts). */
export { type Collated, DataLoader, type DataLoaderOptions } from '../data/data-loader.ts';
export { type MapDataset, TensorDataset } from '../data/tensor-dataset.ts';
