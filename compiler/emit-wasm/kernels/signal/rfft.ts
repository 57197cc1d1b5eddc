/**
 * SignalRfft in wasm, as compiler/ops/signal/rfft.ts and kissfft.ts
 * `rfftFrame`, frame by frame: the samples copied into the output buffer in
 * the plan's permuted order (zero past the frame's end), the butterfly
 * levels run in place there (fft-butterflies.ts), then the real split
 * turns the points into fft_length / 2 + 1 bins.
 *
 * The plan's tables are one constant operand: the twiddles and the split's
 * super twiddles as (cos, sin) int16 pairs, then the permutation as uint16
 * point indices.
 */
import type { Graph, Op } from '../../../ir/index.js';
import type { FftStage } from '../../../ops/signal/kissfft.js';
import type { SignalRfftPrepared } from '../../../ops/signal/rfft.js';
import type { Expr, FunctionBuilder } from '../../binaryen.js';
import { defineKernel, outputOperand, tensorOperand, type KernelPlan } from '../kernel.js';
import { radix2Level, radix4Level } from './fft-butterflies.js';
import { divide, twiddleProduct, wrap16 } from './q15.js';

interface RfftConfig {
  frames: number;
  inputLength: number;
  /** Complex points of the inner FFT (fft_length / 2). */
  points: number;
  stages: FftStage[];
  /** Byte offsets in the table of the super twiddles and of the permutation (the twiddles start it). */
  superAt: number;
  orderAt: number;
}

function planTable(p: SignalRfftPrepared): Uint8Array {
  const { points, cos, sin, superCos, superSin, order } = p.plan;
  const pairs = (re: number[], im: number[]): number[] => re.flatMap((c, i) => [c, im[i]!]);
  const words = Int16Array.from([...pairs(cos, sin), ...pairs(superCos, superSin)]);
  const table = new Uint8Array(words.byteLength + 2 * points);
  table.set(new Uint8Array(words.buffer));
  table.set(new Uint8Array(Uint16Array.from(order).buffer), words.byteLength);
  return table;
}

export const signalRfftKernel = defineKernel({
  plan(op: Op<'signal_rfft'>, p: SignalRfftPrepared, _g: Graph): KernelPlan<RfftConfig> {
    const { points, stages } = p.plan;
    return {
      config: { frames: p.frames, inputLength: p.inputLength, points, stages: stages.map((s) => ({ ...s })), superAt: 4 * points, orderAt: 4 * points + 4 * (points / 2) },
      operands: [tensorOperand(op, 0), outputOperand(op), { table: planTable(p) }],
    };
  },

  emit(f: FunctionBuilder, c: RfftConfig): Expr {
    const m = f.m;
    const n = c.points;
    const [x, y, table] = f.params(3);
    const [frame, k, j, point, mirror, twiddle] = f.locals(6, f.t.i32);
    const [pkr, pki, pnr, pni, f1r, f1i, f2r, f2i, twr, twi, dcr, dci] = f.locals(12, f.t.i32);
    const levels = { 2: radix2Level(f.module), 4: radix4Level(f.module) };
    // Sample j of the frame, 0 past its end (only frames shorter than the FFT need the test).
    const sample = (index: Expr): Expr => {
      const load = m.i32.load16_s(0, 2, m.i32.add(x.get(), m.i32.shl(index, f.i32(1))));
      return c.inputLength >= 2 * n ? load : m.if(m.i32.lt_u(m.copyExpression(index), f.i32(c.inputLength)), load, f.i32(0));
    };
    const half = (ptr: Expr, offset: number): Expr => divide(f, m.i32.load16_s(offset, 2, ptr), 2);
    const permute = f.forRange(k, 0, n, [
      j.set(m.i32.shl(m.i32.load16_u(c.orderAt, 2, m.i32.add(table.get(), m.i32.shl(k.get(), f.i32(1)))), f.i32(1))),
      point.set(m.i32.add(y.get(), m.i32.shl(k.get(), f.i32(2)))),
      m.i32.store16(0, 2, point.get(), sample(j.get())),
      m.i32.store16(2, 2, point.get(), sample(m.i32.add(j.get(), f.i32(1)))),
    ]);
    const butterflies = c.stages.map((s) => levels[s.radix](y.get(), table.get(), n / (s.radix * s.m), s.m, s.stride));
    // The real split, in place: bins k and n − k from points k and n − k (k = n/2 meets itself).
    const split = [
      dcr.set(half(y.get(), 0)),
      dci.set(half(y.get(), 2)),
      m.i32.store16(0, 2, y.get(), m.i32.add(dcr.get(), dci.get())),
      m.i32.store16(2, 2, y.get(), f.i32(0)),
      m.i32.store16(4 * n, 2, y.get(), m.i32.sub(dcr.get(), dci.get())),
      m.i32.store16(4 * n + 2, 2, y.get(), f.i32(0)),
      f.forRange(k, 1, n / 2 + 1, [
        point.set(m.i32.add(y.get(), m.i32.shl(k.get(), f.i32(2)))),
        mirror.set(m.i32.sub(f.addr(y.get(), 4 * n), m.i32.shl(k.get(), f.i32(2)))),
        twiddle.set(m.i32.add(f.addr(table.get(), c.superAt - 4), m.i32.shl(k.get(), f.i32(2)))),
        pkr.set(half(point.get(), 0)), pki.set(half(point.get(), 2)),
        pnr.set(half(mirror.get(), 0)),
        pni.set(divide(f, wrap16(f, m.i32.sub(f.i32(0), m.i32.load16_s(2, 2, mirror.get()))), 2)),
        f1r.set(wrap16(f, m.i32.add(pkr.get(), pnr.get()))), f1i.set(wrap16(f, m.i32.add(pki.get(), pni.get()))),
        f2r.set(wrap16(f, m.i32.sub(pkr.get(), pnr.get()))), f2i.set(wrap16(f, m.i32.sub(pki.get(), pni.get()))),
        ...twiddleProduct(f, f2r, f2i, twiddle, twr, twi),
        m.i32.store16(0, 2, point.get(), m.i32.shr_s(m.i32.add(f1r.get(), twr.get()), f.i32(1))),
        m.i32.store16(2, 2, point.get(), m.i32.shr_s(m.i32.add(f1i.get(), twi.get()), f.i32(1))),
        m.i32.store16(0, 2, mirror.get(), m.i32.shr_s(m.i32.sub(f1r.get(), twr.get()), f.i32(1))),
        m.i32.store16(2, 2, mirror.get(), m.i32.shr_s(m.i32.sub(twi.get(), f1i.get()), f.i32(1))),
      ]),
    ];
    return f.forRange(frame, 0, c.frames, [
      permute,
      ...butterflies,
      ...split,
      x.set(f.addr(x.get(), 2 * c.inputLength)),
      y.set(f.addr(y.get(), 4 * (n + 1))),
    ]);
  },
});
