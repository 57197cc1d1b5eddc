/**
 * SignalFilterBankSquareRoot in C, as compiler/ops/signal/filter-bank-sqrt.ts:
 * the rounded square root of each uint64 sum (ingot_signal.h), shifted
 * right by the FFT auto-scale's shift (masked to 0…31, so the C shift is
 * always defined), stored as uint32.
 */
import type { SignalFilterBankSqrtPrepared } from '../../../ops/signal/filter-bank-sqrt.js';
import { CWriter } from '../../writer.js';
import { defineKernel, type KernelContext } from '../kernel.js';

export const signalFilterBankSqrtKernel = defineKernel({
  kind: 'signal_filter_bank_sqrt',
  emit({ prepared: p }: KernelContext<SignalFilterBankSqrtPrepared>) {
    const w = new CWriter();
    w.line('const uint64_t *sums = (const uint64_t *)input;');
    w.line('uint32_t *roots = (uint32_t *)output;');
    w.line('const int shift = scale_bits[0] & 31;');
    w.line(`for (int32_t i = 0; i < ${p.count}; i++) roots[i] = ingot_sqrt64(sums[i]) >> shift;`);
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: 'int64_t' },
        { kind: 'input', index: 1, name: 'scale_bits', ctype: 'int32_t' },
        { kind: 'output', index: 0, name: 'output', ctype: 'int32_t' },
      ],
      body: w,
      noAlias: true,
      includes: ['ingot_signal.h'],
    };
  },
});
