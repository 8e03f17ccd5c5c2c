/**
 * ONNX's protobuf messages, from the onnx-proto package (protobufjs code generated from onnx.proto). It is a
 * CommonJS module whose exports a bundler or Node hand to an ES module as its default export.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
