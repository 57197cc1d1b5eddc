/**
 * SignalFilterBankLog in C, as compiler/ops/signal/filter-bank-log.ts: each
 * uint32 channel shifted left (wrapping), through the fixed-point natural
 * log times the output scale (ingot_log32 in ingot_signal.h), capped at
 * 32767; 0 and 1 give 0.
 */
import type { SignalFilterBankLogPrepared } from '../../../ops/signal/filter-bank-log.js';
import { CWriter } from '../../writer.js';
import { inputOutputParams } from '../common.js';
import { defineKernel, type KernelContext } from '../kernel.js';

export const signalFilterBankLogKernel = defineKernel({
  kind: 'signal_filter_bank_log',
  emit({ prepared: p }: KernelContext<SignalFilterBankLogPrepared>) {
    const bits = p.inputCorrectionBits;
    const w = new CWriter();
    w.line('const uint32_t *energy = (const uint32_t *)input;');
    w.block(`for (int32_t i = 0; i < ${p.count}; i++)`, () => {
      w.line(`const uint32_t scaled = energy[i]${bits === 0 ? '' : ` << ${bits}`};`);
      w.line(`const uint32_t value = scaled > 1 ? ingot_log32(scaled, ${p.outputScale >>> 0}u) : 0;`);
      w.line('output[i] = (int16_t)(value < 32767u ? value : 32767u);');
    });
    return {
      params: inputOutputParams('int32_t', 'int16_t'),
      body: w,
      noAlias: true,
      includes: ['ingot_signal.h'],
    };
  },
});
