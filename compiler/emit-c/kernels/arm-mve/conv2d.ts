/**
 * CONV_2D for Arm cores with Helium (`conv2d/mve`): int8 with per-channel
 * fixed-point requantization, one group, any kernel size, stride, padding
 * and dilation.
 *
 * A matrix multiply of pixels by output channels: two pixels × four
 * channels at a time, 16 multiply-adds per VMLADAVA (runtime-c/
 * ingot_arm_mve.h). The input offset is folded into the bias over every
 * tap (fold.ts), so the kernel multiplies raw int8 inputs. A 1×1 kernel
 * without padding reads its pixels straight from the input; other windows
 * are gathered (im2col) into scratch, with taps outside the image holding
 * the input zero point, which adds exactly what the fold subtracted.
 * Weights are re-laid out at compile time four channels interleaved by
 * blocks of 16, channels padded to a multiple of four with zero rows; the
 * padded outputs are computed and not stored.
 */
import type { Conv2dPrepared } from '../../../ops/conv2d.js';
import { CWriter } from '../../writer.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { int8Weights, isInt8FixedPoint, roundUp } from '../simd/common.js';
import { convFoldedBias, emitPixelPairs } from '../simd/pixel-pairs.js';
import { emitMveGemm, mveWeights } from './gemm.js';
import { mveRequantizer } from './requant.js';

export const MVE_INCLUDES = ['ingot_arm_mve.h'];

/** True when pixels can be read in place: a 1×1 window with no padding. */
function direct(p: Conv2dPrepared): boolean {
  return p.kH === 1 && p.kW === 1 && p.padTop === 0 && p.padLeft === 0;
}


export const conv2dMve: TargetKernel<'conv2d', Conv2dPrepared> = {
  kind: 'conv2d',
  id: 'conv2d/mve',
  requires: ['mve'],
  applies: ({ op, graph, prepared: p }) => isInt8FixedPoint(graph, op, p) && p.groupInC === p.inC && convFoldedBias(graph, op, p) !== undefined,
  scratchBytes: ({ prepared: p }) => (direct(p) ? 0 : 2 * roundUp(p.kH * p.kW * p.inC, 16)),
  emit({ op, graph, prepared: p }: KernelContext<Conv2dPrepared>) {
    const K = p.kH * p.kW * p.inC;
    const filter = int8Weights(graph, op, p.weightBits, p.outC * K);
    const channels4 = roundUp(p.outC, 4);
    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
      { kind: 'data', name: 'weights', ctype: 'int8_t', data: mveWeights(filter, p.outC, K) },
      { kind: 'data', name: 'bias', ctype: 'int32_t', data: convFoldedBias(graph, op, p)! },
      { kind: 'output', index: 0, name: 'output', ctype: 'int8_t' },
    ];
    const isDirect = direct(p);
    if (!isDirect) params.push({ kind: 'scratch', name: 'buf', ctype: 'int8_t' });

    const w = new CWriter();
    const requant = mveRequantizer(w, p, channels4);
    const K16 = roundUp(K, 16);
    const zp = -p.inputOffset;
    emitPixelPairs(w, p, {
      direct: isDirect,
      rowBytes: K16,
      runs: (dst, runLength) => ({
        full: (run, src) => `ingot_mve_copy(${dst} + (${run}) * ${runLength}, ${src}, ${runLength});`,
        clipped: (run, row, start, lo, hi) => `ingot_mve_pack_run(${dst} + (${run}) * ${runLength}, ${row}, ${start}, ${runLength}, ${lo}, ${hi}, ${zp});`,
      }),
      gemm: (out) => emitMveGemm(w, { channels: p.outC, K, pixels: 2, out, requant }),
    });
    return { params, body: w, noAlias: true, scratchBytes: isDirect ? 0 : 2 * K16, includes: MVE_INCLUDES };
  },
};
