/**
 * SignalFftAutoScale in C, as compiler/ops/signal/fft-auto-scale.ts: the
 * running int16 maximum magnitude (where −(−32768) wraps back to −32768,
 * as TFLite Micro's int16 variable does, giving shift 0), the shift
 * 15 − msb(max) at least 0, and the frame shifted left by it, wrapping to
 * int16. The shift is the second output, an int32 scalar.
 */
import type { SignalFftAutoScalePrepared } from '../../../ops/signal/fft-auto-scale.js';
import { CWriter } from '../../writer.js';
import { defineKernel, type KernelContext } from '../kernel.js';

export const signalFftAutoScaleKernel = defineKernel({
  kind: 'signal_fft_auto_scale',
  emit({ prepared: p }: KernelContext<SignalFftAutoScalePrepared>) {
    const w = new CWriter();
    w.line('int32_t max = 0;');
    w.line('int32_t shift;');
    w.block(`for (int32_t i = 0; i < ${p.count}; i++)`, () => {
      w.line('const int32_t v = input[i];');
      w.line('if (v > max) max = v;');
      w.line('else if (-v > max) max = -v > 32767 ? -32768 : -v;');
    });
    w.line('/* A negative maximum reads as a uint32 with its top bit set: msb 32, shift 0. */');
    w.line('shift = 15 - ingot_msb32((uint32_t)max);');
    w.line('if (shift < 0) shift = 0;');
    w.line(`for (int32_t i = 0; i < ${p.count}; i++) output[i] = ingot_wrap16((int32_t)((uint32_t)input[i] << shift));`);
    w.line('shift_out[0] = shift;');
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: 'int16_t' },
        { kind: 'output', index: 0, name: 'output', ctype: 'int16_t' },
        { kind: 'output', index: 1, name: 'shift_out', ctype: 'int32_t' },
      ],
      body: w,
      noAlias: true,
      includes: ['ingot_signal.h'],
    };
  },
});
