/**
 * QUANTIZE, DEQUANTIZE and QUANTIZE_LINEAR in C, mirroring their `evalRef`s.
 *
 * float → int (TFLite): round half away from zero of x / scale in float32
 * (`roundf`), saturated to int32, plus the zero point, saturated to the
 * output type; a NaN becomes 0, as it does when the reference stores it.
 * int → int: TFLite's Requantize (subtract, fixed-point multiply, add,
 * saturate). int → float: float(double(scale) · (q − zero_point)), per
 * tensor or per axis. float → int (ONNX QuantizeLinear): round half to even
 * of x / scale in float32 (ingot_onnx.h), plus the zero point, saturated; a
 * NaN gives the zero point. Per-axis parameters walk the tensor as
 * [outer][channel][inner], so no element needs a division to find its
 * channel.
 */
import type { ChannelLayout } from '../../ops/common/channels.js';
import type { DequantizePrepared } from '../../ops/dequantize.js';
import type { QuantizeLinearPrepared } from '../../ops/quantize-linear.js';
import type { QuantizePrepared } from '../../ops/quantize.js';
import { cFloat, cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { inputOutputParams, inType, outType, perChannel } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';

/**
 * The loop over `count` elements with `body(i, c)` per element, `c` the C
 * expression of its channel (`'0'` per tensor).
 */
function channelLoops(w: CWriter, count: number, l: ChannelLayout, body: (i: string, c: string) => void): void {
  if (l.channels === 1) {
    w.block(`for (int32_t i = 0; i < ${count}; ++i)`, () => body('i', '0'));
    return;
  }
  const outer = count / (l.channels * l.inner);
  w.block(`for (int32_t o = 0; o < ${outer}; ++o)`, () => {
    w.block(`for (int32_t c = 0; c < ${l.channels}; ++c)`, () => {
      w.line(`const int32_t base = (o * ${l.channels} + c) * ${l.inner};`);
      w.block(`for (int32_t j = 0; j < ${l.inner}; ++j)`, () => {
        w.line('const int32_t i = base + j;');
        body('i', 'c');
      });
    });
  });
}

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
      params: inputOutputParams(tIn, tOut),
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
    const scale = perChannel(w, 'double', 'scale', p.scales);
    const zeroPoint = perChannel(w, 'double', 'zero_point', p.zeroPoints);
    channelLoops(w, p.count, p, (i, c) => {
      w.line(`output[${i}] = (float)(${scale(c)} * ((double)input[${i}] - ${zeroPoint(c)}));`);
    });
    return {
      params: inputOutputParams(tIn, 'float'),
      body: w,
      noAlias: true,
    };
  },
});

export const quantizeLinearKernel = defineKernel({
  kind: 'quantize_linear',
  emit({ op, graph, prepared: p }: KernelContext<QuantizeLinearPrepared>) {
    const tOut = outType(graph, op);
    const w = new CWriter();
    const scale = perChannel(w, 'float', 'scale', p.scales);
    const zeroPoint = perChannel(w, 'int32_t', 'zero_point', p.zeroPoints);
    const clampedZero = perChannel(w, 'int32_t', 'nan_value', p.zeroPoints.map((z) => Math.min(p.qmax, Math.max(p.qmin, z))));
    // 8- and 16-bit bounds moved by the zero point are exact in float32; int32 ones need double.
    const wide = p.qmax > 65535;
    channelLoops(w, p.count, p, (i, c) => {
      w.line(`const float r = ingot_round_half_even_f32(input[${i}] / ${scale(c)});`);
      if (wide) {
        w.line(`const double q = (double)r + ${zeroPoint(c)};`);
        w.line(`output[${i}] = (${tOut})(r != r ? ${clampedZero(c)} : q <= ${cInt(p.qmin)} ? ${cInt(p.qmin)} : q >= ${cInt(p.qmax)} ? ${cInt(p.qmax)} : (int32_t)q);`);
      } else {
        w.line(`const int32_t zp = ${zeroPoint(c)};`);
        w.line(`output[${i}] = (${tOut})(r != r ? ${clampedZero(c)} : r <= (float)(${cInt(p.qmin)} - zp) ? ${cInt(p.qmin)} : r >= (float)(${cInt(p.qmax)} - zp) ? ${cInt(p.qmax)} : (int32_t)r + zp);`);
      }
    });
    return {
      params: inputOutputParams('float', tOut),
      body: w,
      noAlias: true,
    };
  },
});
