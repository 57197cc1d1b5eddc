/**
 * SignalFftAutoScale in wasm, as compiler/ops/signal/fft-auto-scale.ts: the
 * running maximum magnitude (TFLite Micro's int16 one: −(−32768) wraps back
 * to −32768), the shift 15 − msb(max) kept at 0 or more, then every sample
 * shifted left and stored by its low 16 bits, and the shift to the second
 * output (an int32 scalar).
 *
 * msb(max) = 32 − clz(max), except that an all-zero frame counts as msb 32
 * (the reference's convention), so both a zero and a negative maximum give
 * shift 0: the shift is clz(max) − 17 when that is positive and max ≠ 0.
 */
import type { Graph, Op } from '../../../ir/index.js';
import type { SignalFftAutoScalePrepared } from '../../../ops/signal/fft-auto-scale.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';

export const signalFftAutoScaleKernel = defineKernel({
  plan(op: Op<'signal_fft_auto_scale'>, p: SignalFftAutoScalePrepared, _g: Graph): KernelPlan<SignalFftAutoScalePrepared> {
    return { config: { ...p }, operands: [tensorOperand(op, 0), outputOperand(op, 0), outputOperand(op, 1)] };
  },

  emit(f: FunctionBuilder, p: SignalFftAutoScalePrepared): Expr {
    const m = f.m;
    const [x, y, shiftOut] = f.params(3);
    const [i, v, max, shift] = f.locals(4, f.t.i32);
    const sampleAt = (base: Expr): Expr => m.i32.add(base, m.i32.shl(i.get(), f.i32(1)));
    const negated = (): Expr => m.i32.sub(f.i32(0), v.get());
    return f.block([
      max.set(f.i32(0)),
      f.forRange(i, 0, p.count, [
        v.set(m.i32.load16_s(0, 2, sampleAt(x.get()))),
        m.if(m.i32.gt_s(v.get(), max.get()),
          max.set(v.get()),
          m.if(m.i32.gt_s(negated(), max.get()), max.set(m.i32.extend16_s(negated())))),
      ]),
      shift.set(m.i32.sub(m.i32.clz(max.get()), f.i32(17))),
      shift.set(m.select(m.i32.and(m.i32.ne(max.get(), f.i32(0)), m.i32.gt_s(shift.get(), f.i32(0))), shift.get(), f.i32(0))),
      f.forRange(i, 0, p.count, [
        m.i32.store16(0, 2, sampleAt(y.get()), m.i32.shl(m.i32.load16_s(0, 2, sampleAt(x.get())), shift.get())),
      ]),
      m.i32.store(0, 4, shiftOut.get(), shift.get()),
    ]);
  },
});
