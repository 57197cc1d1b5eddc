/**
 * FULLY_CONNECTED in C, mirroring `fullyConnected.evalRef`: per batch row
 * and unit, Σ_d (w + filter_offset) · (x + input_offset) in order, plus the
 * bias, requantized per tensor or per unit (float: Σ x · w in float32, plus
 * the bias, clamped).
 *
 * With symmetric int8 weights (filter offset 0) the input offset term is
 * folded into the bias at compile time (fold.ts), leaving a plain dot
 * product over contiguous rows of weights and inputs.
 */
import { inputAt, optionalInput } from '../../ir/index.js';
import type { FullyConnectedPrepared } from '../../ops/fully-connected.js';
import { CWriter } from '../writer.js';
import { accumulatorForRequant, accumulatorType, floatClamp, inType, outType, plusOffset, requantizer } from './common.js';
import { channelMajorSums, foldInputOffset } from './fold.js';
import { defineKernel, type KernelContext, type KernelParam } from './kernel.js';

export const fullyConnectedKernel = defineKernel({
  kind: 'fully_connected',
  emit({ op, graph, prepared: p }: KernelContext<FullyConnectedPrepared>) {
    const tIn = inType(graph, op, 0);
    const tW = inType(graph, op, 1);
    const tOut = outType(graph, op);
    const isFloat = p.dtype === 'f32';
    const folded = p.dtype === 'i8' && p.inputOffset !== 0 && p.filterOffset === 0
      ? foldInputOffset(optionalInput(graph, op, 2)?.data, channelMajorSums(inputAt(graph, op, 1).data!, p.units, p.depth), p.inputOffset, p.wideAccumulator)
      : undefined;
    const acc = accumulatorType(p.dtype, p.wideAccumulator);

    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: tIn },
      { kind: 'input', index: 1, name: 'weights', ctype: tW },
    ];
    if (folded) params.push({ kind: 'data', name: 'bias_folded', ctype: folded.ctype, data: folded.data });
    else if (p.hasBias) params.push({ kind: 'input', index: 2, name: 'bias', ctype: inType(graph, op, 2) });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: tOut });

    const w = new CWriter();
    const perChannel = p.multipliers.length > 1;
    const finish = isFloat ? undefined : requantizer(w, { ...p, multipliers: p.multipliers, shifts: p.shifts }, tOut);
    let initial = '0';
    if (isFloat) initial = '0.0f';
    else if (folded) initial = 'bias_folded[u]';
    else if (p.hasBias) initial = `(${acc})bias[u]`;
    const term = isFloat
      ? 'acc = acc + x[d] * row[d];'
      : folded ? 'acc += row[d] * x[d];' : `acc += ${plusOffset('row[d]', p.filterOffset)} * ${plusOffset('x[d]', p.inputOffset)};`;
    const store = isFloat
      ? `out[u] = ${floatClamp(p.hasBias ? '(acc + bias[u])' : 'acc', p.actMin, p.actMax)};`
      : `out[u] = ${finish!(accumulatorForRequant('acc', p.dtype, p.wideAccumulator), perChannel ? 'u' : '0')};`;

    w.block(`for (int32_t b = 0; b < ${p.batches}; ++b)`, () => {
      w.line(`const ${tIn} *x = input + b * ${p.depth};`);
      w.line(`${tOut} *out = output + b * ${p.units};`);
      w.line(`const ${tW} *row = weights;`);
      w.block(`for (int32_t u = 0; u < ${p.units}; ++u, row += ${p.depth})`, () => {
        w.line(`${acc} acc = ${initial};`);
        w.line(`for (int32_t d = 0; d < ${p.depth}; ++d) ${term}`);
        w.line(store);
      });
    });
    return { params, body: w, noAlias: true };
  },
});
