/**
 * DEPTHWISE_CONV_2D for AArch64 with NEON (`depthwise_conv2d/neon`): int8,
 * per-channel requantization, any kernel size, stride, padding and
 * dilation, depth multiplier 1.
 *
 * Channels are contiguous in NHWC and independent, so vectors run across
 * them, eight channels per step: each tap's eight inputs and weights are
 * widened to int16 and SMLAL / SMLAL2 accumulate their products into two
 * int32x4_t. Weights are used in TFLite's [kH][kW][C] layout. Windows
 * inside the image start from the bias with the input offset folded in
 * over every tap and multiply raw inputs; windows crossing the border
 * start from the plain bias, add the offset to each input (|x + offset| <=
 * 255 fits int16) and skip the taps outside, as the reference does. A last
 * group of fewer than eight channels goes through a small stack buffer so
 * nothing past the channels is read or written.
 */
import type { DepthwiseConv2dPrepared } from '../../../ops/depthwise-conv2d.js';
import { CWriter } from '../../writer.js';
import { affine, batches } from '../common.js';
import type { KernelContext } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { isInt8FixedPoint, roundUp } from '../simd/common.js';
import { depthwiseBiases, depthwiseParams, tapOffsetOf } from '../simd/depthwise.js';
import { windowsAlwaysInside } from '../simd/im2col.js';
import { NEON_INCLUDES } from './conv2d.js';
import { neonRequantizer } from './requant.js';

const MAX_UNROLLED_TAPS = 25;


export const depthwiseConv2dNeon: TargetKernel<'depthwise_conv2d', DepthwiseConv2dPrepared> = {
  kind: 'depthwise_conv2d',
  id: 'depthwise_conv2d/neon',
  requires: ['neon'],
  applies: (ctx) => isInt8FixedPoint(ctx.graph, ctx.op, ctx.prepared) && ctx.prepared.depthMultiplier === 1 && depthwiseBiases(ctx, 8) !== undefined,
  emit(ctx: KernelContext<DepthwiseConv2dPrepared>) {
    const { op, graph, prepared: p } = ctx;
    const C = p.outC;
    const taps = p.kH * p.kW;
    const b = depthwiseBiases(ctx, 8)!;
    const params = depthwiseParams(ctx, b);
    const w = new CWriter();
    const requant = neonRequantizer(w, p, roundUp(C, 8));
    const full = C - (C % 8);
    const tapOffset = tapOffsetOf(p, C);

    /** Channels [c, c + count): count 8, or the last partial group. */
    const group = (interior: boolean, count: number): void => {
      const load = (ptr: string): string => (count === 8 ? `vld1_s8(${ptr})` : `ingot_neon_load8_partial(${ptr}, ${count})`);
      const mac = (xo: string, wo: string): void => {
        const raw = `vmovl_s8(${load(`in_b + (at + ${xo})`)})`;
        w.block('', () => {
          w.line(`const int16x8_t x = ${interior ? raw : `vaddq_s16(${raw}, vdupq_n_s16(${p.inputOffset}))`};`);
          w.line(`const int16x8_t k = vmovl_s8(${load(`wp + ${wo}`)});`);
          w.line('lo = vmlal_s16(lo, vget_low_s16(x), vget_low_s16(k));');
          w.line('hi = vmlal_high_s16(hi, x, k);');
        });
      };
      w.line('const int32_t at = win + c;');
      w.line('const int8_t *wp = weights + c;');
      const bias = interior ? 'bias_folded' : 'bias_plain';
      w.line(`int32x4_t lo = vld1q_s32(${bias} + c), hi = vld1q_s32(${bias} + c + 4);`);
      if (interior && taps <= MAX_UNROLLED_TAPS) {
        for (let ky = 0; ky < p.kH; ky++) for (let kx = 0; kx < p.kW; kx++) mac(tapOffset(ky, kx), String((ky * p.kW + kx) * C));
      } else {
        const [y0, y1, x0, x1] = interior ? ['0', String(p.kH), '0', String(p.kW)] : ['ky0', 'ky1', 'kx0', 'kx1'];
        w.block(`for (int32_t ky = ${y0}; ky < ${y1}; ++ky)`, () =>
          w.block(`for (int32_t kx = ${x0}; kx < ${x1}; ++kx)`, () => mac(tapOffset('ky', 'kx'), `(ky * ${p.kW} + kx) * ${C}`)));
      }
      const [vlo, vhi] = [requant.lanes('lo', 'c'), requant.lanes('hi', 'c + 4')];
      w.line(count === 8 ? `ingot_neon_store8(out + c, ${vlo}, ${vhi});` : `ingot_neon_store8_partial(out + c, ${vlo}, ${vhi}, ${count});`);
    };
    const channels = (interior: boolean): void => {
      if (full > 0) w.block(`for (int32_t c = 0; c < ${full}; c += 8)`, () => group(interior, 8));
      if (full < C) {
        w.block('', () => {
          w.line(`const int32_t c = ${full};`);
          group(interior, C - full);
        });
      }
    };

    batches(w, p.batches, (at) => {
      w.line(`const int8_t *in_b = input${at(p.inH * p.inW * p.inC)};`);
      w.line(`int8_t *out_b = output${at(p.outH * p.outW * C)};`);
      w.block(`for (int32_t oy = 0; oy < ${p.outH}; ++oy)`, () => {
        w.block(`for (int32_t ox = 0; ox < ${p.outW}; ++ox)`, () => {
          w.line(`const int32_t iy0 = ${affine('oy', p.strideH, p.padTop)}, ix0 = ${affine('ox', p.strideW, p.padLeft)};`);
          w.line(`int8_t *out = out_b + (oy * ${p.outW} + ox) * ${C};`);
          // The window's origin may lie outside the image (win < 0): only taps inside are read.
          w.line(`const int32_t win = (iy0 * ${p.inW} + ix0) * ${C};`);
          const border = (): void => {
            const range = (k: string, i0: string, size: number, kSize: number, dil: number): void => {
              w.line(`int32_t ${k}0 = 0, ${k}1 = ${kSize};`);
              w.line(`while (${k}0 < ${kSize} && ${i0} + ${k}0 * ${dil} < 0) ++${k}0;`);
              w.line(`while (${k}1 > ${k}0 && ${i0} + (${k}1 - 1) * ${dil} >= ${size}) --${k}1;`);
            };
            range('ky', 'iy0', p.inH, p.kH, p.dilationH);
            range('kx', 'ix0', p.inW, p.kW, p.dilationW);
            channels(false);
          };
          if (windowsAlwaysInside(p)) channels(true);
          else {
            const lastY = (p.kH - 1) * p.dilationH;
            const lastX = (p.kW - 1) * p.dilationW;
            w.ifElse(`iy0 >= 0 && iy0 + ${lastY} < ${p.inH} && ix0 >= 0 && ix0 + ${lastX} < ${p.inW}`, () => channels(true), border);
          }
        });
      });
    });
    return { params, body: w, noAlias: true, includes: NEON_INCLUDES };
  },
};
