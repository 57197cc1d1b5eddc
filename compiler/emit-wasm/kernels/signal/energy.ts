/**
 * SignalEnergy in wasm, as compiler/ops/signal/energy.ts: re² + im² of each
 * interleaved int16 bin in [start, end), wrapping in i32 (the uint32 result
 * keeps its bits); the bins outside the range are zeroed.
 */
import type { Graph, Op } from '../../../ir/index.js';
import type { SignalEnergyPrepared } from '../../../ops/signal/energy.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';

export const signalEnergyKernel = defineKernel({
  plan(op: Op<'signal_energy'>, p: SignalEnergyPrepared, _g: Graph): KernelPlan<SignalEnergyPrepared> {
    return { config: { ...p }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },

  emit(f: FunctionBuilder, p: SignalEnergyPrepared): Expr {
    const m = f.m;
    const [x, y] = f.params(2);
    const [i, re, im] = f.locals(3, f.t.i32);
    const binAt = (base: Expr, bytes: number): Expr => m.i32.add(base, m.i32.mul(i.get(), f.i32(bytes)));
    const zero = (from: number, to: number): Expr => f.forRange(i, from, to, [m.i32.store(0, 4, binAt(y.get(), 4), f.i32(0))]);
    return f.block([
      zero(0, p.startIndex),
      f.forRange(i, p.startIndex, p.endIndex, [
        re.set(m.i32.load16_s(0, 2, binAt(x.get(), 4))),
        im.set(m.i32.load16_s(2, 2, binAt(x.get(), 4))),
        m.i32.store(0, 4, binAt(y.get(), 4), m.i32.add(m.i32.mul(re.get(), re.get()), m.i32.mul(im.get(), im.get()))),
      ]),
      zero(p.endIndex, p.bins),
    ]);
  },
});
