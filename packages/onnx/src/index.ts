/**
 * @tapegrad/onnx: tapegrad's networks as ONNX models, for onnxruntime (Python, Node, the browser, a GPU)
 * and any other ONNX runtime. Pure JavaScript: it runs in Node and bundles for browsers.
 */

export type { OnnxDtype } from './dtype.ts';
export { exportOnnx, INPUT_NAME } from './export-onnx.ts';
export { type ExportOnnxOptions, MAX_OPSET, MIN_OPSET, type StandardizerStats } from './options.ts';
export { PRODUCER_VERSION } from './version.ts';
