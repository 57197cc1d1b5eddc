/**
 * Where a TFLite model may hold UINT32 and UINT64 tensors. Ingot has no
 * unsigned 32- or 64-bit element type: TFLite Micro's signal operators (the
 * audio front end) pass unsigned energies and filter-bank sums between
 * them, and Ingot stores those as int32 / int64 bit patterns that only the
 * signal kernels read, as unsigned. That is exact only where every op that
 * touches the tensor is a signal op or moves bits without reading them as
 * numbers (a CAST whose input and output are both 32-bit integers, RESHAPE,
 * STRIDED_SLICE, CONCATENATION); anywhere else, and on a model's inputs and
 * outputs, the type stays unsupported.
 */
import type { TfliteModel } from './read-model.js';
import { BUILTIN_CUSTOM, builtinName, TENSOR_TYPE } from './schema.js';
import { isSignalOp } from './signal.js';

const { INT32, UINT32, UINT64 } = TENSOR_TYPE;


const BIT_MOVERS = new Set(['CAST', 'RESHAPE', 'STRIDED_SLICE', 'CONCATENATION']);

/** Indices of the UINT32 / UINT64 tensors Ingot may store as int32 / int64 bit patterns. */
export function storableUnsignedTensors(m: TfliteModel): Set<number> {
  const unsigned = new Set(m.tensors.flatMap((t, i) => (t.type === UINT32 || t.type === UINT64 ? [i] : [])));
  for (const i of [...m.inputs, ...m.outputs]) unsigned.delete(i);
  for (const op of m.operators) {
    const code = m.operatorCodes[op.opcodeIndex];
    if (code === undefined) continue;
    const signal = code.builtin === BUILTIN_CUSTOM && isSignalOp(code.custom);
    if (signal) continue;
    // A UINT64 tensor passes only between signal ops; a cast or copy of one is not needed by any known model.
    const name = builtinName(code.builtin);
    const is32 = (i: number): boolean => m.tensors[i]?.type === INT32 || m.tensors[i]?.type === UINT32;
    // A CAST to or from another type reads the value as a number (UINT32 → FLOAT32 differs from INT32 → FLOAT32).
    const moves = BIT_MOVERS.has(name) && (name !== 'CAST' || [...op.inputs, ...op.outputs].every((i) => i < 0 || is32(i)));
    for (const i of [...op.inputs, ...op.outputs]) {
      if (!unsigned.has(i)) continue;
      if (!moves || m.tensors[i]!.type === UINT64) unsigned.delete(i);
    }
  }
  return unsigned;
}
