/**
 * FULLY_CONNECTED for Arm cores with the DSP extension
 * (`fully_connected/dsp`): int8 with symmetric weights, per-tensor or
 * per-unit requantization.
 *
 * The same matrix core as the DSP convolution (gemm.ts): a batch row is a
 * 1×1 "pixel" of `depth` channels, widened once into the int16 scratch with
 * the input offset added, then every unit's dot product runs on SMLAD with
 * weights widened in registers. Four batch rows at a time share each weight
 * word; the rest run one at a time. Requantization is the SMMLAR form when
 * the layer's bound allows it (requant.ts). Packed int4/int2 weights stay
 * packed (gemm.ts).
 */
import type { FullyConnectedPrepared } from '../../../ops/fully-connected.js';
import { CWriter } from '../../writer.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { biasValues, int8Weights, isInt8FixedPoint } from '../simd/common.js';
import { accumulatorBound } from '../simd/requant.js';
import { DSP_INCLUDES } from './conv2d.js';
import { emitDspGemm, packDspWeights, packedSumsFit } from './gemm.js';
import { dspRunWriter, packLayout, unpackedIndex } from './pack.js';
import { dspRequantizer } from './requant.js';

/**
 * Widening a row into int16 costs RAM; a very long single row (a flattened
 * feature map into a few units) would need more scratch than the model's
 * whole portable arena for few MACs, so such layers stay portable: on a
 * microcontroller RAM is the scarcer resource.
 */
const MAX_WIDENED_ROW_BYTES = 2048;

/** Scratch bytes: four interleaved widened rows when there are four batch rows to share weights, else one. */
function scratchOf(p: FullyConnectedPrepared): number {
  return (p.batches >= 4 ? 8 : 2) * rowLayout(p).packedK;
}

/** A batch row as the packing sees it: one 1×1 window of `depth` channels. */
function rowLayout(p: FullyConnectedPrepared): ReturnType<typeof packLayout> {
  return packLayout({ kH: 1, kW: 1, inC: p.depth, dilationW: 1 }, p.weightBits);
}

export const fullyConnectedDsp: TargetKernel<'fully_connected', FullyConnectedPrepared> = {
  kind: 'fully_connected',
  id: 'fully_connected/dsp',
  requires: ['dsp'],
  applies: ({ op, graph, prepared: p }) =>
    isInt8FixedPoint(graph, op, p, [8, 4, 2]) && 2 * rowLayout(p).packedK <= MAX_WIDENED_ROW_BYTES && packedSumsFit(int8Weights(graph, op, p.weightBits, p.units * p.depth), p.units, p.depth, p.weightBits),
  scratchBytes: ({ prepared: p }) => scratchOf(p),
  emit({ op, graph, prepared: p }: KernelContext<FullyConnectedPrepared>) {
    const layout = rowLayout(p);
    const filter = int8Weights(graph, op, p.weightBits, p.units * p.depth);
    const packed = packDspWeights(p.units, layout.packedK, (c, e) => {
      const i = unpackedIndex(layout, e);
      return i === undefined ? 0 : filter[c * p.depth + i]!;
    }, p.weightBits);
    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
      { kind: 'data', name: 'weights', ctype: 'int32_t', data: packed },
    ];
    if (p.hasBias) params.push({ kind: 'input', index: 2, name: 'bias', ctype: 'int32_t' });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: 'int8_t' }, { kind: 'scratch', name: 'buf', ctype: 'int32_t' });

    const w = new CWriter();
    const requant = dspRequantizer(w, p, accumulatorBound(biasValues(graph, op), filter, p.units, p.depth));
    const gemm = (out: string, count: 4 | 1): void =>
      emitDspGemm(w, {
        channels: p.units, packedK: layout.packedK, pixels: count, out, outStride: p.units,
        bias: (c) => (p.hasBias ? `bias[${c}]` : '0'),
        requant,
        bits: p.weightBits,
      });
    const full = p.batches - (p.batches % 4);
    if (full > 0) {
      w.block(`for (int32_t q = 0; q < ${full}; q += 4)`, () => {
        w.block('for (int32_t s = 0; s < 4; ++s)', () => {
          w.line(dspRunWriter(layout, 'buf + 2 * s', 8, p.inputOffset).full('0', `input + (q + s) * ${p.depth}`));
        });
        w.block('', () => gemm(`output + q * ${p.units}`, 4));
      });
    }
    if (full < p.batches) {
      w.block(`for (int32_t q = ${full}; q < ${p.batches}; ++q)`, () => {
        w.line(dspRunWriter(layout, 'buf', 2, p.inputOffset).full('0', `input + q * ${p.depth}`));
        w.block('', () => gemm(`output + q * ${p.units}`, 1));
      });
    }
    return { params, body: w, noAlias: true, scratchBytes: scratchOf(p), includes: DSP_INCLUDES };
  },
};
