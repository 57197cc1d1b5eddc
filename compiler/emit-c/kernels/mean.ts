/**
 * MEAN over constant axes in C, mirroring `mean.evalRef`: each output sums
 * its inputs in input order (kept dimensions outside, reduced ones inside,
 * which visits them in the same order as the reference's flat walk), then
 * finishes on one of three paths — float32 division; TFLite Micro's integer
 * 4-D spatial mean (fixed-point multiplier with 1/count folded in); or its
 * general quantized mean, float32 arithmetic step by step.
 */
import type { MeanPrepared } from '../../ops/mean.js';
import { cFloat, cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { inputOutputParams, inType, outType } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';
import { collapseDims, contiguousStrides, stridedLoops } from './loops.js';

export const meanKernel = defineKernel({
  kind: 'mean',
  emit({ op, graph, prepared: p }: KernelContext<MeanPrepared>) {
    const tIn = inType(graph, op, 0);
    const tOut = outType(graph, op);
    const strides = contiguousStrides(p.inShape);
    const keptAxes = p.inShape.map((_, d) => d).filter((d) => !p.axes.includes(d));
    const kept = collapseDims(keptAxes.map((d) => p.inShape[d]!), [keptAxes.map((d) => strides[d]!)]);
    const reduced = collapseDims(p.axes.map((d) => p.inShape[d]!), [p.axes.map((d) => strides[d]!)]);
    const isFloat = p.path === 'float';
    const w = new CWriter();
    w.line(`${tOut} *y = output;`);
    stridedLoops(w, kept, ['0'], ([base]) => {
      w.line(`${isFloat ? 'float' : 'int64_t'} sum = 0;`);
      stridedLoops(w, reduced, [base!], ([at]) => w.line(isFloat ? `sum = sum + input[${at}];` : `sum += input[${at}];`), 'r');
      if (p.path === 'float') {
        w.line(`*y++ = sum / ${cFloat(p.reducedCount)};`);
      } else if (p.path === 'spatial') {
        const acc = `ingot_wrap32(sum - ${cInt(p.inputZeroPoint * p.reducedCount)})`;
        const clamped = `ingot_clamp_i32(ingot_mbqm(${acc}, ${cInt(p.multiplier)}, ${cInt(p.shift)}), ${cInt(p.qmin - p.outputZeroPoint)}, ${cInt(p.qmax - p.outputZeroPoint)})`;
        w.line(`*y++ = (${tOut})(${clamped} + ${cInt(p.outputZeroPoint)});`);
      } else {
        w.line(`const float m = (float)sum / ${cFloat(p.reducedCount)};`);
        w.line(`float r = roundf(m * ${cFloat(p.scale)} + ${cFloat(p.bias)}) + ${cFloat(p.outputZeroPoint)};`);
        w.line(`if (r > ${cFloat(p.qmax)}) r = ${cFloat(p.qmax)};`);
        w.line(`if (r < ${cFloat(p.qmin)}) r = ${cFloat(p.qmin)};`);
        w.line(`*y++ = (${tOut})(int32_t)r;`);
      }
    });
    return {
      params: inputOutputParams(tIn, tOut),
      body: w,
      noAlias: true,
    };
  },
});
