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
import type { Graph, Op } from '../../../ir/index.js';
import type { Conv2dPrepared } from '../../../ops/conv2d.js';
import type { TargetFeature } from '../../../../targets/index.js';
import { CWriter } from '../../writer.js';
import { batches } from '../common.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { mveWeights } from '../arm-mve/gemm.js';
import { biasValues, foldedBias, int8Weights, isInt8FixedPoint, roundUp } from '../simd/common.js';
import { emitPackPixel, runLayout } from '../simd/im2col.js';
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

function bias(graph: Graph, op: Op, p: Conv2dPrepared): Int32Array | undefined {
  const K = p.kH * p.kW * p.inC;
  return foldedBias(biasValues(graph, op), int8Weights(graph, op, p.weightBits, p.outC * K), p.outC, K, p.inputOffset, roundUp(p.outC, 4));
}

function conv2dNeonKernel(dot: boolean): TargetKernel<'conv2d', Conv2dPrepared> {
  const { family, requires } = neonFamily(dot);
  return {
    kind: 'conv2d',
    id: `conv2d/${family}`,
    requires,
    applies: ({ op, graph, prepared: p }) => isInt8FixedPoint(graph, op, p) && p.groupInC === p.inC && bias(graph, op, p) !== undefined,
    scratchBytes: ({ prepared: p }) => (direct(p) ? 0 : 2 * roundUp(p.kH * p.kW * p.inC, 16)),
    emit({ op, graph, prepared: p }: KernelContext<Conv2dPrepared>) {
      const K = p.kH * p.kW * p.inC;
      const K16 = roundUp(K, 16);
      const params: KernelParam[] = [
        { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
        { kind: 'data', name: 'weights', ctype: 'int8_t', data: mveWeights(int8Weights(graph, op, p.weightBits, p.outC * K), p.outC, K) },
        { kind: 'data', name: 'bias', ctype: 'int32_t', data: bias(graph, op, p)! },
        { kind: 'output', index: 0, name: 'output', ctype: 'int8_t' },
      ];
      const isDirect = direct(p);
      if (!isDirect) params.push({ kind: 'scratch', name: 'buf', ctype: 'int8_t' });

      const w = new CWriter();
      const requant = neonRequantizer(w, p, roundUp(p.outC, 4));
      const pixels = p.outH * p.outW;
      const layout = runLayout(p);
      batches(w, p.batches, (at) => {
        w.line(`const int8_t *in_b = input${at(p.inH * p.inW * p.inC)};`);
        w.line(`int8_t *out_b = output${at(pixels * p.outC)};`);
        w.block(`for (int32_t q = 0; q < ${pixels}; q += 2)`, () => {
          w.line(`const int32_t q1 = q + 1 < ${pixels} ? q + 1 : q;`);
          if (isDirect) {
            const at = (q: string): string =>
              p.strideH === 1 && p.strideW === 1
                ? `in_b + ${q} * ${p.inC}`
                : `in_b + ((${q} / ${p.outW}) * ${p.strideH * p.inW} + (${q} % ${p.outW}) * ${p.strideW}) * ${p.inC}`;
            w.line(`const int8_t *x0 = ${at('q')}, *x1 = ${at('q1')};`);
          } else {
            w.block('for (int32_t s = 0; s < 2; ++s)', () => {
              w.line(`int8_t *dst = buf + s * ${K16};`);
              emitPackPixel(w, p, layout, 's == 0 ? q : q1', {
                full: (run, src) => `memcpy(dst + (${run}) * ${layout.runLength}, ${src}, ${layout.runLength});`,
                clipped: (run, row, start, lo, hi) => `ingot_neon_pack_run(dst + (${run}) * ${layout.runLength}, ${row}, ${start}, ${layout.runLength}, ${lo}, ${hi}, ${-p.inputOffset});`,
              });
            });
            w.line(`const int8_t *x0 = buf, *x1 = buf + ${K16};`);
          }
          emitNeonGemm(w, { channels: p.outC, K, dot, out: [`out_b + q * ${p.outC}`, `out_b + q1 * ${p.outC}`], requant });
        });
      });
      return { params, body: w, noAlias: true, scratchBytes: isDirect ? 0 : 2 * K16, includes: NEON_INCLUDES };
    },
  };
}

export const conv2dNeon = conv2dNeonKernel(false);
export const conv2dNeonSdot = conv2dNeonKernel(true);
