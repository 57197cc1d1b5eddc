/**
 * The matrix-multiply core of the Helium convolution and fully connected
 * kernels: the weight layout `ingot_mve_mac_2x4` / `_1x4` read, and the C
 * that runs every output channel of one or two pixels, adds the folded
 * bias, requantizes four channels per vector and stores them (the last,
 * partial group of four with a predicated store).
 */
import type { CWriter } from '../../writer.js';
import { roundUp } from '../simd/common.js';
import type { MveRequantizer } from './requant.js';

/** Rows of K weights per channel → groups of four channels interleaved by blocks of 16, zero padded. */
export function mveWeights(filter: Int8Array, channels: number, K: number): Int8Array {
  const K16 = roundUp(K, 16);
  const channels4 = roundUp(channels, 4);
  const out = new Int8Array(channels4 * K16);
  for (let c = 0; c < channels; c++) {
    const group = Math.floor(c / 4);
    for (let k = 0; k < K; k++) {
      const block = Math.floor(k / 16);
      out[group * 4 * K16 + block * 64 + (c % 4) * 16 + (k % 16)] = filter[c * K + k]!;
    }
  }
  return out;
}

export interface MveGemmEmit {
  channels: number;
  K: number;
  pixels: 1 | 2;
  /** Output rows (int8_t *) of the pixels; pixel p's inputs are `x<p>` (const int8_t *). */
  out: string[];
  requant: MveRequantizer;
}

/** Every output channel of the pixels at x0 (and x1). */
export function emitMveGemm(w: CWriter, g: MveGemmEmit): void {
  const blocks = Math.ceil(g.K / 16);
  const tail = g.K - (blocks - 1) * 16;
  const full = g.channels - (g.channels % 4);
  const group = (c: string, count: number): void => {
    w.line(`const int8_t *wp = weights + ${c} * ${roundUp(g.K, 16)};`);
    w.line(`const int32x4_t b = vldrwq_s32(bias + ${c});`);
    const vectors = Array.from({ length: g.pixels }, (_, p) => `v${p}`);
    w.line(`int32x4_t ${vectors.join(', ')};`);
    if (g.pixels === 2) w.line(`ingot_mve_mac_2x4(wp, x0, x1, ${blocks}, ${tail}, &v0, &v1);`);
    else w.line(`ingot_mve_mac_1x4(wp, x0, ${blocks}, ${tail}, &v0);`);
    for (let p = 0; p < g.pixels; p++) {
      const v = `vaddq_s32(v${p}, b)`;
      const store = count === 4
        ? `vstrbq_s32(${g.out[p]} + ${c}, ${g.requant.lanes(v, c)});`
        : `vstrbq_p_s32(${g.out[p]} + ${c}, ${g.requant.lanes(v, c)}, vctp32q(${count}));`;
      w.line(store);
    }
  };
  if (full > 0) w.block(`for (int32_t c = 0; c < ${full}; c += 4)`, () => group('c', 4));
  if (full < g.channels) w.block('', () => group(String(full), g.channels - full));
}
