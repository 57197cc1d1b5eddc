/**
 * SignalWindow in C, as compiler/ops/signal/window.ts: each int16 sample
 * times its weight (the window repeats every frame), shifted right
 * arithmetically and saturated to int16. The product of two int16 fits an
 * int32, so no step can overflow.
 */
import type { SignalWindowPrepared } from '../../../ops/signal/window.js';
import { CWriter } from '../../writer.js';
import { defineKernel, type KernelContext } from '../kernel.js';

export const signalWindowKernel = defineKernel({
  kind: 'signal_window',
  emit({ prepared: p }: KernelContext<SignalWindowPrepared>) {
    const w = new CWriter();
    w.block(`for (int32_t f = 0; f < ${p.count / p.length}; f++)`, () => {
      w.block(`for (int32_t i = 0; i < ${p.length}; i++)`, () => {
        w.line(`const int32_t v = ((int32_t)input[f * ${p.length} + i] * weights[i]) >> ${p.shift};`);
        w.line(`output[f * ${p.length} + i] = (int16_t)ingot_clamp_i32(v, -32768, 32767);`);
      });
    });
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: 'int16_t' },
        { kind: 'input', index: 1, name: 'weights', ctype: 'int16_t' },
        { kind: 'output', index: 0, name: 'output', ctype: 'int16_t' },
      ],
      body: w,
      noAlias: true,
    };
  },
});
