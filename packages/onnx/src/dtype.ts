/**
 * The element types tapegrad exports, with their TensorProto.DataType codes. Kept apart from the protobuf
 * code, so that the published declarations of the public API never load onnx-proto's (which need @types/long).
 */
export const ELEMENT_TYPES = { float32: 1, float64: 11 } as const;

/** The element type of an exported model: float64 keeps tapegrad's numbers exactly. */
export type OnnxDtype = keyof typeof ELEMENT_TYPES;
