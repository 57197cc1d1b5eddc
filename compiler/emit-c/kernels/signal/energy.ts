/**
 * SignalEnergy in C, as compiler/ops/signal/energy.ts: re² + im² of each
 * interleaved int16 bin in [start, end) as a uint32 (two squares of −32768
 * sum to 2^31, past int32), the other bins 0. The output tensor is int32
 * (the IR has no uint32) and is written through a uint32_t pointer. The
 * planner may place the output over the input (bin i's bytes are its own
 * inputs, read first), so the pointers are not restrict.
 */
import type { SignalEnergyPrepared } from '../../../ops/signal/energy.js';
import { CWriter } from '../../writer.js';
import { inputOutputParams } from '../common.js';
import { defineKernel, type KernelContext } from '../kernel.js';

export const signalEnergyKernel = defineKernel({
  kind: 'signal_energy',
  emit({ prepared: p }: KernelContext<SignalEnergyPrepared>) {
    const w = new CWriter();
    w.line('uint32_t *energy = (uint32_t *)output;');
    if (p.startIndex > 0) w.line(`for (int32_t i = 0; i < ${p.startIndex}; i++) energy[i] = 0;`);
    w.block(`for (int32_t i = ${p.startIndex}; i < ${p.endIndex}; i++)`, () => {
      w.line('const int32_t re = input[2 * i];');
      w.line('const int32_t im = input[2 * i + 1];');
      w.line('energy[i] = (uint32_t)(re * re) + (uint32_t)(im * im);');
    });
    if (p.endIndex < p.bins) w.line(`for (int32_t i = ${p.endIndex}; i < ${p.bins}; i++) energy[i] = 0;`);
    return {
      params: inputOutputParams('int16_t', 'int32_t'),
      body: w,
      noAlias: false,
    };
  },
});
