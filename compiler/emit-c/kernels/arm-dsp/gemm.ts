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
 */
import type { CWriter } from '../../writer.js';
import type { DspRequantizer } from './requant.js';

/** Weight rows at packed positions, as int32 words; `valueAt(c, e)` is channel c's weight at packed position e. */
export function packDspWeights(channels: number, packedK: number, valueAt: (c: number, e: number) => number): Int32Array {
  const bytes = new Int8Array(channels * packedK);
  for (let c = 0; c < channels; c++) for (let e = 0; e < packedK; e++) bytes[c * packedK + e] = valueAt(c, e);
  const view = new DataView(bytes.buffer);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(4 * i, true));
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
}

/** Every output channel of the packed pixels: dot products, requantization, stores. */
export function emitDspGemm(w: CWriter, g: DspGemmEmit): void {
  const groups8 = g.packedK / 8;
  w.line(`int8_t *o = ${g.out};`);
  w.line('const int32_t *wp = weights;');
  w.block(`for (int32_t c = 0; c < ${g.channels}; ++c, wp += ${g.packedK / 4}, ++o)`, () => {
    const q = g.requant.channel(w, 'c', '');
    if (g.pixels === 4) {
      w.line(`int32_t acc[4] = {${g.bias('c')}, ${g.bias('c')}, ${g.bias('c')}, ${g.bias('c')}};`);
      w.line(`ingot_dsp_mac_4x1(wp, buf, ${groups8}, acc);`);
      for (let p = 0; p < 4; p++) w.line(`o[${p * g.outStride}] = ${q(`acc[${p}]`)};`);
    } else {
      w.line(`o[0] = ${q(`ingot_dsp_mac_1x1(wp, buf, ${groups8}, ${g.bias('c')})`)};`);
    }
  });
}
