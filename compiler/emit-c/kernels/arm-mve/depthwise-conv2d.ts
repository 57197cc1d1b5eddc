/**
 * DEPTHWISE_CONV_2D for Arm cores with Helium (`depthwise_conv2d/mve`):
 * int8, per-channel requantization, any kernel size, stride, padding and
 * dilation, depth multiplier 1 or a multiple of 4 (others take the DSP
 * kernel).
 *
 * Channels are contiguous in NHWC and independent, so the vectors run
 * across them: four channels per int32x4_t, one tap at a time (VLDRB.S32
 * widens four inputs and four weights of the tap, VMUL and VADD
 * accumulate). Weights are used in TFLite's own [kH][kW][C] layout.
 * Windows inside the image start from the bias with the input offset
 * folded in over every tap, so they multiply raw inputs; windows crossing
 * the border start from the plain bias and add the offset to each input
 * they read, skipping the taps outside (which the reference skips too).
 * The last group of fewer than four channels is predicated. With a depth
 * multiplier that is a multiple of 4, each group's four output channels
 * read one input channel: VMLA by scalar does a tap in one instruction.
 */
import type { DepthwiseConv2dPrepared } from '../../../ops/depthwise-conv2d.js';
import { CWriter } from '../../writer.js';
import { affine, batches } from '../common.js';
import type { KernelContext } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { isInt8FixedPoint, roundUp } from '../simd/common.js';
import { depthwiseBiases, depthwiseParams, tapOffsetOf } from '../simd/depthwise.js';
import { windowsAlwaysInside } from '../simd/im2col.js';
import { MVE_INCLUDES } from './conv2d.js';
import { mveRequantizer } from './requant.js';

/** Taps unrolled in the interior path up to this many. */
const MAX_UNROLLED_TAPS = 25;



export const depthwiseConv2dMve: TargetKernel<'depthwise_conv2d', DepthwiseConv2dPrepared> = {
  kind: 'depthwise_conv2d',
  id: 'depthwise_conv2d/mve',
  requires: ['mve'],
  applies: (ctx) => isInt8FixedPoint(ctx.graph, ctx.op, ctx.prepared) && (ctx.prepared.depthMultiplier === 1 || ctx.prepared.depthMultiplier % 4 === 0) && depthwiseBiases(ctx, 4) !== undefined,
  emit(ctx: KernelContext<DepthwiseConv2dPrepared>) {
    const { op, graph, prepared: p } = ctx;
    const C = p.outC;
    const dm = p.depthMultiplier;
    const taps = p.kH * p.kW;
    const b = depthwiseBiases(ctx, 4)!;
    const params = depthwiseParams(ctx, b);
    const w = new CWriter();
    const requant = mveRequantizer(w, p, roundUp(C, 4));
    const full = C - (C % 4);
    const tapOffset = tapOffsetOf(p, p.inC);

    /** One group of channels from `c`: `pred` (a predicate variable) for the last, partial group. */
    const group = (interior: boolean, pred: string | undefined): void => {
      const load = (ptr: string): string => (pred ? `vldrbq_z_s32(${ptr}, ${pred})` : `vldrbq_s32(${ptr})`);
      const mac = (xo: string, wo: string): void => {
        if (dm === 1) {
          const x = interior ? load(`in_b + (at + ${xo})`) : `vaddq_n_s32(${load(`in_b + (at + ${xo})`)}, ${p.inputOffset})`;
          w.line(`acc = vaddq_s32(acc, vmulq_s32(${x}, ${load(`wp + ${wo}`)}));`);
        } else {
          // Four output channels of one input channel: its value times four weights (VMLA by scalar).
          const x = `(int32_t)in_b[at + ${xo}]`;
          w.line(`acc = vmlaq_n_s32(acc, ${load(`wp + ${wo}`)}, ${interior ? x : `${x} + ${p.inputOffset}`});`);
        }
      };
      w.line(`const int32_t at = win + ${dm === 1 ? 'c' : `c / ${dm}`};`);
      w.line('const int8_t *wp = weights + c;');
      w.line(`int32x4_t acc = vldrwq_s32(${interior ? 'bias_folded' : 'bias_plain'} + c);`);
      if (interior && taps <= MAX_UNROLLED_TAPS) {
        for (let ky = 0; ky < p.kH; ky++) for (let kx = 0; kx < p.kW; kx++) mac(tapOffset(ky, kx), String((ky * p.kW + kx) * C));
      } else {
        const [y0, y1, x0, x1] = interior ? ['0', String(p.kH), '0', String(p.kW)] : ['ky0', 'ky1', 'kx0', 'kx1'];
        w.block(`for (int32_t ky = ${y0}; ky < ${y1}; ++ky)`, () =>
          w.block(`for (int32_t kx = ${x0}; kx < ${x1}; ++kx)`, () => mac(tapOffset('ky', 'kx'), `(ky * ${p.kW} + kx) * ${C}`)));
      }
      const v = requant.lanes('acc', 'c');
      w.line(pred ? `vstrbq_p_s32(out + c, ${v}, ${pred});` : `vstrbq_s32(out + c, ${v});`);
    };
    const channels = (interior: boolean): void => {
      if (full > 0) w.block(`for (int32_t c = 0; c < ${full}; c += 4)`, () => group(interior, undefined));
      if (full < C) {
        w.block('', () => {
          w.line(`const int32_t c = ${full};`);
          w.line(`const mve_pred16_t tail = vctp32q(${C - full});`);
          group(interior, 'tail');
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
          const interior = (): void => {
            w.line(`const int32_t win = (iy0 * ${p.inW} + ix0) * ${p.inC};`);
            channels(true);
          };
          const border = (): void => {
            // Taps [k0, k1) that land inside the image, per axis.
            const range = (k: string, i0: string, size: number, kSize: number, dil: number): void => {
              w.line(`int32_t ${k}0 = 0, ${k}1 = ${kSize};`);
              w.line(`while (${k}0 < ${kSize} && ${i0} + ${k}0 * ${dil} < 0) ++${k}0;`);
              w.line(`while (${k}1 > ${k}0 && ${i0} + (${k}1 - 1) * ${dil} >= ${size}) --${k}1;`);
            };
            range('ky', 'iy0', p.inH, p.kH, p.dilationH);
            range('kx', 'ix0', p.inW, p.kW, p.dilationW);
            // The window's origin may lie outside the image (win < 0): only taps inside are read.
            w.line(`const int32_t win = (iy0 * ${p.inW} + ix0) * ${p.inC};`);
            channels(false);
          };
          if (windowsAlwaysInside(p)) interior();
          else {
            const lastY = (p.kH - 1) * p.dilationH;
            const lastX = (p.kW - 1) * p.dilationW;
            w.ifElse(`iy0 >= 0 && iy0 + ${lastY} < ${p.inH} && ix0 >= 0 && ix0 + ${lastX} < ${p.inW}`, interior, border);
          }
        });
      });
    });
    return { params, body: w, noAlias: true, includes: MVE_INCLUDES };
  },
};
