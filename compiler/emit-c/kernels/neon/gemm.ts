/**
 * The matrix core of the NEON convolution and fully connected kernels: two
 * pixels × four output channels per call of `ingot_neon_mac_2x4` (SMULL +
 * SADALP) or `ingot_neon_sdot_mac_2x4` (SDOT), weights in the Helium
 * kernels' layout (four channels interleaved by blocks of 16, padded with
 * zero rows and columns), the folded bias added, four channels requantized
 * per vector and stored (the last group only as far as the channels go).
 */
import type { CWriter } from '../../writer.js';
import { roundUp } from '../simd/common.js';
import type { VectorRequantizer } from '../simd/vector-requant.js';

export interface NeonGemmEmit {
  channels: number;
  K: number;
  dot: boolean;
  /** Output rows (int8_t *) of the two pixels, whose inputs are `x0` and `x1` (16·⌈K/16⌉ readable bytes each). */
  out: [string, string];
  requant: VectorRequantizer;
}

/** Every output channel of the pixels at x0 and x1. */
export function emitNeonGemm(w: CWriter, g: NeonGemmEmit): void {
  const blocks = Math.ceil(g.K / 16);
  const full = g.channels - (g.channels % 4);
  const group = (c: string, count: number): void => {
    w.line(`int32x4_t v0, v1;`);
    w.line(`ingot_neon_${g.dot ? 'sdot_' : ''}mac_2x4(weights + ${c} * ${roundUp(g.K, 16)}, x0, x1, ${blocks}, &v0, &v1);`);
    w.line(`const int32x4_t b = vld1q_s32(bias + ${c});`);
    g.out.forEach((out, p) => w.line(`ingot_neon_store4(${out} + ${c}, ${g.requant.lanes(`vaddq_s32(v${p}, b)`, c)}, ${count});`));
  };
  if (full > 0) w.block(`for (int32_t c = 0; c < ${full}; c += 4)`, () => group('c', 4));
  if (full < g.channels) w.block('', () => group(String(full), g.channels - full));
}
