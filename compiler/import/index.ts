/**
 * Model import by content: TFLite is recognised by its "TFL3" identifier;
 * ONNX, which has no magic number, by parsing as a ModelProto (a file that
 * starts like one but does not parse gets an ONNX diagnostic).
 */
import { fail, type Graph } from '../ir/index.js';
import type { KnownValue } from './onnx/builder.js';
import { importOnnx, isOnnx, looksLikeOnnx } from './onnx/index.js';
import { importTflite, isTflite } from './tflite/index.js';

export interface ImportOptions {
  /** Static shapes for graph inputs with symbolic or unknown dims, by input name (ONNX). */
  inputShapes?: Record<string, number[]>;
  /** Graph inputs whose values are fixed at compile time: baked in wherever an op needs a constant (ONNX). */
  constantInputs?: Record<string, KnownValue>;
  /** The file the bytes came from: errors about the file as a whole name it (default: the model name). */
  source?: string;
}

export function importModel(bytes: Uint8Array, name: string, options: ImportOptions = {}): Graph {
  const file = options.source ?? name;
  if (bytes.length === 0) {
    fail('model/unknown-format', `model '${file}' has 0 bytes: the file is empty`, { hint: 'it was not written completely: copy or export the model again' });
  }
  if (isTflite(bytes)) {
    const given = Object.keys(options.inputShapes ?? {});
    if (given.length > 0) fail('input/shape', `'${file}' is a TFLite model, whose shapes are fixed; --input-shape applies to ONNX models`, { hint: 'drop --input-shape' });
    return importTflite(bytes, name);
  }
  if (looksLikeOnnx(bytes) || isOnnx(bytes)) return importOnnx(bytes, name, options);
  return fail('model/unknown-format', `'${file}' is neither a TFLite flatbuffer nor an ONNX model`, {
    hint: 'pass a .tflite file (TFLite flatbuffer, identifier TFL3) or an .onnx file (ONNX ModelProto)',
  });
}
