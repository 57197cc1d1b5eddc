/** ONNX import: bytes of a .onnx file → IR graph. */
import type { Graph } from '../../ir/index.js';
import { decodeOnnxModel } from './decode.js';
import { onnxToGraph, type OnnxImportOptions } from './to-graph.js';

export { isOnnx, looksLikeOnnx, decodeOnnxTensor } from './decode.js';
export { loadTensor } from './tensor-proto.js';
export { ONNX_OPS } from './ops/index.js';
export { MAX_OPSET, MIN_OPSET, type OnnxImportOptions } from './to-graph.js';

export function importOnnx(bytes: Uint8Array, name: string, options: OnnxImportOptions & { source?: string } = {}): Graph {
  return onnxToGraph(decodeOnnxModel(bytes, options.source ?? name), name, options);
}
