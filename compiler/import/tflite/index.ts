/** TFLite import: bytes of a .tflite file → IR graph. */
import type { Graph } from '../../ir/index.js';
import { readTfliteModel } from './read-model.js';
import { tfliteToGraph } from './to-graph.js';

export { isTflite } from './read-model.js';
export { SUPPORTED_TFLITE_OPS } from './builtin-ops.js';

export function importTflite(bytes: Uint8Array, name: string): Graph {
  return tfliteToGraph(readTfliteModel(bytes), name);
}
