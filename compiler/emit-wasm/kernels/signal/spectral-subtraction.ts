/**
 * SignalFilterBankSpectralSubtraction in wasm, as
 * compiler/ops/signal/spectral-subtraction.ts. The noise estimate is the
 * op's second output, a state tensor read and rewritten in place. All
 * values are uint32 in i32 bits: the mixes are 64-bit unsigned products
 * (zero-extended), the shifts and comparisons unsigned. Even and odd
 * channels differ only in their smoothing pair, picked by the channel's
 * low bit.
 */
import type { Graph, Op } from '../../../ir/index.js';
import type { SignalSpectralSubtractionPrepared } from '../../../ops/signal/spectral-subtraction.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { bump, defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';

export const signalSpectralSubtractionKernel = defineKernel({
  plan(op: Op<'signal_spectral_subtraction'>, p: SignalSpectralSubtractionPrepared, _g: Graph): KernelPlan<SignalSpectralSubtractionPrepared> {
    return { config: { ...p }, operands: [tensorOperand(op, 0), outputOperand(op, 0), outputOperand(op, 1)] };
  },

  emit(f: FunctionBuilder, p: SignalSpectralSubtractionPrepared): Expr {
    const m = f.m;
    const [x, y, noise] = f.params(3);
    const [i, xi, up, estimate, floor, subtracted] = f.locals(6, f.t.i32);
    const [smoothing, rest] = f.locals(2, f.t.i64);
    const u64 = (v: Expr): Expr => m.i64.extend_u(v);
    const u64Const = (v: number): Expr => f.i64(v >>> 0);
    const odd = (): Expr => m.i32.and(i.get(), f.i32(1));
    const ssb = (): Expr => f.i64(p.spectralSubtractionBits);
    return f.forRange(i, 0, p.numChannels, [
      smoothing.set(m.select(odd(), u64Const(p.alternateSmoothing), u64Const(p.smoothing))),
      rest.set(m.select(odd(), u64Const(p.alternateOneMinusSmoothing), u64Const(p.oneMinusSmoothing))),
      xi.set(m.i32.load(0, 4, x.get())),
      up.set(m.i32.shl(xi.get(), f.i32(p.smoothingBits))),
      // i64.load32_u, not i64.extend_i32_u(i32.load): binaryen's optimizer folds the latter into a sign-extending i64.load32_s.
      estimate.set(m.i32.wrap(m.i64.shr_u(
        m.i64.add(m.i64.mul(u64(up.get()), smoothing.get()), m.i64.mul(m.i64.load32_u(0, 4, noise.get()), rest.get())),
        ssb(),
      ))),
      m.i32.store(0, 4, noise.get(), estimate.get()),
      m.if(m.i32.gt_u(estimate.get(), up.get()), f.block([
        estimate.set(up.get()),
        ...(p.clamping ? [m.i32.store(0, 4, noise.get(), up.get())] : []),
      ])),
      floor.set(m.i32.wrap(m.i64.shr_u(m.i64.mul(u64(xi.get()), u64Const(p.minSignalRemaining)), ssb()))),
      subtracted.set(m.i32.shr_u(m.i32.sub(up.get(), estimate.get()), f.i32(p.smoothingBits))),
      m.i32.store(0, 4, y.get(), m.select(m.i32.gt_u(subtracted.get(), floor.get()), subtracted.get(), floor.get())),
      bump(f, x, 4), bump(f, y, 4), bump(f, noise, 4),
    ]);
  },
});
