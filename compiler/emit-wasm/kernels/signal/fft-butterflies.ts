/**
 * The butterfly levels of the fixed-point FFT (compiler/ops/signal/kissfft.ts
 * `rfftFrame`), each a helper function defined once per module and called
 * once per level with the level's constants: the buffer (interleaved int16
 * complex points, transformed in place), the twiddle table (cos, sin int16
 * pairs), the number of butterfly groups, the span m and the twiddle
 * stride. One body serves every level, so a 256-point FFT's four radix-4
 * levels cost one copy of the code.
 */
import type { Expr, FunctionBuilder, Local, ModuleBuilder } from '../../binaryen.js';
import { helper } from '../../runtime/fixed-point.js';
import { divide, twiddleProduct, wrap16 } from './q15.js';

/** Calls a level's helper: (buffer, twiddles, groups, m, stride). */
export type LevelCall = (buffer: Expr, twiddles: Expr, groups: number, m: number, stride: number) => Expr;

/** What a butterfly body sees of its level's loops (all byte addresses and offsets). */
interface Butterfly {
  /** The butterfly's first complex point. */
  point: Local;
  /** Between its points: 4·m. */
  span: Local;
  /** The twiddle table, and the offset of twiddle u·stride in it: 4·u·stride. */
  twiddles: Local;
  twiddleStep: Local;
}

/**
 * A level's helper: for each group, for u < m, `body` at the butterfly
 * whose first point is u. Groups are radix·m points apart.
 */
function levelHelper(mb: ModuleBuilder, name: string, radix: 2 | 4, body: (f: FunctionBuilder, b: Butterfly) => Expr[]): LevelCall {
  const { i32 } = mb.t;
  const call = helper(mb, name, [i32, i32, i32, i32, i32], mb.t.none, (f) => {
    const m = f.m;
    const [buffer, twiddles, groups, spanPoints, stride] = f.params(5);
    const [g, u, group, point, span, twiddleStep] = f.locals(6, i32);
    return f.block([
      group.set(buffer.get()),
      span.set(m.i32.shl(spanPoints.get(), f.i32(2))),
      f.forRange(g, 0, f.dyn(groups.get()), [
        point.set(group.get()),
        twiddleStep.set(f.i32(0)),
        f.forRange(u, 0, f.dyn(spanPoints.get()), [
          ...body(f, { point, span, twiddles, twiddleStep }),
          point.set(f.addr(point.get(), 4)),
          twiddleStep.set(m.i32.add(twiddleStep.get(), m.i32.shl(stride.get(), f.i32(2)))),
        ]),
        group.set(m.i32.add(group.get(), m.i32.mul(span.get(), f.i32(radix)))),
      ]),
    ]);
  });
  return (buffer, twiddles, groups, m, stride) => call(buffer, twiddles, mb.m.i32.const(groups), mb.m.i32.const(m), mb.m.i32.const(stride));
}

/** The radix-2 level: a = a/2 + w·c/2, c = a/2 − w·c/2. */
export function radix2Level(mb: ModuleBuilder): LevelCall {
  return levelHelper(mb, 'fx_kiss_radix2', 2, (f, { point, span, twiddles, twiddleStep }) => {
    const m = f.m;
    const [other, twiddle, ar, ai, cr, ci, tr, ti] = f.locals(8, f.t.i32);
    const half = (ptr: Local, offset: number): Expr => divide(f, m.i32.load16_s(offset, 2, ptr.get()), 2);
    return [
      other.set(m.i32.add(point.get(), span.get())),
      twiddle.set(m.i32.add(twiddles.get(), twiddleStep.get())),
      ar.set(half(point, 0)), ai.set(half(point, 2)), cr.set(half(other, 0)), ci.set(half(other, 2)),
      ...twiddleProduct(f, cr, ci, twiddle, tr, ti),
      m.i32.store16(0, 2, other.get(), m.i32.sub(ar.get(), tr.get())),
      m.i32.store16(2, 2, other.get(), m.i32.sub(ai.get(), ti.get())),
      m.i32.store16(0, 2, point.get(), m.i32.add(ar.get(), tr.get())),
      m.i32.store16(2, 2, point.get(), m.i32.add(ai.get(), ti.get())),
    ];
  });
}

/** The radix-4 level, kissfft's kf_bfly4 (forward), in the reference's order of operations. */
export function radix4Level(mb: ModuleBuilder): LevelCall {
  return levelHelper(mb, 'fx_kiss_radix4', 4, (f, { point, span, twiddles, twiddleStep }) => {
    const m = f.m;
    const i32 = f.t.i32;
    const [p1, p2, p3, w1, w2, w3] = f.locals(6, i32);
    const [f0r, f0i, f1r, f1i, f2r, f2i, f3r, f3i] = f.locals(8, i32);
    const [s0r, s0i, s1r, s1i, s2r, s2i] = f.locals(6, i32);
    const [s3r, s3i, s4r, s4i, s5r, s5i, g0r, g0i] = f.locals(8, i32);
    const quarter = (ptr: Local, offset: number): Expr => divide(f, m.i32.load16_s(offset, 2, ptr.get()), 4);
    const store = (ptr: Local, re: Expr, im: Expr): Expr[] => [m.i32.store16(0, 2, ptr.get(), re), m.i32.store16(2, 2, ptr.get(), im)];
    return [
      p1.set(m.i32.add(point.get(), span.get())),
      p2.set(m.i32.add(p1.get(), span.get())),
      p3.set(m.i32.add(p2.get(), span.get())),
      w1.set(m.i32.add(twiddles.get(), twiddleStep.get())),
      w2.set(m.i32.add(w1.get(), twiddleStep.get())),
      w3.set(m.i32.add(w2.get(), twiddleStep.get())),
      f0r.set(quarter(point, 0)), f0i.set(quarter(point, 2)),
      f1r.set(quarter(p1, 0)), f1i.set(quarter(p1, 2)),
      f2r.set(quarter(p2, 0)), f2i.set(quarter(p2, 2)),
      f3r.set(quarter(p3, 0)), f3i.set(quarter(p3, 2)),
      ...twiddleProduct(f, f1r, f1i, w1, s0r, s0i),
      ...twiddleProduct(f, f2r, f2i, w2, s1r, s1i),
      ...twiddleProduct(f, f3r, f3i, w3, s2r, s2i),
      s5r.set(wrap16(f, m.i32.sub(f0r.get(), s1r.get()))), s5i.set(wrap16(f, m.i32.sub(f0i.get(), s1i.get()))),
      g0r.set(wrap16(f, m.i32.add(f0r.get(), s1r.get()))), g0i.set(wrap16(f, m.i32.add(f0i.get(), s1i.get()))),
      s3r.set(wrap16(f, m.i32.add(s0r.get(), s2r.get()))), s3i.set(wrap16(f, m.i32.add(s0i.get(), s2i.get()))),
      s4r.set(wrap16(f, m.i32.sub(s0r.get(), s2r.get()))), s4i.set(wrap16(f, m.i32.sub(s0i.get(), s2i.get()))),
      ...store(p2, m.i32.sub(g0r.get(), s3r.get()), m.i32.sub(g0i.get(), s3i.get())),
      ...store(point, m.i32.add(g0r.get(), s3r.get()), m.i32.add(g0i.get(), s3i.get())),
      ...store(p1, m.i32.add(s5r.get(), s4i.get()), m.i32.sub(s5i.get(), s4r.get())),
      ...store(p3, m.i32.sub(s5r.get(), s4i.get()), m.i32.add(s5i.get(), s4r.get())),
    ];
  });
}
