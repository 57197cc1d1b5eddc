/**
 * TRANSPOSE_CONV in C. The reference scatters each input pixel into the
 * output window it covers; this kernel gathers instead: for each output
 * element it visits the input pixels that reach it, in increasing (iy, ix,
 * ic) order — the order in which the scatter's additions arrive at that
 * element — so float sums round identically, with no scratch buffer. Then
 * the bias and requantization (or clamp) as in `transposeConv2d.evalRef`.
 *
 * Input row iy reaches output row oy through filter row ky = oy + pad − iy·s,
 * so iy runs from ⌈(oy + pad − kH + 1) / s⌉ to ⌊(oy + pad) / s⌋, clipped to
 * the input.
 */
import type { TransposeConv2dPrepared } from '../../ops/transpose-conv2d.js';
import { CWriter } from '../writer.js';
import { accumulatorForRequant, accumulatorType, batches, floatClamp, inType, outType, plusOffset, requantizer } from './common.js';
import { defineKernel, type KernelContext, type KernelParam } from './kernel.js';

/** Declares `<i>_lo` and `<i>_hi` (exclusive): the input positions reaching output `o`. */
function reach(w: CWriter, i: string, o: string, pad: number, kernel: number, stride: number, inSize: number): void {
  w.line(`const int32_t ${i}_num = ${o} + ${pad - kernel + 1};`);
  w.line(`const int32_t ${i}_first = ${i}_num > 0 ? (${i}_num + ${stride - 1}) / ${stride} : 0;`);
  w.line(`const int32_t ${i}_last = (${o} + ${pad}) / ${stride};`);
  w.line(`const int32_t ${i}_lo = ${i}_first;`);
  w.line(`const int32_t ${i}_hi = ${i}_last < ${inSize - 1} ? ${i}_last + 1 : ${inSize};`);
}

export const transposeConv2dKernel = defineKernel({
  kind: 'transpose_conv2d',
  emit({ op, graph, prepared: p }: KernelContext<TransposeConv2dPrepared>) {
    const tIn = inType(graph, op, 0);
    const tW = inType(graph, op, 1);
    const tOut = outType(graph, op);
    const isFloat = p.dtype === 'f32';
    const acc = accumulatorType(p.dtype, p.wideAccumulator);
    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: tIn },
      { kind: 'input', index: 1, name: 'filter', ctype: tW },
    ];
    if (p.hasBias) params.push({ kind: 'input', index: 2, name: 'bias', ctype: inType(graph, op, 2) });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: tOut });

    const w = new CWriter();
    const finish = isFloat ? undefined : requantizer(w, p, tOut);
    const term = isFloat ? 'acc = acc + x[ic] * f[ic];' : `acc += ${plusOffset('x[ic]', p.inputOffset)} * f[ic];`;
    const withBias = p.hasBias ? (isFloat ? '(acc + bias[oc])' : `(acc + (${acc})bias[oc])`) : 'acc';
    const store = isFloat
      ? `out[oc] = ${floatClamp(withBias, p.actMin, p.actMax)};`
      : `out[oc] = ${finish!(accumulatorForRequant(withBias, p.dtype, p.wideAccumulator), 'oc')};`;

    w.line(`${tOut} *out = output;`);
    batches(w, p.batches, (at) => {
      w.line(`const ${tIn} *in_b = input${at(p.inH * p.inW * p.inC)};`);
      w.block(`for (int32_t oy = 0; oy < ${p.outH}; ++oy)`, () => {
        reach(w, 'iy', 'oy', p.padTop, p.kH, p.strideH, p.inH);
        w.block(`for (int32_t ox = 0; ox < ${p.outW}; ++ox, out += ${p.outC})`, () => {
          reach(w, 'ix', 'ox', p.padLeft, p.kW, p.strideW, p.inW);
          w.block(`for (int32_t oc = 0; oc < ${p.outC}; ++oc)`, () => {
            w.line(`${acc} acc = ${isFloat ? '0.0f' : '0'};`);
            w.block('for (int32_t iy = iy_lo; iy < iy_hi; ++iy)', () => {
              w.line(`const int32_t ky = oy + ${p.padTop} - iy * ${p.strideH};`);
              w.block('for (int32_t ix = ix_lo; ix < ix_hi; ++ix)', () => {
                w.line(`const int32_t kx = ox + ${p.padLeft} - ix * ${p.strideW};`);
                w.line(`const ${tIn} *x = in_b + (iy * ${p.inW} + ix) * ${p.inC};`);
                w.line(`const ${tW} *f = filter + ((oc * ${p.kH} + ky) * ${p.kW} + kx) * ${p.inC};`);
                w.line(`for (int32_t ic = 0; ic < ${p.inC}; ++ic) ${term}`);
              });
            });
            w.line(store);
          });
        });
      });
    });
    return { params, body: w, noAlias: true };
  },
});
