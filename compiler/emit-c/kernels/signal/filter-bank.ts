/**
 * SignalFilterBank in C, as compiler/ops/signal/filter-bank.ts: channel c's
 * taps add weight·energy to its own sum and unweight·energy to the next
 * channel's; channel 0 only seeds channel 1. Energies are uint32 (read
 * through a uint32_t pointer), each int16 weight is sign-extended and the
 * products and sums wrap in uint64, written through a uint64_t pointer to
 * the int64 output. The five tables are the op's constant inputs; their
 * ranges were checked by `prepare`.
 */
import type { SignalFilterBankPrepared } from '../../../ops/signal/filter-bank.js';
import { CWriter } from '../../writer.js';
import { defineKernel, type KernelContext } from '../kernel.js';

export const signalFilterBankKernel = defineKernel({
  kind: 'signal_filter_bank',
  emit({ prepared: p }: KernelContext<SignalFilterBankPrepared>) {
    const w = new CWriter();
    w.line('const uint32_t *energy = (const uint32_t *)input;');
    w.line('uint64_t *sums = (uint64_t *)output;');
    w.line('uint64_t sum = 0;');
    w.line('uint64_t next = 0;');
    w.block(`for (int32_t c = 0; c <= ${p.numChannels}; c++)`, () => {
      w.line('const uint32_t *e = energy + freq_starts[c];');
      w.line('const int16_t *wt = weights + weight_starts[c];');
      w.line('const int16_t *un = unweights + weight_starts[c];');
      w.block('for (int32_t k = 0; k < widths[c]; k++)', () => {
        w.line('sum += (uint64_t)(int64_t)wt[k] * e[k];');
        w.line('next += (uint64_t)(int64_t)un[k] * e[k];');
      });
      w.line('if (c > 0) sums[c - 1] = sum;');
      w.line('sum = next;');
      w.line('next = 0;');
    });
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: 'int32_t' },
        { kind: 'input', index: 1, name: 'weights', ctype: 'int16_t' },
        { kind: 'input', index: 2, name: 'unweights', ctype: 'int16_t' },
        { kind: 'input', index: 3, name: 'freq_starts', ctype: 'int16_t' },
        { kind: 'input', index: 4, name: 'weight_starts', ctype: 'int16_t' },
        { kind: 'input', index: 5, name: 'widths', ctype: 'int16_t' },
        { kind: 'output', index: 0, name: 'output', ctype: 'int64_t' },
      ],
      body: w,
      noAlias: true,
    };
  },
});
