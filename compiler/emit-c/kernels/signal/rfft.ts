/**
 * SignalRfft in C, as compiler/ops/signal/rfft.ts and kissfft.ts's
 * `rfftFrame`: the plan (permutation, butterfly levels, Q15 twiddles) is
 * fixed at compile time, so it is baked in — the tables as static consts,
 * each level as a loop with its radix, span and twiddle stride as
 * literals. Each frame is copied in kissfft's input order into the output
 * buffer, transformed there in place level by level, then split into the
 * fft_length / 2 + 1 bins of the real transform.
 *
 * Arithmetic as the reference: int16 values held in int32, Q15 products
 * summed wrapping in uint32 and rounded (ingot_signal.h), every store kept
 * to its low 16 bits.
 */
import type { FftStage, RfftPlan } from '../../../ops/signal/kissfft.js';
import type { SignalRfftPrepared } from '../../../ops/signal/rfft.js';
import { CWriter } from '../../writer.js';
import { constTable, inputOutputParams } from '../common.js';
import { defineKernel, type KernelContext } from '../kernel.js';

/** x / radix in Q15 as kissfft does it: sround(x · ⌊32767 / radix⌋). */
const divide = (x: string, radix: number): string => `ingot_q15_round((uint32_t)(${x} * ${Math.trunc(32767 / radix)}))`;

/** (xr + i·xi) times twiddle `t` (an index expression), as the two rounded parts `re`, `im`. */
function twiddled(w: CWriter, re: string, im: string, xr: string, xi: string, t: string): void {
  w.line(`const int32_t ${re} = ingot_q15_mul_re(${xr}, ${xi}, tw_cos[${t}], tw_sin[${t}]);`);
  w.line(`const int32_t ${im} = ingot_q15_mul_im(${xr}, ${xi}, tw_cos[${t}], tw_sin[${t}]);`);
}

function radix2(w: CWriter, { m, stride }: FftStage): void {
  w.line(`const int32_t a = 2 * (o + u), c = a + ${2 * m};`);
  w.line(`const int32_t ar = ${divide('b[a]', 2)}, ai = ${divide('b[a + 1]', 2)};`);
  w.line(`const int32_t cr = ${divide('b[c]', 2)}, ci = ${divide('b[c + 1]', 2)};`);
  twiddled(w, 'tr', 'ti', 'cr', 'ci', `u * ${stride}`);
  w.line('b[c] = ingot_wrap16(ar - tr); b[c + 1] = ingot_wrap16(ai - ti);');
  w.line('b[a] = ingot_wrap16(ar + tr); b[a + 1] = ingot_wrap16(ai + ti);');
}

function radix4(w: CWriter, { m, stride }: FftStage): void {
  w.line(`const int32_t i0 = 2 * (o + u), i1 = i0 + ${2 * m}, i2 = i0 + ${4 * m}, i3 = i0 + ${6 * m};`);
  for (const k of [0, 1, 2, 3]) w.line(`const int32_t f${k}r = ${divide(`b[i${k}]`, 4)}, f${k}i = ${divide(`b[i${k} + 1]`, 4)};`);
  twiddled(w, 's0r', 's0i', 'f1r', 'f1i', `u * ${stride}`);
  twiddled(w, 's1r', 's1i', 'f2r', 'f2i', `u * ${2 * stride}`);
  twiddled(w, 's2r', 's2i', 'f3r', 'f3i', `u * ${3 * stride}`);
  w.line('const int32_t s5r = ingot_wrap16(f0r - s1r), s5i = ingot_wrap16(f0i - s1i);');
  w.line('const int32_t g0r = ingot_wrap16(f0r + s1r), g0i = ingot_wrap16(f0i + s1i);');
  w.line('const int32_t s3r = ingot_wrap16(s0r + s2r), s3i = ingot_wrap16(s0i + s2i);');
  w.line('const int32_t s4r = ingot_wrap16(s0r - s2r), s4i = ingot_wrap16(s0i - s2i);');
  w.line('b[i2] = ingot_wrap16(g0r - s3r); b[i2 + 1] = ingot_wrap16(g0i - s3i);');
  w.line('b[i0] = ingot_wrap16(g0r + s3r); b[i0 + 1] = ingot_wrap16(g0i + s3i);');
  w.line('b[i1] = ingot_wrap16(s5r + s4i); b[i1 + 1] = ingot_wrap16(s5i - s4r);');
  w.line('b[i3] = ingot_wrap16(s5r - s4i); b[i3 + 1] = ingot_wrap16(s5i + s4r);');
}

