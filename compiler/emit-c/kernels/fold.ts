/**
 * Folding an int8 input zero point into the bias. Where a kernel sums
 * filter · (input + input_offset) over a whole window, that equals
 * Σ filter · input + input_offset · Σ filter, and the second term depends
 * only on the output channel. Computing it at compile time removes one add
 * per multiply-accumulate; the integer result is identical.
 */
import type { TensorData } from '../../ir/index.js';

export interface FoldedBias {
  ctype: 'int32_t' | 'int64_t';
  data: Int32Array | BigInt64Array;
}

/**
 * bias[c] + inputOffset · filterSums[c] per channel, or undefined when an
 * int32 accumulator could not hold it (then the kernel keeps the offset add).
 */
export function foldInputOffset(bias: TensorData | undefined, filterSums: readonly number[], inputOffset: number, wide: boolean): FoldedBias | undefined {
  const values = filterSums.map((s, c) => (bias ? Number(bias[c]!) : 0) + inputOffset * s);
  if (wide) return { ctype: 'int64_t', data: BigInt64Array.from(values.map((v) => BigInt(v))) };
  if (values.some((v) => v < -2147483648 || v > 2147483647)) return undefined;
  return { ctype: 'int32_t', data: Int32Array.from(values) };
}

/** Σ of `taps` consecutive filter values per channel (filters laid out [channel][taps]). */
export function channelMajorSums(filter: TensorData, channels: number, taps: number): number[] {
  const sums: number[] = [];
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let i = 0; i < taps; i++) s += Number(filter[c * taps + i]!);
    sums.push(s);
  }
  return sums;
}

/** Σ per channel of a filter laid out [taps][channel] (depthwise). */
export function channelMinorSums(filter: TensorData, channels: number, taps: number): number[] {
  const sums = new Array<number>(channels).fill(0);
  for (let i = 0; i < taps; i++) for (let c = 0; c < channels; c++) sums[c]! += Number(filter[i * channels + c]!);
  return sums;
}
