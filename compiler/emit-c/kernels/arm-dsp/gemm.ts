/**
 * The matrix-multiply core the Arm DSP convolution and fully connected
 * kernels share: weights re-laid out at compile time for
 * `ingot_dsp_mac_4x1` / `ingot_dsp_mac_1x1` (runtime-c/ingot_arm_dsp.h),
 * and the C that runs every output channel of four (or one) packed pixels
 * and requantizes them.
 *
 * Weight layout: each channel's K values at their packed positions, K' per
 * channel (a multiple of 8, zeros elsewhere), stored as little-endian int32
 * words so the kernels read them a word at a time without type punning.
 * Packed int4/int2 weights stay packed: 32/bits elements per word, group i
 * of four elements in bits [i·bits, (i+1)·bits) of each byte (the order
 * `ingot_dsp_mac_*_packed` unpack with one shift and mask per group).
 */
import type { CWriter } from '../../writer.js';
import { accumulatorBound } from '../simd/requant.js';
import type { WeightBits } from '../simd/common.js';
import type { DspRequantizer } from './requant.js';

/** Weight rows at packed positions, as int32 words; `valueAt(c, e)` is channel c's weight at packed position e. */
export function packDspWeights(channels: number, packedK: number, valueAt: (c: number, e: number) => number, bits: WeightBits = 8): Int32Array {
  if (bits === 8) {
    const bytes = new Int8Array(channels * packedK);
    for (let c = 0; c < channels; c++) for (let e = 0; e < packedK; e++) bytes[c * packedK + e] = valueAt(c, e);
    const view = new DataView(bytes.buffer);
    return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(4 * i, true));
  }
  const perWord = 32 / bits;
  const groups = 8 / bits;
  const words = new Int32Array((channels * packedK) / perWord);
  for (let c = 0; c < channels; c++) {
    for (let k = 0; k < packedK / perWord; k++) {
      let word = 0;
      for (let j = 0; j < 4; j++) {
        let byte = 0;
        for (let i = 0; i < groups; i++) byte |= (valueAt(c, k * perWord + 4 * i + j) & ((1 << bits) - 1)) << (i * bits);
        word |= byte << (8 * j);
      }
      words[(c * packedK) / perWord + k] = word;
    }
  }
  return words;
}

/** The largest Σ|w|·255 over channels times 2^(8−bits) fits int32: the packed cores' scaled sums cannot overflow. */
export function packedSumsFit(weights: Int8Array, channels: number, taps: number, bits: WeightBits): boolean {
  return bits === 8 || accumulatorBound(undefined, weights, channels, taps) * 2 ** (8 - bits) < 2 ** 31;
}

export interface DspGemmEmit {
  channels: number;
  /** K' (packed elements per channel, a multiple of 8). */
  packedK: number;
  /** 4 or 1 pixels packed in `buf`. */
  pixels: 4 | 1;
  /** C expression of pixel 0's output row (int8_t *); pixel p's is `outStride`·p further. */
  out: string;
  outStride: number;
  /** C expression of channel c's bias, e.g. `bias[c]` or `0`. */
  bias: (c: string) => string;
  requant: DspRequantizer;
  /** Weight storage (default 8; 4 and 2 use the packed cores). */
  bits?: WeightBits;
}

/** Every output channel of the packed pixels: dot products, requantization, stores. */
export function emitDspGemm(w: CWriter, g: DspGemmEmit): void {
  const bits = g.bits ?? 8;
  const wordsPerChannel = (g.packedK * bits) / 32;
  // int8: counts of 8-element steps; packed: weight words.
  const count = bits === 8 ? String(g.packedK / 8) : `${wordsPerChannel}, ${bits}`;
  const suffix = bits === 8 ? '' : '_packed';
  w.line(`int8_t *o = ${g.out};`);
  w.line('const int32_t *wp = weights;');
  w.block(`for (int32_t c = 0; c < ${g.channels}; ++c, wp += ${wordsPerChannel}, ++o)`, () => {
    const q = g.requant.channel(w, 'c', '');
    if (g.pixels === 4) {
      w.line(`int32_t acc[4] = {${g.bias('c')}, ${g.bias('c')}, ${g.bias('c')}, ${g.bias('c')}};`);
      w.line(`ingot_dsp_mac_4x1${suffix}(wp, buf, ${count}, acc);`);
      for (let p = 0; p < 4; p++) w.line(`o[${p * g.outStride}] = ${q(`acc[${p}]`)};`);
    } else {
      w.line(`o[0] = ${q(`ingot_dsp_mac_1x1${suffix}(wp, buf, ${count}, ${g.bias('c')})`)};`);
    }
  });
}
