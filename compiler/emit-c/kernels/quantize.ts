/**
 * QUANTIZE and DEQUANTIZE in C, mirroring their `evalRef`s.
 *
 * float → int: round half away from zero of x / scale in float32 (`roundf`),
 * saturated to int32, plus the zero point, saturated to the output type; a
 * NaN becomes 0, as it does when the reference stores it. int → int:
 * TFLite's Requantize (subtract, fixed-point multiply, add, saturate).
 * int → float: float(double(scale) · (q − zero_point)).
 */
import type { DequantizePrepared } from '../../ops/dequantize.js';
import type { QuantizePrepared } from '../../ops/quantize.js';
import { cDouble, cFloat, cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { inType, outType } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';

export const quantizeKernel = defineKernel({
  kind: 'quantize',
  emit({ op, graph, prepared: p }: KernelContext<QuantizePrepared>) {
    const tIn = inType(graph, op, 0);
    const tOut = outType(graph, op);
    const w = new CWriter();
    w.block(`for (int32_t i = 0; i < ${p.count}; ++i)`, () => {
      if (p.mode === 'from-float') {
        w.line(`const float r = roundf(input[i] / ${cFloat(p.scale)});`);
        w.line('int64_t q;');
        w.line('if (r != r) q = 0;');
        w.line('else if (r >= 2147483648.0f) q = (int64_t)INT32_MAX + ' + cInt(p.outputZeroPoint) + ';');
        w.line('else if (r < -2147483648.0f) q = (int64_t)INT32_MIN + ' + cInt(p.outputZeroPoint) + ';');
        w.line(`else q = (int64_t)r + ${cInt(p.outputZeroPoint)};`);
        w.line(`output[i] = (${tOut})ingot_clamp_i64(q, ${cInt(p.qmin)}, ${cInt(p.qmax)});`);
      } else {
        w.line(`const int32_t v = ingot_mbqm(ingot_wrap_sub(input[i], ${cInt(p.inputZeroPoint)}), ${cInt(p.multiplier)}, ${cInt(p.shift)});`);
        w.line(`output[i] = (${tOut})ingot_clamp_i64((int64_t)v + ${cInt(p.outputZeroPoint)}, ${cInt(p.qmin)}, ${cInt(p.qmax)});`);
      }
    });
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: tIn },
        { kind: 'output', index: 0, name: 'output', ctype: tOut },
      ],
      body: w,
      noAlias: true,
    };
  },
});

export const dequantizeKernel = defineKernel({
  kind: 'dequantize',
  emit({ op, graph, prepared: p }: KernelContext<DequantizePrepared>) {
    const tIn = inType(graph, op, 0);
    const w = new CWriter();
    w.line(`for (int32_t i = 0; i < ${p.count}; ++i) output[i] = (float)(${cDouble(p.scales[0]!)} * ((double)input[i] - ${cDouble(p.zeroPoints[0]!)}));`);
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: tIn },
        { kind: 'output', index: 0, name: 'output', ctype: 'float' },
      ],
      body: w,
      noAlias: true,
    };
  },
});
