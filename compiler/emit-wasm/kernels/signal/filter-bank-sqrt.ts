/**
 * SignalFilterBankSquareRoot in wasm, as compiler/ops/signal/filter-bank-sqrt.ts:
 * the rounded square root of each uint64 sum (sqrt64 below), shifted right
 * (logically) by the auto-scale's shift read from the scalar input, masked
 * to 0…31 as the reference does.
 */
import type { Graph, Op } from '../../../ir/index.js';
import type { SignalFilterBankSqrtPrepared } from '../../../ops/signal/filter-bank-sqrt.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { bump, defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';
import { sqrt64 } from './square-root.js';

export const signalFilterBankSqrtKernel = defineKernel({
  plan(op: Op<'signal_filter_bank_sqrt'>, p: SignalFilterBankSqrtPrepared, _g: Graph): KernelPlan<SignalFilterBankSqrtPrepared> {
    return { config: { ...p }, operands: [tensorOperand(op, 0), tensorOperand(op, 1), outputOperand(op)] };
  },

  emit(f: FunctionBuilder, p: SignalFilterBankSqrtPrepared): Expr {
    const m = f.m;
    const [x, shiftIn, y] = f.params(3);
    const [i, shift] = f.locals(2, f.t.i32);
    const root = sqrt64(f.module);
    return f.block([
      shift.set(m.i32.and(m.i32.load(0, 4, shiftIn.get()), f.i32(31))),
      f.forRange(i, 0, p.count, [
        m.i32.store(0, 4, y.get(), m.i32.shr_u(root(m.i64.load(0, 8, x.get())), shift.get())),
        bump(f, x, 8), bump(f, y, 4),
      ]),
    ]);
  },
});
