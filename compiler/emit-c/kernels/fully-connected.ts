/**
 * FULLY_CONNECTED in C, mirroring `fullyConnected.evalRef`: per batch row
 * and unit, Σ_d (w + filter_offset) · (x + input_offset) in order, plus the
 * bias, requantized per tensor or per unit (float: Σ x · w in float32, plus
 * the bias, clamped).
 *
 * With symmetric weights (filter offset 0) the input offset term is folded
 * into the bias at compile time (fold.ts), leaving a plain dot product over
 * contiguous rows of weights and inputs, four units per input load. Packed
 * int4/int2 weights stay packed, each unit's row starting on a byte
 * (packed.ts). Asymmetric weights (TFLite's per-tensor zero point, ONNX's
 * per-unit ones) keep the offset in every product.
 */
import { inputAt, optionalInput } from '../../ir/index.js';
import type { FullyConnectedPrepared } from '../../ops/fully-connected.js';
import { CWriter } from '../writer.js';
import { accumulatorForRequant, accumulatorType, batches, blockedDot, filterOffsetOf, floatClamp, inType, loop, outType, plusOffset, requantizer } from './common.js';
import { channelMajorSums, foldInputOffset } from './fold.js';
import { defineKernel, type KernelContext, type KernelParam } from './kernel.js';
import { packedDot, weightRows } from './packed.js';

export const fullyConnectedKernel = defineKernel({
  kind: 'fully_connected',
  emit({ op, graph, prepared: p }: KernelContext<FullyConnectedPrepared>) {
    const tIn = inType(graph, op, 0);
    const tOut = outType(graph, op);
    const isFloat = p.dtype === 'f32';
    const weights = weightRows(inputAt(graph, op, 1).data!, inType(graph, op, 1), isFloat ? 32 : p.weightBits, p.units, p.depth);
    const symmetric = p.filterOffsets.every((o) => o === 0);
    const folded = (p.dtype === 'i8' || p.dtype === 'u8') && p.inputOffset !== 0 && symmetric
      ? foldInputOffset(optionalInput(graph, op, 2)?.data, channelMajorSums(weights.values, p.units, p.depth), p.inputOffset, p.wideAccumulator)
      : undefined;
    const acc = accumulatorType(p.dtype, p.wideAccumulator);

    const params: KernelParam[] = [{ kind: 'input', index: 0, name: 'input', ctype: tIn }];
    params.push(weights.relaid
      ? { kind: 'data', name: 'weights', ctype: weights.ctype, data: weights.relaid }
      : { kind: 'input', index: 1, name: 'weights', ctype: weights.ctype });
    if (folded) params.push({ kind: 'data', name: 'bias_folded', ctype: folded.ctype, data: folded.data });
    else if (p.hasBias) params.push({ kind: 'input', index: 2, name: 'bias', ctype: inType(graph, op, 2) });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: tOut });

    const w = new CWriter();
    const perChannel = p.multipliers.length > 1 || p.scales.length > 1;
    const finish = isFloat ? undefined : requantizer(w, p, tOut);
    const filterOffset = isFloat ? undefined : filterOffsetOf(w, p.filterOffsets);
    const initial = (unit: string): string => {
      if (isFloat) return '0.0f';
      if (folded) return `bias_folded[${unit}]`;
      return p.hasBias ? `(${acc})bias[${unit}]` : '0';
    };
    const value = (x: string): string => (isFloat || folded ? x : plusOffset(x, p.inputOffset));
    const store = (a: string, unit: string): string =>
      isFloat
        ? `out[${unit}] = ${floatClamp(p.hasBias ? `(${a} + bias[${unit}])` : a, p.actMin, p.actMax)};`
        : `out[${unit}] = ${finish!(accumulatorForRequant(a, p.dtype, p.wideAccumulator), perChannel ? unit : '0')};`;

    /** Units [from, to) in blocks of n: one input load feeds n rows of weights. */
    const units = (n: number, from: number, to: number): void => {
      loop(w, 'u', from, to, () => {
        const unit = (k: number): string => (k === 0 ? 'u' : `u + ${k}`);
        w.line(`const ${weights.ctype} *row = weights + u * ${weights.rowStride};`);
        w.line(`${acc} ${Array.from({ length: n }, (_, k) => `acc${k} = ${initial(unit(k))}`).join(', ')};`);
        if (filterOffset) {
          // Asymmetric weights (rare): the reference's (w + offset) · (x + offset), one unit at a time.
          w.line(`for (int32_t d = 0; d < ${p.depth}; ++d) acc0 += (${weights.at('row', 'd')} + ${filterOffset('u')}) * ${plusOffset('x[d]', p.inputOffset)};`);
        } else if (weights.bits === 4 || weights.bits === 2) {
          packedDot(w, n, p.depth, 'x', 'row', weights.rowStride, value, weights.bits);
        } else {
          blockedDot(w, n, p.depth, 'x', 'row', weights.rowStride, value, isFloat);
        }
        for (let k = 0; k < n; k++) w.line(store(`acc${k}`, unit(k)));
      }, n === 1 ? '++u' : `u += ${n}`);
    };
    const block = !filterOffset && p.units >= 4 ? 4 : 1;
    const blocked = p.units - (p.units % block);
    batches(w, p.batches, (at) => {
      w.line(`const ${tIn} *x = input${at(p.depth)};`);
      w.line(`${tOut} *out = output${at(p.units)};`);
      if (blocked > 0) units(block, 0, blocked);
      if (blocked < p.units) units(1, blocked, p.units);
    });
    return { params, body: w, noAlias: true };
  },
});
