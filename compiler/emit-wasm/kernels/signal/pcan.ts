/**
 * SignalPCAN in wasm, as compiler/ops/signal/pcan.ts: each uint32 channel
 * times the gain its noise estimate picks from the constant int16 table
 * (pcanGain), shifted right in 64 bits and kept to 32, then compressed
 * (pcanShrink). The int16 gain is read back as uint32, as the C does, so a
 * negative one zero-extends from its 32-bit pattern.
 */
import type { Graph, Op } from '../../../ir/index.js';
import type { SignalPcanPrepared } from '../../../ops/signal/pcan.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { bump, defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';

export const signalPcanKernel = defineKernel({
  plan(op: Op<'signal_pcan'>, p: SignalPcanPrepared, _g: Graph): KernelPlan<SignalPcanPrepared> {
    return { config: { ...p }, operands: [tensorOperand(op, 0), tensorOperand(op, 1), tensorOperand(op, 2), outputOperand(op)] };
  },

  emit(f: FunctionBuilder, p: SignalPcanPrepared): Expr {
    const m = f.m;
    const [x, noise, table, y] = f.params(4);
    const [i, n, octave, coefficients, t, r, gain, snr] = f.locals(8, f.t.i32);
    const coefficient = (k: number): Expr => m.i32.load16_s(2 * k, 2, coefficients.get());
    // The 10 bits just below the leading one of n.
    const fraction = m.i32.and(m.select(m.i32.lt_u(octave.get(), f.i32(11)),
      m.i32.shl(n.get(), m.i32.sub(f.i32(11), octave.get())),
      m.i32.shr_u(n.get(), m.i32.sub(octave.get(), f.i32(11)))), f.i32(0x3ff));
    const interpolated = f.block([
      octave.set(m.i32.sub(f.i32(32), m.i32.clz(n.get()))),
      coefficients.set(m.i32.add(table.get(), m.i32.shl(m.i32.sub(m.i32.shl(octave.get(), f.i32(2)), f.i32(6)), f.i32(1)))),
      t.set(fraction),
      r.set(m.i32.add(m.i32.shr_s(m.i32.mul(coefficient(2), t.get()), f.i32(5)), m.i32.shl(coefficient(1), f.i32(5)))),
      r.set(m.i32.shr_s(m.i32.add(m.i32.mul(r.get(), t.get()), f.i32(16384)), f.i32(15))),
      gain.set(m.i32.extend16_s(m.i32.add(r.get(), coefficient(0)))),
    ]);
    return f.forRange(i, 0, p.count, [
      n.set(m.i32.load(0, 4, noise.get())),
      m.if(m.i32.le_u(n.get(), f.i32(2)),
        gain.set(m.i32.load16_s(0, 2, m.i32.add(table.get(), m.i32.shl(n.get(), f.i32(1))))),
        interpolated),
      // i64.load32_u, not i64.extend_i32_u(i32.load): binaryen's optimizer folds the latter into a sign-extending i64.load32_s.
      snr.set(m.i32.wrap(m.i64.shr_u(m.i64.mul(m.i64.load32_u(0, 4, x.get()), m.i64.extend_u(gain.get())), f.i64(p.snrShift)))),
      // Q12 in, Q6 out: snr² >> 20 below 2.0 (snr² < 2^26 fits), snr − 1.0 above.
      m.i32.store(0, 4, y.get(), m.select(m.i32.lt_u(snr.get(), f.i32(2 << 12)),
        m.i32.shr_u(m.i32.mul(snr.get(), snr.get()), f.i32(20)),
        m.i32.sub(m.i32.shr_u(snr.get(), f.i32(6)), f.i32(64)))),
      bump(f, x, 4), bump(f, noise, 4), bump(f, y, 4),
    ]);
  },
});
