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
import type { Graph, Op } from '../../../ir/index.js';
import type { Conv2dPrepared } from '../../../ops/conv2d.js';
import { CWriter } from '../../writer.js';
import { batches } from '../common.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { biasValues, foldedBias, int8Weights, isInt8FixedPoint, roundUp } from '../simd/common.js';
import { emitPackPixel, runLayout } from '../simd/im2col.js';
import { emitMveGemm, mveWeights } from './gemm.js';
import { mveRequantizer } from './requant.js';

export const MVE_INCLUDES = ['ingot_arm_mve.h'];

/** True when pixels can be read in place: a 1×1 window with no padding. */
function direct(p: Conv2dPrepared): boolean {
  return p.kH === 1 && p.kW === 1 && p.padTop === 0 && p.padLeft === 0;
}

/** The bias with the input offset folded in over every tap, padded to whole groups of four channels. */
function bias(graph: Graph, op: Op, p: Conv2dPrepared): Int32Array | undefined {
  const K = p.kH * p.kW * p.inC;
  return foldedBias(biasValues(graph, op), int8Weights(graph, op, p.weightBits, p.outC * K), p.outC, K, p.inputOffset, roundUp(p.outC, 4));
}

export const conv2dMve: TargetKernel<'conv2d', Conv2dPrepared> = {
  kind: 'conv2d',
  id: 'conv2d/mve',
  requires: ['mve'],
  applies: ({ op, graph, prepared: p }) => isInt8FixedPoint(graph, op, p) && p.groupInC === p.inC && bias(graph, op, p) !== undefined,
  scratchBytes: ({ prepared: p }) => (direct(p) ? 0 : 2 * roundUp(p.kH * p.kW * p.inC, 16)),
  emit({ op, graph, prepared: p }: KernelContext<Conv2dPrepared>) {
    const K = p.kH * p.kW * p.inC;
    const filter = int8Weights(graph, op, p.weightBits, p.outC * K);
    const channels4 = roundUp(p.outC, 4);
    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
      { kind: 'data', name: 'weights', ctype: 'int8_t', data: mveWeights(filter, p.outC, K) },
      { kind: 'data', name: 'bias', ctype: 'int32_t', data: bias(graph, op, p)! },
      { kind: 'output', index: 0, name: 'output', ctype: 'int8_t' },
    ];
    const isDirect = direct(p);
    if (!isDirect) params.push({ kind: 'scratch', name: 'buf', ctype: 'int8_t' });

    const w = new CWriter();
    const requant = mveRequantizer(w, p, channels4);
    const pixels = p.outH * p.outW;
    const K16 = roundUp(K, 16);
    const layout = runLayout(p);
    const zp = -p.inputOffset;
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
              full: (run, src) => `ingot_mve_copy(dst + (${run}) * ${layout.runLength}, ${src}, ${layout.runLength});`,
              clipped: (run, row, start, lo, hi) => `ingot_mve_pack_run(dst + (${run}) * ${layout.runLength}, ${row}, ${start}, ${layout.runLength}, ${lo}, ${hi}, ${zp});`,
            });
          });
          w.line(`const int8_t *x0 = buf, *x1 = buf + ${K16};`);
        }
        emitMveGemm(w, { channels: p.outC, K, pixels: 2, out: [`out_b + q * ${p.outC}`, `out_b + q1 * ${p.outC}`], requant });
      });
    });
    return { params, body: w, noAlias: true, scratchBytes: isDirect ? 0 : 2 * K16, includes: MVE_INCLUDES };
  },
};
