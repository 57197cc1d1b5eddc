/**
 * SEQUENCE_LSTM_FLOAT in C, as compiler/ops/sequence-lstm-float.ts: per
 * batch row and time step, the 4·S gate pre-activations four rows at a
 * time (each input and hidden value loaded once for four dot products,
 * each sum in k order as the fully connected kernel adds), then per unit
 * the gates' logistic/tanh (the activation kernels' float rows), the cell
 * update and the new hidden value, which is also the step's output. The
 * hidden and cell state are the op's state outputs, read and updated in
 * place; the pre-activations live in the op's scratch.
 */
import type { SequenceLstmFloatPrepared } from '../../ops/sequence-lstm-float.js';
import { cFloat } from '../literals.js';
import { CWriter } from '../writer.js';
import { floatActivationLines } from './activations.js';
import { defineKernel, type KernelContext } from './kernel.js';

/** Scratch bytes: one step's 4·S pre-activations. */
const scratchBytesOf = (p: SequenceLstmFloatPrepared): number => 4 * 4 * p.units;

export const sequenceLstmFloatKernel = defineKernel({
  kind: 'sequence_lstm_float',
  scratchBytes: ({ prepared }: KernelContext<SequenceLstmFloatPrepared>) => scratchBytesOf(prepared),
  emit({ prepared: p }: KernelContext<SequenceLstmFloatPrepared>) {
    const S = p.units;
    const I = p.inputSize;
    const w = new CWriter();
    const four = (f: (q: number) => string): string => [0, 1, 2, 3].map(f).join(' ');
    /** `into = act(value)` in a block of its own (the rows declare x and y). */
    const activation = (kind: 'logistic' | 'tanh', into: string, value: string): void => {
      w.line(`{ const float x = ${value}; ${floatActivationLines(kind).join(' ')} ${into} = y; }`);
    };
    w.line('float *z = scratch;');
    w.block(`for (int32_t b = 0; b < ${p.batch}; b++)`, () => {
      w.line(`float *c = cell + b * ${S};`);
      w.line(`float *h = hidden + b * ${S};`);
      w.block(`for (int32_t t = 0; t < ${p.time}; t++)`, () => {
        w.line(`const int32_t row = ${p.timeMajor ? `t * ${p.batch} + b` : `b * ${p.time} + t`};`);
        w.line(`const float *xr = input + row * ${I};`);
        w.block(`for (int32_t r = 0; r < ${4 * S}; r += 4)`, () => {
          w.line(`const float *wi = w_in + r * ${I};`);
          w.line(`const float *wr = w_rec + r * ${S};`);
          w.line(`float ${[0, 1, 2, 3].map((q) => `a${q} = 0.0f, h${q} = 0.0f`).join(', ')};`);
          w.block(`for (int32_t k = 0; k < ${I}; k++)`, () => {
            w.line('const float v = xr[k];');
            w.line(four((q) => `a${q} = a${q} + v * wi[${q * I} + k];`));
          });
          w.block(`for (int32_t k = 0; k < ${S}; k++)`, () => {
            w.line('const float v = h[k];');
            w.line(four((q) => `h${q} = h${q} + v * wr[${q * S} + k];`));
          });
          w.line(four((q) => `z[r + ${q}] = (a${q} + bias[r + ${q}]) + h${q};`));
        });
        w.block(`for (int32_t u = 0; u < ${S}; u++)`, () => {
          w.line('float ig, fg, gg, og, th, cv;');
          activation('logistic', 'ig', 'z[u]');
          activation('logistic', 'fg', `z[${S} + u]`);
          activation('tanh', 'gg', `z[${2 * S} + u]`);
          activation('logistic', 'og', `z[${3 * S} + u]`);
          w.line('cv = fg * c[u] + ig * gg;');
          if (p.cellClip > 0) w.line(`cv = ingot_clamp_f32(cv, ${cFloat(-p.cellClip)}, ${cFloat(p.cellClip)});`);
          w.line('c[u] = cv;');
          activation('tanh', 'th', 'cv');
          w.line('h[u] = og * th;');
          w.line(`out[row * ${S} + u] = h[u];`);
        });
      });
    });
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: 'float' },
        { kind: 'input', index: 1, name: 'w_in', ctype: 'float' },
        { kind: 'input', index: 2, name: 'w_rec', ctype: 'float' },
        { kind: 'input', index: 3, name: 'bias', ctype: 'float' },
        { kind: 'output', index: 0, name: 'out', ctype: 'float' },
        { kind: 'output', index: 1, name: 'hidden', ctype: 'float' },
        { kind: 'output', index: 2, name: 'cell', ctype: 'float' },
        { kind: 'scratch', name: 'scratch', ctype: 'float' },
      ],
      body: w,
      noAlias: true,
      scratchBytes: scratchBytesOf(p),
    };
  },
});
