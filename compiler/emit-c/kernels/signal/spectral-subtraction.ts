/**
 * SignalFilterBankSpectralSubtraction in C, as
 * compiler/ops/signal/spectral-subtraction.ts: per channel, the noise
 * estimate (the op's second output, a state tensor read and rewritten in
 * place) is smoothed towards the scaled-up signal in 64 bits, capped at
 * it, and the signal minus the estimate (at least the remaining floor)
 * comes out. All values are uint32 in int32 tensors, read and written
 * through uint32_t pointers; products are uint64 and wrap as the
 * reference's asUintN.
 */
import type { SignalSpectralSubtractionPrepared } from '../../../ops/signal/spectral-subtraction.js';
import { CWriter } from '../../writer.js';
import { defineKernel, type KernelContext } from '../kernel.js';

/** A uint32 attribute (stored as its int32 or uint32 value) as a C literal. */
const u32 = (v: number): string => `${v >>> 0}u`;

export const signalSpectralSubtractionKernel = defineKernel({
  kind: 'signal_spectral_subtraction',
  emit({ prepared: p }: KernelContext<SignalSpectralSubtractionPrepared>) {
    const sb = p.smoothingBits;
    const ssb = p.spectralSubtractionBits;
    const w = new CWriter();
    w.line('const uint32_t *signal = (const uint32_t *)input;');
    w.line('uint32_t *out = (uint32_t *)output;');
    w.line('uint32_t *noise = (uint32_t *)state;');
    w.block(`for (int32_t i = 0; i < ${p.numChannels}; i++)`, () => {
      w.line('/* Even channels smooth with one weight pair, odd ones with the alternates. */');
      w.line(`const uint64_t s = (i & 1) ? ${u32(p.alternateSmoothing)} : ${u32(p.smoothing)};`);
      w.line(`const uint64_t rest = (i & 1) ? ${u32(p.alternateOneMinusSmoothing)} : ${u32(p.oneMinusSmoothing)};`);
      w.line('const uint32_t x = signal[i];');
      w.line(`const uint32_t up = x${sb === 0 ? '' : ` << ${sb}`};`);
      w.line(`uint32_t estimate = (uint32_t)((up * s + noise[i] * rest) >> ${ssb});`);
      w.line('uint32_t floor_value;');
      w.line('uint32_t subtracted;');
      w.line('noise[i] = estimate;');
      w.block('if (estimate > up)', () => {
        w.line('estimate = up;');
        if (p.clamping) w.line('noise[i] = up;');
      });
      w.line(`floor_value = (uint32_t)(((uint64_t)x * ${u32(p.minSignalRemaining)}) >> ${ssb});`);
      w.line(`subtracted = (up - estimate)${sb === 0 ? '' : ` >> ${sb}`};`);
      w.line('out[i] = subtracted > floor_value ? subtracted : floor_value;');
    });
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: 'int32_t' },
        { kind: 'output', index: 0, name: 'output', ctype: 'int32_t' },
        { kind: 'output', index: 1, name: 'state', ctype: 'int32_t' },
      ],
      body: w,
      noAlias: true,
    };
  },
});
