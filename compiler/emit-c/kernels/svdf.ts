/**
 * SVDF in C, as compiler/ops/svdf.ts: the state moves one element left,
 * each filter's requantized feature dot product goes into its newest slot
 * (plus the state zero point, stored wrapping), then each unit sums its
 * filters' time dot products with its bias and is requantized to int8.
 * The state is the op's second output, updated in place. Sums wrap.
 */
import { cTypeOf, intRange } from '../../ir/index.js';
import type { SvdfPrepared } from '../../ops/svdf.js';
import { CWriter } from '../writer.js';
import { defineKernel, type KernelContext } from './kernel.js';

export const svdfKernel = defineKernel({
  kind: 'svdf',
  emit({ prepared: p }: KernelContext<SvdfPrepared>) {
    const { batch: B, inputSize: I, filters: F, memory: M, units: U, rank: R } = p;
    const st = cTypeOf(p.stateType);
    const { min: lo, max: hi } = intRange(p.stateType);
    const w = new CWriter();
    w.line(`for (int32_t k = 0; k < ${B * F * M - 1}; k++) state[k] = state[k + 1];`);
    w.line(`for (int32_t b = 0; b < ${B}; b++) {`);
    w.line(`  for (int32_t f = 0; f < ${F}; f++) {`);
    w.line('    int32_t acc = 0;');
    w.line(`    for (int32_t c = 0; c < ${I}; c++) acc = ingot_wrap_add(acc, (int32_t)wf[f * ${I} + c] * ((int32_t)x[b * ${I} + c] - (${p.inputZeroPoint})));`);
    w.line(`    acc = ingot_clamp_i32(ingot_mbqm(acc, ${p.featureScale[0]}, ${p.featureScale[1]}), ${lo}, ${hi});`);
    w.line('    /* The zero point is added after the clamp, and the store keeps the low bits: TFLite Micro\'s order. */');
    w.line(`    state[(b * ${F} + f) * ${M} + ${M - 1}] = (${st})(${p.stateType === 'i8' ? 'uint8_t' : 'uint16_t'})(uint32_t)(acc + (${p.stateZeroPoint}));`);
    w.line('  }');
    w.line(`  for (int32_t u = 0; u < ${U}; u++) {`);
    w.line('    int32_t acc = bias[u];');
    w.line(`    for (int32_t f = u * ${R}; f < (u + 1) * ${R}; f++) {`);
    w.line('      int32_t dot = 0;');
    w.line(`      for (int32_t j = 0; j < ${M}; j++) dot = ingot_wrap_add(dot, (int32_t)wt[f * ${M} + j] * ((int32_t)state[(b * ${F} + f) * ${M} + j] - (${p.stateZeroPoint})));`);
    w.line('      acc = ingot_wrap_add(acc, dot);');
    w.line('    }');
    w.line(`    y[b * ${U} + u] = (int8_t)ingot_clamp_i32(ingot_mbqm(acc, ${p.outputScale[0]}, ${p.outputScale[1]}) + (${p.outputZeroPoint}), -128, 127);`);
    w.line('  }');
    w.line('}');
    return {
      params: [
        { kind: 'input', index: 0, name: 'x', ctype: 'int8_t' },
        { kind: 'input', index: 1, name: 'wf', ctype: 'int8_t' },
        { kind: 'input', index: 2, name: 'wt', ctype: st },
        { kind: 'input', index: 3, name: 'bias', ctype: 'int32_t' },
        { kind: 'output', index: 0, name: 'y', ctype: 'int8_t' },
        { kind: 'output', index: 1, name: 'state', ctype: st },
      ],
      body: w,
      noAlias: true,
    };
  },
});
