/**
 * Which arithmetic mode an op's prepared data asks for, in words. TFLite
 * graphs only ever use the fixed-point integer modes and float32; ONNX adds
 * float requantization with round-half-to-even, uint8 tensors, weight zero
 * points, raw int32 outputs and wrapping integer arithmetic. A backend that
 * implements only the TFLite modes asks this before emitting a kernel, so an
 * ONNX-only mode becomes a diagnostic instead of wrong code.
 */

interface ModeFields {
  dtype?: string;
  requant?: string;
  mode?: string;
  filterOffsets?: number[];
  channels?: number;
  zeroPoints?: number[];
}

/** Packed int4/int2 weights, when the prepared data has them (backends unpack them in their kernels). */
export function subByteWeights(prepared: unknown): 4 | 2 | undefined {
  const bits = (prepared as { weightBits?: number } | undefined)?.weightBits;
  return bits === 4 || bits === 2 ? bits : undefined;
}

/** A description of the first ONNX-only mode the prepared data uses, or undefined for TFLite modes. */
export function onnxOnlyMode(kind: string, prepared: unknown): string | undefined {
  const p = (prepared ?? {}) as ModeFields;
  if (p.dtype === 'u8') return 'uint8 tensors';
  if (p.dtype !== undefined && p.dtype !== 'f32' && p.requant !== undefined && p.requant !== 'fixed') {
    return p.requant === 'float' ? 'ONNX float requantization (round half to even)' : 'a raw int32 accumulator output';
  }
  if ((p.filterOffsets?.length ?? 0) > 1) return 'per-channel weight zero points';
  if (p.mode === 'onnx') return 'ONNX float requantization (round half to even)';
  if (p.mode === 'int') return 'wrapping integer arithmetic';
  if (kind === 'dequantize' && (p.channels ?? 1) > 1) return 'per-axis dequantization';
  return undefined;
}
