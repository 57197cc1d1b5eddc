/**
 * SOFTMAX over the last dimension in C, mirroring `softmax.evalRef`.
 *
 * float32: subtract the row maximum, exp(beta · d) with libm's expf, sum in
 * float32 in order, divide. int8: TFLite's fixed-point softmax — each
 * difference from the row maximum scaled into Q5.26, gemmlowp's exp, the sum
 * in Q12.19, one reciprocal per row, output offset by −128 (int8) or
 * −32768 (int16).
 */
import type { SoftmaxPrepared } from '../../ops/softmax.js';
import { cFloat, cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { defineKernel, type KernelContext } from './kernel.js';
import { inputOutputParams } from './common.js';

export const softmaxKernel = defineKernel({
  kind: 'softmax',
  emit({ prepared: p }: KernelContext<SoftmaxPrepared>) {
    const w = new CWriter();
    const t = p.dtype === 'f32' ? 'float' : 'int8_t';
    const ot = p.dtype === 'f32' ? 'float' : p.outBits === 16 ? 'int16_t' : 'int8_t';
    const [lo, hi] = [-(2 ** (p.outBits - 1)), 2 ** (p.outBits - 1) - 1];
    w.block(`for (int32_t r = 0; r < ${p.rows}; ++r)`, () => {
      w.line(`const ${t} *x = input + r * ${p.depth};`);
      w.line(`${ot} *y = output + r * ${p.depth};`);
      if (p.dtype === 'f32') {
        w.line('float max = -3.4028234663852886e38f;');
        w.line('float sum = 0.0f;');
        w.line(`for (int32_t c = 0; c < ${p.depth}; ++c) max = x[c] > max ? x[c] : max;`);
        w.block(`for (int32_t c = 0; c < ${p.depth}; ++c)`, () => {
          w.line(`const float e = expf((x[c] - max) * ${cFloat(p.beta)});`);
          w.line('y[c] = e;');
          w.line('sum = sum + e;');
        });
        w.line(`for (int32_t c = 0; c < ${p.depth}; ++c) y[c] = y[c] / sum;`);
        return;
      }
      const scaled = `ingot_mbqm_greater_than_one(diff, ${cInt(p.inputMultiplier)}, ${cInt(p.inputLeftShift)})`;
      w.line('int32_t max = -128;');
      w.line('int32_t sum_of_exps = 0;');
      w.line('int bits_over_unit = 0;');
      w.line('int32_t reciprocal;');
      w.line(`for (int32_t c = 0; c < ${p.depth}; ++c) max = x[c] > max ? x[c] : max;`);
      w.block(`for (int32_t c = 0; c < ${p.depth}; ++c)`, () => {
        w.line('const int32_t diff = x[c] - max;');
        w.line(`if (diff >= ${cInt(p.diffMin)}) sum_of_exps = ingot_wrap_add(sum_of_exps, ingot_rescale(ingot_exp_on_negative_values(${scaled}, 5), 0, 12));`);
      });
      w.line('reciprocal = ingot_get_reciprocal(sum_of_exps, 12, &bits_over_unit);');
      w.block(`for (int32_t c = 0; c < ${p.depth}; ++c)`, () => {
        w.line('const int32_t diff = x[c] - max;');
        w.ifElse(`diff >= ${cInt(p.diffMin)}`, () => {
          w.line(`const int32_t e = ingot_exp_on_negative_values(${scaled}, 5);`);
          w.line(`const int32_t shifted = ingot_rdbp(ingot_srdhm(reciprocal, e), bits_over_unit + 31 - ${p.outBits}) + (${lo});`);
          w.line(`y[c] = (${ot})ingot_clamp_i32(shifted, ${lo}, ${hi});`);
        }, () => w.line(`y[c] = ${lo};`));
      });
    });
    return {
      params: p.dtype === 'f32' || p.outBits === 8 ? inputOutputParams(t)
        : [{ kind: 'input', index: 0, name: 'input', ctype: t }, { kind: 'output', index: 0, name: 'output', ctype: ot }],
      body: w,
      noAlias: true,
    };
  },
});
