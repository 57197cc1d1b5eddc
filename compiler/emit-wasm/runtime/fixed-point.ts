/**
 * TFLite's fixed-point requantization as wasm functions, emitted into a
 * module the first time a kernel calls them (binaryen inlines them where
 * the arguments are constants). Each is the twin of the function of the
 * same name in compiler/quant/fixed-point.ts and must agree with it bit for
 * bit; the comments name the TS function each mirrors.
 */
import type { Expr, FunctionBuilder, Local, ModuleBuilder } from '../binaryen.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Defines `name` once per module and returns a caller for it. */
export function helper(mb: ModuleBuilder, name: string, params: number[], result: number, build: (f: FunctionBuilder) => Expr): (...args: Expr[]) => Expr {
  if (!mb.hasFunction(name)) mb.addFunction(name, params, result, build);
  return (...args: Expr[]) => mb.m.call(name, args, result);
}

/**
 * saturatingRoundingDoublingHighMul(a, b) on i32. TFLite adds a nudge of
 * 2^30 or 1 − 2^30 by the product's sign and divides by 2^31 truncating;
 * for every product that equals floor((a·b + 2^30) / 2^31), one add and one
 * arithmetic shift. Only −2^31·−2^31 saturates.
 */
export function srdhm(mb: ModuleBuilder): (a: Expr, b: Expr) => Expr {
  const { i32 } = mb.t;
  return helper(mb, 'fx_srdhm', [i32, i32], i32, (f) => {
    const m = f.m;
    const a = f.param(0);
    const b = f.param(1);
    const bothMin = m.i32.and(m.i32.eq(a.get(), f.i32(INT32_MIN)), m.i32.eq(b.get(), f.i32(INT32_MIN)));
    const product = m.i64.mul(m.i64.extend_s(a.get()), m.i64.extend_s(b.get()));
    return m.select(bothMin, f.i32(INT32_MAX), m.i32.wrap(m.i64.shr_s(m.i64.add(product, f.i64(1 << 30)), f.i64(31))));
  });
}

/** roundingDivideByPOT(x, exponent) on i32, exponent in 0..31. */
export function rdbp(mb: ModuleBuilder): (x: Expr, exponent: Expr) => Expr {
  const { i32 } = mb.t;
  return helper(mb, 'fx_rdbp', [i32, i32], i32, (f) => {
    const m = f.m;
    const x = f.param(0);
    const e = f.param(1);
    const mask = f.local(i32);
    return m.block(null, [
      mask.set(m.i32.sub(m.i32.shl(f.i32(1), e.get()), f.i32(1))),
      m.return(m.i32.add(
        m.i32.shr_s(x.get(), e.get()),
        m.i32.gt_s(
          m.i32.and(x.get(), mask.get()),
          m.i32.add(m.i32.shr_s(mask.get(), f.i32(1)), m.i32.lt_s(x.get(), f.i32(0))),
        ),
      )),
    ], i32);
  });
}

/** multiplyByQuantizedMultiplier(x, multiplier, shift) on i32. */
export function mbqm(mb: ModuleBuilder): (x: Expr, multiplier: Expr, shift: Expr) => Expr {
  const { i32 } = mb.t;
  const mul = srdhm(mb);
  const div = rdbp(mb);
  return helper(mb, 'fx_mbqm', [i32, i32, i32], i32, (f) => {
    const m = f.m;
    const x = f.param(0);
    const q = f.param(1);
    const shift = f.param(2);
    const positive = m.i32.gt_s(shift.get(), f.i32(0));
    const left = m.select(positive, shift.get(), f.i32(0));
    const right = m.select(m.i32.gt_s(shift.get(), f.i32(0)), f.i32(0), m.i32.sub(f.i32(0), shift.get()));
    return div(mul(m.i32.shl(x.get(), left), q.get()), right);
  });
}

/**
 * The requantize step of conv-like kernels (compiler/ops/conv2d.ts
 * `requantize`): mbqm, then + offset and clamp to [lo, hi]. The clamp is done
 * before adding the offset so an extreme accumulator cannot wrap.
 */
export function requant32(mb: ModuleBuilder): (acc: Expr, multiplier: Expr, shift: Expr, offset: number, lo: number, hi: number) => Expr {
  const mul = mbqm(mb);
  return (acc, multiplier, shift, offset, lo, hi) => clampAdd(mb, mul(acc, multiplier, shift), offset, lo, hi);
}

/** clamp(v, lo - offset, hi - offset) + offset: clamp(v + offset, lo, hi) without overflow. */
export function clampAdd(mb: ModuleBuilder, v: Expr, offset: number, lo: number, hi: number): Expr {
  const { i32 } = mb.t;
  const clamp = helper(mb, 'fx_clamp', [i32, i32, i32], i32, (f) => {
    const m = f.m;
    const x = f.param(0);
    const l = f.param(1);
    const h = f.param(2);
    return m.select(m.i32.lt_s(x.get(), l.get()), l.get(), m.select(m.i32.gt_s(x.get(), h.get()), h.get(), x.get()));
  });
  const m = mb.m;
  const clamped = clamp(v, m.i32.const(Math.max(INT32_MIN, lo - offset)), m.i32.const(Math.min(INT32_MAX, hi - offset)));
  return offset === 0 ? clamped : m.i32.add(clamped, m.i32.const(offset));
}

/**
 * multiplyByQuantizedMultiplier64 followed by + offset and clamp: the 16x8
 * path with an int64 accumulator (Q15 multiplier, one rounding).
 */
export function requant64(mb: ModuleBuilder): (acc: Expr, multiplier: Expr, shift: Expr, offset: number, lo: number, hi: number) => Expr {
  const { i32, i64 } = mb.t;
  const call = helper(mb, 'fx_requant64', [i64, i32, i32, i32, i32, i32], i32, (f) => {
    const m = f.m;
    const [x, q, shift, offset, lo, hi] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local];
    const reduced = f.local(i64);
    const total = f.local(i64);
    const r = f.local(i64);
    return m.block(null, [
      reduced.set(m.i64.extend_s(m.select(
        m.i32.lt_s(q.get(), f.i32(0x7fff0000)),
        m.i32.shr_s(m.i32.add(q.get(), f.i32(1 << 15)), f.i32(16)),
        f.i32(0x7fff),
      ))),
      total.set(m.i64.extend_s(m.i32.sub(f.i32(15), shift.get()))),
      r.set(m.i64.shr_s(
        m.i64.add(m.i64.mul(x.get(), reduced.get()), m.i64.shl(f.i64(1), m.i64.sub(total.get(), f.i64(1)))),
        total.get(),
      )),
      // + offset, clamp to [lo, hi], all in i64 so nothing wraps.
      r.set(m.i64.add(r.get(), m.i64.extend_s(offset.get()))),
      m.return(m.i32.wrap(m.select(
        m.i64.lt_s(r.get(), m.i64.extend_s(lo.get())), m.i64.extend_s(lo.get()),
        m.select(m.i64.gt_s(r.get(), m.i64.extend_s(hi.get())), m.i64.extend_s(hi.get()), r.get()),
      ))),
    ], i32);
  });
  const m = mb.m;
  return (acc, multiplier, shift, offset, lo, hi) => call(acc, multiplier, shift, m.i32.const(offset), m.i32.const(lo), m.i32.const(hi));
}
