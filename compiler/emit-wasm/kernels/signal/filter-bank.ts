/**
 * SignalFilterBank in wasm, as compiler/ops/signal/filter-bank.ts: per
 * channel, the taps given by the constant channel tables (first energy bin,
 * first weight, width) add weight·energy to this channel's uint64 sum and
 * unweight·energy to the next one's. Energies are uint32 (zero-extended),
 * weights int16 (sign-extended); products and sums wrap in i64 as the
 * reference's modulo-2^64 arithmetic does. Channel 0 only seeds channel 1.
 */
import type { Graph, Op } from '../../../ir/index.js';
import type { SignalFilterBankPrepared } from '../../../ops/signal/filter-bank.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { bump, defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';

export const signalFilterBankKernel = defineKernel({
  plan(op: Op<'signal_filter_bank'>, p: SignalFilterBankPrepared, _g: Graph): KernelPlan<SignalFilterBankPrepared> {
    return { config: { ...p }, operands: [0, 1, 2, 3, 4, 5].map((i) => tensorOperand(op, i)).concat([outputOperand(op)]) };
  },

  emit(f: FunctionBuilder, p: SignalFilterBankPrepared): Expr {
    const m = f.m;
    const [energy, weights, unweights, freqStarts, weightStarts, widths, y] = f.params(7);
    const [c, k, width, pEnergy, pWeight, pUnweight] = f.locals(6, f.t.i32);
    const [sum, next, e] = f.locals(3, f.t.i64);
    const channelEntry = (table: Expr): Expr => m.i32.load16_s(0, 2, m.i32.add(table, m.i32.shl(c.get(), f.i32(1))));
    const weighted = (table: Expr): Expr => m.i64.mul(m.i64.extend_s(m.i32.load16_s(0, 2, table)), e.get());
    return f.block([
      sum.set(f.i64(0)),
      next.set(f.i64(0)),
      f.forRange(c, 0, p.numChannels + 1, [
        width.set(channelEntry(widths.get())),
        pEnergy.set(m.i32.add(energy.get(), m.i32.shl(channelEntry(freqStarts.get()), f.i32(2)))),
        pWeight.set(m.i32.shl(channelEntry(weightStarts.get()), f.i32(1))),
        pUnweight.set(m.i32.add(unweights.get(), pWeight.get())),
        pWeight.set(m.i32.add(weights.get(), pWeight.get())),
        f.forRange(k, 0, f.dyn(width.get()), [
          // i64.load32_u, not i64.extend_i32_u(i32.load): binaryen's optimizer folds the latter into a sign-extending i64.load32_s.
          e.set(m.i64.load32_u(0, 4, pEnergy.get())),
          sum.set(m.i64.add(sum.get(), weighted(pWeight.get()))),
          next.set(m.i64.add(next.get(), weighted(pUnweight.get()))),
          bump(f, pEnergy, 4), bump(f, pWeight, 2), bump(f, pUnweight, 2),
        ]),
        // Channel c's sum is complete once its own taps are in; channel 0's is dropped.
        m.if(m.i32.ne(c.get(), f.i32(0)), m.i64.store(0, 8, m.i32.add(y.get(), m.i32.shl(m.i32.sub(c.get(), f.i32(1)), f.i32(3))), sum.get())),
        sum.set(next.get()),
        next.set(f.i64(0)),
      ]),
    ]);
  },
});
