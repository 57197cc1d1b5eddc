/**
 * CONV_2D for Arm cores with the DSP extension (`conv2d/dsp`): int8 with
 * per-channel fixed-point requantization, one group, any kernel size,
 * stride, padding and dilation.
 *
 * Four output pixels at a time are packed (im2col, pack.ts) into an int16
 * buffer in the arena's scratch, with the input offset added and padding
 * taps 0 — so border pixels need no special arithmetic and the sum equals
 * the reference's Σ filter · (input + offset) term for term. Then every
 * output channel takes the four pixels' dot products with SMLAD (two
 * multiply-adds per instruction, each widened weight word feeding eight;
 * see gemm.ts) and requantizes them (requant.ts). Pixels left over after
 * the groups of four run one at a time. Packed int4/int2 weights stay
 * packed in flash and are unpacked in registers (gemm.ts).
 */
import type { Conv2dPrepared } from '../../../ops/conv2d.js';
import { CWriter } from '../../writer.js';
import { batches } from '../common.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { biasValues, int8Weights, isInt8FixedPoint } from '../simd/common.js';
import { accumulatorBound } from '../simd/requant.js';
import { emitDspGemm, packDspWeights, packedSumsFit } from './gemm.js';
import { emitPackPixel } from '../simd/im2col.js';
import { dspRunWriter, packLayout, unpackedIndex } from './pack.js';
import { dspRequantizer } from './requant.js';

export const DSP_INCLUDES = ['ingot_arm_dsp.h'];

export const conv2dDsp: TargetKernel<'conv2d', Conv2dPrepared> = {
  kind: 'conv2d',
  id: 'conv2d/dsp',
  requires: ['dsp'],
  applies: ({ op, graph, prepared: p }) =>
    isInt8FixedPoint(graph, op, p, [8, 4, 2]) &&
    p.groupInC === p.inC &&
    packedSumsFit(int8Weights(graph, op, p.weightBits, p.outC * p.kH * p.kW * p.inC), p.outC, p.kH * p.kW * p.inC, p.weightBits),
  scratchBytes: ({ prepared: p }) => 4 * 2 * packLayout(p, p.weightBits).packedK,
  emit({ op, graph, prepared: p }: KernelContext<Conv2dPrepared>) {
    const layout = packLayout(p, p.weightBits);
    const taps = p.kH * p.kW * p.inC;
    const filter = int8Weights(graph, op, p.weightBits, p.outC * taps);
    const packed = packDspWeights(p.outC, layout.packedK, (c, e) => {
      const i = unpackedIndex(layout, e);
      return i === undefined ? 0 : filter[c * taps + i]!;
    }, p.weightBits);
    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
      { kind: 'data', name: 'weights', ctype: 'int32_t', data: packed },
    ];
    if (p.hasBias) params.push({ kind: 'input', index: 2, name: 'bias', ctype: 'int32_t' });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: 'int8_t' }, { kind: 'scratch', name: 'buf', ctype: 'int32_t' });

    const w = new CWriter();
    const requant = dspRequantizer(w, p, accumulatorBound(biasValues(graph, op), filter, p.outC, taps));
    const pixels = p.outH * p.outW;
    batches(w, p.batches, (at) => {
      w.line(`const int8_t *in_b = input${at(p.inH * p.inW * p.inC)};`);
      w.line(`int8_t *out_b = output${at(pixels * p.outC)};`);
      const gemm = (out: string, count: 4 | 1): void =>
        emitDspGemm(w, {
          channels: p.outC, packedK: layout.packedK, pixels: count, out, outStride: p.outC,
          bias: (c) => (p.hasBias ? `bias[${c}]` : '0'),
          requant,
          bits: p.weightBits,
        });
      const full = pixels - (pixels % 4);
      if (full > 0) {
        w.block(`for (int32_t q = 0; q < ${full}; q += 4)`, () => {
          w.block('for (int32_t s = 0; s < 4; ++s)', () => {
            emitPackPixel(w, p, layout, 'q + s', dspRunWriter(layout, 'buf + 2 * s', 8, p.inputOffset));
          });
          w.block('', () => gemm(`out_b + q * ${p.outC}`, 4));
        });
      }
      if (full < pixels) {
        w.block(`for (int32_t q = ${full}; q < ${pixels}; ++q)`, () => {
          w.block('', () => emitPackPixel(w, p, layout, 'q', dspRunWriter(layout, 'buf', 2, p.inputOffset)));
          w.block('', () => gemm(`out_b + q * ${p.outC}`, 1));
        });
      }
    });
    return { params, body: w, noAlias: true, scratchBytes: 8 * layout.packedK, includes: DSP_INCLUDES };
  },
};