/** The real split, in place: bins k and n − k from complex points k and n − k. */
function realSplit(w: CWriter, n: number): void {
  w.line(`const int32_t dcr = ${divide('b[0]', 2)}, dci = ${divide('b[1]', 2)};`);
  w.line('b[0] = ingot_wrap16(dcr + dci); b[1] = 0;');
  w.line(`b[${2 * n}] = ingot_wrap16(dcr - dci); b[${2 * n + 1}] = 0;`);
  w.block(`for (int32_t k = 1; k <= ${n / 2}; k++)`, () => {
    w.line(`const int32_t p = 2 * k, q = ${2 * n} - 2 * k;`);
    w.line(`const int32_t pkr = ${divide('b[p]', 2)}, pki = ${divide('b[p + 1]', 2)};`);
    w.line(`const int32_t pnr = ${divide('b[q]', 2)}, pni = ${divide('ingot_wrap16(-b[q + 1])', 2)};`);
    w.line('const int32_t f1r = ingot_wrap16(pkr + pnr), f1i = ingot_wrap16(pki + pni);');
    w.line('const int32_t f2r = ingot_wrap16(pkr - pnr), f2i = ingot_wrap16(pki - pni);');
    w.line('const int32_t twr = ingot_q15_mul_re(f2r, f2i, split_cos[k - 1], split_sin[k - 1]);');
    w.line('const int32_t twi = ingot_q15_mul_im(f2r, f2i, split_cos[k - 1], split_sin[k - 1]);');
    w.line('/* Sums of two int16 halved: arithmetic shifts of int32, as the reference. */');
    w.line('b[p] = ingot_wrap16((f1r + twr) >> 1); b[p + 1] = ingot_wrap16((f1i + twi) >> 1);');
    w.line('b[q] = ingot_wrap16((f1r - twr) >> 1); b[q + 1] = ingot_wrap16((twi - f1i) >> 1);');
  });
}

/** One frame: `x` holds its samples, `b` receives its bins. */
function frame(w: CWriter, plan: RfftPlan, inputLength: number): void {
  const n = plan.points;
  const sample = (j: string): string => (inputLength >= plan.fftLength ? `x[${j}]` : `(${j} < ${inputLength} ? x[${j}] : 0)`);
  w.block(`for (int32_t k = 0; k < ${n}; k++)`, () => {
    w.line('const int32_t j = 2 * order[k];');
    w.line(`b[2 * k] = ${sample('j')};`);
    w.line(`b[2 * k + 1] = ${sample('j + 1')};`);
  });
  for (const stage of plan.stages) {
    w.comment(`radix ${stage.radix}, span ${stage.m}, twiddle stride ${stage.stride}`);
    w.block(`for (int32_t o = 0; o < ${n}; o += ${stage.radix * stage.m})`, () => {
      w.block(`for (int32_t u = 0; u < ${stage.m}; u++)`, () => (stage.radix === 2 ? radix2(w, stage) : radix4(w, stage)));
    });
  }
  realSplit(w, n);
}

export const signalRfftKernel = defineKernel({
  kind: 'signal_rfft',
  emit({ prepared: p }: KernelContext<SignalRfftPrepared>) {
    const { plan, frames, inputLength } = p;
    const w = new CWriter();
    // Complex pair indices are below points ≤ 32768, so they fit int16 tables.
    constTable(w, 'int16_t', 'order', plan.order);
    constTable(w, 'int16_t', 'tw_cos', plan.cos);
    constTable(w, 'int16_t', 'tw_sin', plan.sin);
    constTable(w, 'int16_t', 'split_cos', plan.superCos);
    constTable(w, 'int16_t', 'split_sin', plan.superSin);
    w.block(`for (int32_t f = 0; f < ${frames}; f++)`, () => {
      w.line(`const int16_t *x = input + f * ${inputLength};`);
      w.line(`int16_t *b = output + f * ${plan.fftLength + 2};`);
      frame(w, plan, inputLength);
    });
    return {
      params: inputOutputParams('int16_t'),
      body: w,
      noAlias: true,
      includes: ['ingot_signal.h'],
    };
  },
});
