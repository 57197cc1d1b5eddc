/**
 * CONV_2D for AArch64 with NEON (`conv2d/neon`) or NEON with the dot
 * product (`conv2d/neon-sdot`): int8 with per-channel fixed-point
 * requantization, one group, any kernel size, stride, padding and
 * dilation.
 *
 * A matrix multiply of pixels by output channels, two pixels × four
 * channels at a time (gemm.ts). The input offset is folded into the bias
 * over every tap, so raw int8 inputs are multiplied: a 1×1 window without
 * padding whose depth is a multiple of 16 is read in place; other windows
 * are gathered (im2col) into scratch rows of 16·⌈K/16⌉ bytes, taps outside
 * the image holding the input zero point. The bytes past K in a row are
 * never written and meet zero weights.
 */
import type { Conv2dPrepared } from '../../../ops/conv2d.js';
import type { TargetFeature } from '../../../../targets/index.js';
import { CWriter } from '../../writer.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { mveWeights } from '../arm-mve/gemm.js';
import { int8Weights, isInt8FixedPoint, roundUp } from '../simd/common.js';
import { convFoldedBias, emitPixelPairs } from '../simd/pixel-pairs.js';
import { emitNeonGemm } from './gemm.js';
import { neonRequantizer } from './requant.js';

export const NEON_INCLUDES = ['ingot_neon.h'];

/** The kernel family's id suffix and required features, without and with SDOT. */
export function neonFamily(dot: boolean): { family: string; requires: TargetFeature[] } {
  return dot ? { family: 'neon-sdot', requires: ['neon', 'dotprod'] } : { family: 'neon', requires: ['neon'] };
}

function direct(p: Conv2dPrepared): boolean {
  return p.kH === 1 && p.kW === 1 && p.padTop === 0 && p.padLeft === 0 && p.inC % 16 === 0;
}


function conv2dNeonKernel(dot: boolean): TargetKernel<'conv2d', Conv2dPrepared> {
  const { family, requires } = neonFamily(dot);
  return {
    kind: 'conv2d',
    id: `conv2d/${family}`,
    requires,
    applies: ({ op, graph, prepared: p }) => isInt8FixedPoint(graph, op, p) && p.groupInC === p.inC && convFoldedBias(graph, op, p) !== undefined,
    scratchBytes: ({ prepared: p }) => (direct(p) ? 0 : 2 * roundUp(p.kH * p.kW * p.inC, 16)),
    emit({ op, graph, prepared: p }: KernelContext<Conv2dPrepared>) {
      const K = p.kH * p.kW * p.inC;
      const K16 = roundUp(K, 16);
      const params: KernelParam[] = [
        { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
        { kind: 'data', name: 'weights', ctype: 'int8_t', data: mveWeights(int8Weights(graph, op, p.weightBits, p.outC * K), p.outC, K) },
        { kind: 'data', name: 'bias', ctype: 'int32_t', data: convFoldedBias(graph, op, p)! },
        { kind: 'output', index: 0, name: 'output', ctype: 'int8_t' },
      ];
      const isDirect = direct(p);
      if (!isDirect) params.push({ kind: 'scratch', name: 'buf', ctype: 'int8_t' });

      const w = new CWriter();
      const requant = neonRequantizer(w, p, roundUp(p.outC, 4));
      emitPixelPairs(w, p, {
        direct: isDirect,
        rowBytes: K16,
        runs: (dst, runLength) => ({
          full: (run, src) => `memcpy(${dst} + (${run}) * ${runLength}, ${src}, ${runLength});`,
          clipped: (run, row, start, lo, hi) => `ingot_neon_pack_run(${dst} + (${run}) * ${runLength}, ${row}, ${start}, ${runLength}, ${lo}, ${hi}, ${-p.inputOffset});`,
        }),
        gemm: (out) => emitNeonGemm(w, { channels: p.outC, K, dot, out, requant }),
      });
      return { params, body: w, noAlias: true, scratchBytes: isDirect ? 0 : 2 * K16, includes: NEON_INCLUDES };
    },
  };
}

export const conv2dNeon = conv2dNeonKernel(false);
export const conv2dNeonSdot = conv2dNeonKernel(true);
