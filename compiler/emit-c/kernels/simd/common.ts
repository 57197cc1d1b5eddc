/**
 * What the target kernels share: which op configurations they take (int8
 * activations with TFLite's fixed-point requantization, int8 weights
 * symmetric around zero, int32 bias), the weights as int8 values whatever
 * their storage, and small pieces of C.
 */
import { inputAt, optionalInput, outputAt, type Graph, type Op } from '../../../ir/index.js';
import type { IntegerOutput } from '../../../ops/common/requantize.js';
import { unpackedWeights } from '../../../quant/packing.js';
import { cInt } from '../../literals.js';

/** Weight storage a target kernel accepts (8: int8; 4 and 2: packed sub-byte). */
export type WeightBits = IntegerOutput['weightBits'];

/**
 * True for the configurations every target kernel handles: int8 in and out,
 * TFLite fixed-point requantization with an int32 accumulator, no weight
 * zero point, an int32 bias if any, and weights of one of `bits`.
 */
export function isInt8FixedPoint(g: Graph, op: Op, p: IntegerOutput & { dtype: string }, bits: readonly WeightBits[] = [8]): boolean {
  const bias = optionalInput(g, op, 2);
  return (
    p.dtype === 'i8' &&
    outputAt(g, op).dtype === 'i8' &&
    p.requant === 'fixed' &&
    !p.wideAccumulator &&
    p.filterOffsets.every((o) => o === 0) &&
    bits.includes(p.weightBits) &&
    (bias === undefined || bias.dtype === 'i32') &&
    inputAt(g, op, 1).data !== undefined
  );
}

/** The op's weights as int8 values (sub-byte weights unpacked), `count` of them. */
export function int8Weights(g: Graph, op: Op, bits: WeightBits, count: number): Int8Array {
  return unpackedWeights(inputAt(g, op, 1).data!, bits, count);
}

/** The op's bias values (or undefined without a bias). */
export function biasValues(g: Graph, op: Op): Int32Array | undefined {
  return optionalInput(g, op, 2)?.data as Int32Array | undefined;
}

/** C that clamps int32 `v` to [min, max] (SSAT when that is the whole int8 range on Arm). */
export function clampInt8(v: string, min: number, max: number, ssat: boolean): string {
  if (ssat && min === -128 && max === 127) return `__ssat(${v}, 8)`;
  return `ingot_clamp_i32(${v}, ${cInt(min)}, ${cInt(max)})`;
}

/** x rounded up to a multiple of `m`. */
export function roundUp(x: number, m: number): number {
  return Math.ceil(x / m) * m;
}

/** Packs int8 values into little-endian int32 words (4 per word), for arrays the kernels read a word at a time. */
export function wordsOf(bytes: Int8Array): Int32Array {
  const words = new Int32Array(Math.ceil(bytes.length / 4));
  const padded = new Int8Array(words.length * 4);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  for (let i = 0; i < words.length; i++) words[i] = view.getInt32(4 * i, true);
  return words;
}

/**
 * bias[c] + inputOffset · Σ_k w[c][k] for channels of `taps` weights
 * (channel-major), padded with zeros to `padTo` channels; undefined when a
 * value does not fit int32 (the kernel then does not apply).
 */
export function foldedBias(bias: Int32Array | undefined, weights: Int8Array, channels: number, taps: number, inputOffset: number, padTo = channels): Int32Array | undefined {
  const out = new Int32Array(padTo);
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let k = 0; k < taps; k++) s += weights[c * taps + k]!;
    const v = (bias ? bias[c]! : 0) + inputOffset * s;
    if (v < -2147483648 || v > 2147483647) return undefined;
    out[c] = v;
  }
  return out;
}
