/**
 * Model import by content: TFLite is recognised by its "TFL3" identifier.
 * (ONNX joins here when its importer lands.)
 */
import { fail, type Graph } from '../ir/index.js';
import { importTflite, isTflite } from './tflite/index.js';

export function importModel(bytes: Uint8Array, name: string): Graph {
  if (isTflite(bytes)) return importTflite(bytes, name);
  return fail('model/unknown-format', `'${name}' is neither a TFLite flatbuffer nor an ONNX model`, {
    hint: 'pass a .tflite file (TFLite flatbuffer, identifier TFL3)',
  });
}
