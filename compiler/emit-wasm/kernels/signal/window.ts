/**
 * SignalWindow in wasm, as compiler/ops/signal/window.ts: each int16 sample
 * times its weight (the window restarts with every frame of the last
 * dimension), shifted right arithmetically and saturated to int16. The
 * product of two int16 always fits an i32, so no widening is needed.
 */
import type { Graph, Op } from '../../../ir/index.js';
import type { SignalWindowPrepared } from '../../../ops/signal/window.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { bump, defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';

export const signalWindowKernel = defineKernel({
  plan(op: Op<'signal_window'>, p: SignalWindowPrepared, _g: Graph): KernelPlan<SignalWindowPrepared> {
    return { config: { ...p }, operands: [tensorOperand(op, 0), tensorOperand(op, 1), outputOperand(op)] };
  },

  emit(f: FunctionBuilder, p: SignalWindowPrepared): Expr {
    const m = f.m;
    const [x, w, y] = f.params(3);
    const [frame, k, weight, v] = f.locals(4, f.t.i32);
    return f.forRange(frame, 0, p.count / p.length, [
      weight.set(w.get()),
      f.forRange(k, 0, p.length, [
        v.set(m.i32.shr_s(m.i32.mul(m.i32.load16_s(0, 2, x.get()), m.i32.load16_s(0, 2, weight.get())), f.i32(p.shift))),
        m.i32.store16(0, 2, y.get(), m.select(m.i32.lt_s(v.get(), f.i32(-32768)), f.i32(-32768),
          m.select(m.i32.gt_s(v.get(), f.i32(32767)), f.i32(32767), v.get()))),
        bump(f, x, 2), bump(f, y, 2), bump(f, weight, 2),
      ]),
    ]);
  },
});
