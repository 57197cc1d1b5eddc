/**
 * SEQUENCE_LSTM in C, as compiler/ops/sequence-lstm.ts: per batch row and
 * time step, the four gates' pre-activations from the previous hidden state
 * (wrapping int32 dot products, each projection requantized and clamped to
 * int16, then added with saturation), then per unit the int16 sigmoid/tanh
 * (runtime-c/ingot_int16_act.h), the cell update and the new hidden value,
 * which is also the step's output. The hidden and cell state are the op's
 * state outputs, read and updated in place (they persist between invokes);
 * the gates live in the op's scratch. Sizes are literals; the gates'
 * projection multipliers and shifts are a four-entry table, the cell and
 * hidden ones literals.
 */
import type { SequenceLstmPrepared } from '../../ops/sequence-lstm.js';
import { CWriter } from '../writer.js';
import { fixedPointMultiply } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';

/** Scratch bytes: one step's four gates (int16). */
const scratchBytesOf = (p: SequenceLstmPrepared): number => 2 * 4 * p.units;

export const sequenceLstmKernel = defineKernel({
  kind: 'sequence_lstm',
  scratchBytes: ({ prepared }: KernelContext<SequenceLstmPrepared>) => scratchBytesOf(prepared),
  emit({ prepared: p }: KernelContext<SequenceLstmPrepared>) {
    const S = p.units;
    const I = p.inputSize;
    const w = new CWriter();
    const clamp16 = (e: string): string => `ingot_clamp_i32(${e}, -32768, 32767)`;
    // The gates' multipliers and shifts are tables the rows index: one copy of the row loop for all four gates.
    const inputScale = fixedPointMultiply(w, p.inputScales.map((s) => s[0]), p.inputScales.map((s) => s[1]), { prefix: 'in_' });
    const recurrentScale = fixedPointMultiply(w, p.recurrentScales.map((s) => s[0]), p.recurrentScales.map((s) => s[1]), { prefix: 'rec_' });
    w.line('int16_t *gates = scratch;');
    w.line(`for (int32_t b = 0; b < ${p.batch}; b++) {`);
    w.line(`  int16_t *c = cell + b * ${S};`);
    w.line(`  int8_t *h = hidden + b * ${S};`);
    w.line(`  for (int32_t t = 0; t < ${p.time}; t++) {`);
    w.line(`    const int32_t row = ${p.timeMajor ? `t * ${p.batch} + b` : `b * ${p.time} + t`};`);
    w.line(`    const int8_t *xr = x + row * ${I};`);
    // Four gate rows at a time (4·S rows): each input and hidden value is loaded once for four dot products.
    const four = (f: (q: number) => string): string => [0, 1, 2, 3].map(f).join(' ');
    w.line(`    for (int32_t r = 0; r < ${4 * S}; r += 4) {`);
    w.line(`      const int8_t *wi = w_in + r * ${I};`);
    w.line(`      const int8_t *wr = w_rec + r * ${S};`);
    w.line(`      int32_t ${[0, 1, 2, 3].map((q) => `a${q} = b_in[r + ${q}], h${q} = b_rec[r + ${q}]`).join(', ')};`);
    w.line(`      for (int32_t k = 0; k < ${I}; k++) {`);
    w.line('        const int32_t v = xr[k];');
    w.line(`        ${four((q) => `a${q} = ingot_wrap_add(a${q}, (int32_t)wi[${q * I} + k] * v);`)}`);
    w.line('      }');
    w.line(`      for (int32_t k = 0; k < ${S}; k++) {`);
    w.line('        const int32_t v = h[k];');
    w.line(`        ${four((q) => `h${q} = ingot_wrap_add(h${q}, (int32_t)wr[${q * S} + k] * v);`)}`);
    w.line('      }');
    // With S a multiple of 4 a step's rows are one gate's: its index is found once.
    const sameGate = S % 4 === 0;
    if (sameGate) w.line(`      const int32_t g = r / ${S};`);
    for (let q = 0; q < 4; q++) {
      const g = sameGate ? 'g' : `(r + ${q}) / ${S}`;
      w.line(`      gates[r + ${q}] = (int16_t)${clamp16(`${clamp16(inputScale(`a${q}`, g))} + ${clamp16(recurrentScale(`h${q}`, g))}`)};`);
    }
    w.line('    }');
    w.line(`    for (int32_t u = 0; u < ${S}; u++) {`);
    w.line(`      const int32_t ig = ingot_sigmoid16(gates[u]);`);
    w.line(`      const int32_t fg = ingot_sigmoid16(gates[${S} + u]);`);
    w.line(`      const int32_t gg = ${p.cellGate === 'tanh' ? `ingot_tanh16(gates[${2 * S} + u], 0, 0)` : `ingot_sigmoid16(gates[${2 * S} + u])`};`);
    w.line(`      const int32_t og = ingot_sigmoid16(gates[${3 * S} + u]);`);
    const [fm, fs] = p.forgetCell;
    const [im, is] = p.inputCell;
    w.line(`      int32_t cv = ${clamp16(`${clamp16(`ingot_mbqm(fg * c[u], ${fm}, ${fs})`)} + ${clamp16(`ingot_mbqm(ig * gg, ${im}, ${is})`)}`)};`);
    if (p.cellClip > 0) w.line(`      cv = ingot_clamp_i32(cv, ${-p.cellClip}, ${p.cellClip});`);
    w.line(`      c[u] = (int16_t)cv;`);
    const [hm, hs] = p.hidden;
    w.line(`      h[u] = (int8_t)ingot_clamp_i32(ingot_mbqm(ingot_tanh16(cv, ${p.cellTanh[0]}, ${p.cellTanh[1]}) * og, ${hm}, ${hs}) + ${p.hiddenZeroPoint}, -128, 127);`);
    w.line(`      y[row * ${S} + u] = h[u];`);
    w.line('    }');
    w.line('  }');
    w.line('}');
    return {
      params: [
        { kind: 'input', index: 0, name: 'x', ctype: 'int8_t' },
        { kind: 'input', index: 1, name: 'w_in', ctype: 'int8_t' },
        { kind: 'input', index: 2, name: 'w_rec', ctype: 'int8_t' },
        { kind: 'input', index: 3, name: 'b_in', ctype: 'int32_t' },
        { kind: 'input', index: 4, name: 'b_rec', ctype: 'int32_t' },
        { kind: 'output', index: 0, name: 'y', ctype: 'int8_t' },
        { kind: 'output', index: 1, name: 'hidden', ctype: 'int8_t' },
        { kind: 'output', index: 2, name: 'cell', ctype: 'int16_t' },
        { kind: 'scratch', name: 'scratch', ctype: 'int16_t' },
      ],
      body: w,
      noAlias: true,
      scratchBytes: scratchBytesOf(p),
      includes: ['ingot_int16_act.h'],
    };
  },
});
