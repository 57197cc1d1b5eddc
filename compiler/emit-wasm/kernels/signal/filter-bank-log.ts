/**
 * SignalFilterBankLog in wasm, as compiler/ops/signal/filter-bank-log.ts:
 * each uint32 channel shifted left by input_correction_bits (wrapping),
 * then, when above 1, fixed-math.ts's log32 capped at 32767; else 0.
 *
 * log32 step by step: e = msb − 1 = 31 − clz; the 16 mantissa bits f below
 * the leading one; the correction interpolated from LOG_CORRECTION (a
 * constant table operand); log2 in Q16 below 2^21, so ln 2 · log2 needs
 * i64 before its rounding shift; the last product wraps to uint32 before
 * its rounding, as TFLite Micro's does.
 */
import type { Graph, Op } from '../../../ir/index.js';
import { LN2_Q16, LOG_CORRECTION } from '../../../ops/signal/fixed-math.js';
import type { SignalFilterBankLogPrepared } from '../../../ops/signal/filter-bank-log.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { bump, defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';

export const signalFilterBankLogKernel = defineKernel({
  plan(op: Op<'signal_filter_bank_log'>, p: SignalFilterBankLogPrepared, _g: Graph): KernelPlan<SignalFilterBankLogPrepared> {
    const correction = new Uint8Array(Uint16Array.from(LOG_CORRECTION).buffer);
    return { config: { ...p }, operands: [tensorOperand(op, 0), outputOperand(op), { table: correction }] };
  },

  emit(f: FunctionBuilder, p: SignalFilterBankLogPrepared): Expr {
    const m = f.m;
    const [x, y, correction] = f.params(3);
    const [i, scaled, e, frac, segment, a, b, log2, value] = f.locals(9, f.t.i32);
    const lnQ16 = m.i32.wrap(m.i64.shr_s(m.i64.add(m.i64.mul(f.i64(LN2_Q16), m.i64.extend_u(log2.get())), f.i64(32768)), f.i64(16)));
    const log = f.block([
      e.set(m.i32.sub(f.i32(31), m.i32.clz(scaled.get()))),
      frac.set(m.i32.xor(scaled.get(), m.i32.shl(f.i32(1), e.get()))),
      frac.set(m.select(m.i32.lt_u(e.get(), f.i32(16)),
        m.i32.shl(frac.get(), m.i32.sub(f.i32(16), e.get())),
        m.i32.shr_u(frac.get(), m.i32.sub(e.get(), f.i32(16))))),
      segment.set(m.i32.shr_u(frac.get(), f.i32(9))),
      a.set(m.i32.load16_u(0, 2, m.i32.add(correction.get(), m.i32.shl(segment.get(), f.i32(1))))),
      b.set(m.i32.load16_u(2, 2, m.i32.add(correction.get(), m.i32.shl(segment.get(), f.i32(1))))),
      log2.set(m.i32.add(m.i32.add(m.i32.add(m.i32.shl(e.get(), f.i32(16)), frac.get()), a.get()),
        m.i32.shr_s(m.i32.mul(m.i32.sub(b.get(), a.get()), m.i32.sub(frac.get(), m.i32.shl(segment.get(), f.i32(9)))), f.i32(16)))),
      // ((outScale · ln) mod 2^32 + 2^15) mod 2^32 >> 16, capped at 32767.
      value.set(m.i32.shr_u(m.i32.add(m.i32.mul(f.i32(p.outputScale), lnQ16), f.i32(32768)), f.i32(16))),
      m.i32.store16(0, 2, y.get(), m.select(m.i32.gt_u(value.get(), f.i32(32767)), f.i32(32767), value.get())),
    ]);
    return f.forRange(i, 0, p.count, [
      scaled.set(m.i32.shl(m.i32.load(0, 4, x.get()), f.i32(p.inputCorrectionBits))),
      m.if(m.i32.gt_u(scaled.get(), f.i32(1)), log, m.i32.store16(0, 2, y.get(), f.i32(0))),
      bump(f, x, 4), bump(f, y, 2),
    ]);
  },
});
