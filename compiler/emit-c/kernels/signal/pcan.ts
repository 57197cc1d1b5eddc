/**
 * SignalPCAN in C, as compiler/ops/signal/pcan.ts: each uint32 channel
 * times the int16 gain its noise estimate looks up (three coefficients per
 * octave, interpolated over the 10 bits below the leading one), shifted
 * in 64 bits and kept to 32, then compressed (snr²/2^20 below 2.0 in Q12,
 * snr/64 − 64 above). The interpolation's product can pass 2^31, so it is
 * taken in uint32 and read back as int32 before the rounding shift, as the
 * reference's Math.imul; the coefficient shifted left is a multiply (a
 * negative value may not be shifted left in C).
 */
import type { SignalPcanPrepared } from '../../../ops/signal/pcan.js';
import { CWriter } from '../../writer.js';
import { defineKernel, type KernelContext } from '../kernel.js';

export const signalPcanKernel = defineKernel({
  kind: 'signal_pcan',
  emit({ prepared: p }: KernelContext<SignalPcanPrepared>) {
    const w = new CWriter();
    w.line('const uint32_t *signal = (const uint32_t *)input;');
    w.line('const uint32_t *noise = (const uint32_t *)noise_estimate;');
    w.line('uint32_t *out = (uint32_t *)output;');
    w.block(`for (int32_t i = 0; i < ${p.count}; i++)`, () => {
      w.line('const uint32_t n = noise[i];');
      w.line('int32_t gain;');
      w.line('uint32_t snr;');
      w.ifElse('n <= 2', () => w.line('gain = gains[n];'), () => {
        w.line('const int octave = ingot_msb32(n);');
        w.line('const int16_t *c = gains + (4 * octave - 6);');
        w.line('const int32_t t = (int32_t)((octave < 11 ? n << (11 - octave) : n >> (octave - 11)) & 0x3FFu);');
        w.line('int32_t r = ((c[2] * t) >> 5) + c[1] * 32;');
        w.line('r = (int32_t)((uint32_t)r * (uint32_t)t + 16384u) >> 15;');
        w.line('gain = ingot_wrap16(r + c[0]);');
      });
      w.line('/* A negative int16 gain reads as a uint32 (sign-extended), as the C does. */');
      w.line(`snr = (uint32_t)(((uint64_t)signal[i] * (uint32_t)gain) >> ${p.snrShift});`);
      w.line('out[i] = snr < 8192u ? (snr * snr) >> 20 : (snr >> 6) - 64u;');
    });
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: 'int32_t' },
        { kind: 'input', index: 1, name: 'noise_estimate', ctype: 'int32_t' },
        { kind: 'input', index: 2, name: 'gains', ctype: 'int16_t' },
        { kind: 'output', index: 0, name: 'output', ctype: 'int32_t' },
      ],
      body: w,
      noAlias: true,
      includes: ['ingot_signal.h'],
    };
  },
});
