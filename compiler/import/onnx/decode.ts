/**
 * Recognising and decoding an ONNX ModelProto.
 *
 * A protobuf has no magic number, so recognition parses: the bytes must
 * decode as a ModelProto that has a graph and an IR version. Every ONNX
 * writer emits `ir_version` (field 1, varint) first, which lets corrupt ONNX
 * files get an ONNX diagnostic while other formats get "unknown format".
 */
import { fail } from '../../ir/index.js';
import { messageType, type OnnxModel, type OnnxTensor } from './schema.js';

const MODEL = messageType('ModelProto');
const TENSOR = messageType('TensorProto');

/** Tag byte of ModelProto field 1 (ir_version) as a varint: (1 << 3) | 0. */
const IR_VERSION_TAG = 0x08;

/** Whether the bytes start like an ONNX model (field 1 varint with a plausible IR version). */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === IR_VERSION_TAG && bytes[1]! >= 1 && bytes[1]! <= 0x7f;
}

/** Whether the bytes are a decodable ONNX model with a graph. */
export function isOnnx(bytes: Uint8Array): boolean {
  if (!looksLikeOnnx(bytes)) return false;
  try {
    const m = MODEL.decode(bytes) as unknown as OnnxModel;
    return m.graph !== undefined && m.graph !== null;
  } catch {
    return false;
  }
}

/** Decodes a ModelProto, turning protobuf errors into an `onnx/corrupt` diagnostic. */
export function decodeOnnxModel(bytes: Uint8Array, name: string): OnnxModel {
  let model: OnnxModel;
  try {
    model = MODEL.decode(bytes) as unknown as OnnxModel;
  } catch (e) {
    return fail('onnx/corrupt', `'${name}' is not a readable ONNX model: ${(e as Error).message}`, {
      hint: 'the file is truncated or not an ONNX ModelProto; re-export it (e.g. torch.onnx.export, or onnx.save)',
    });
  }
  if (!model.graph) fail('onnx/invalid', `ONNX model '${name}' has no graph`, { hint: 're-export the model; a ModelProto needs a GraphProto' });
  return model;
}

/** Decodes a serialized TensorProto (the .pb files of the ONNX test suites). */
export function decodeOnnxTensor(bytes: Uint8Array, name: string): OnnxTensor {
  try {
    return TENSOR.decode(bytes) as unknown as OnnxTensor;
  } catch (e) {
    return fail('onnx/corrupt', `'${name}' is not a readable ONNX TensorProto: ${(e as Error).message}`);
  }
}
