/**
 * Float helpers wasm lacks: exp, expm1, tanh and log in f64, and C's
 * round() (half away from zero).
 *
 * The reference computes exp and tanh in double (Math.exp, Math.tanh) and
 * rounds the result to float32. These versions are accurate to about one
 * unit in the last place of a double, so after rounding to float32 they give
 * the reference's value except when the exact result lies within ~2^-52
 * relative of a float32 rounding boundary — well inside the float tolerance.
 *
 * exp: x = k·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2 so k·LN2_HI
 * is exact), exp(r) by its Taylor series to r^13 (truncation error below
 * 4e-18), then scaled by 2^k built from its exponent bits.
 *
 * log: x = 2^k·m with m in [√2/2, √2) read from the exponent bits, then
 * log(m) = 2·atanh(s) with s = (m − 1)/(m + 1), |s| < 0.172, by its odd
 * series to s^23 (truncation error below 1e-18), plus k·ln2 split as for
 * exp.
 */
import type { Expr, ModuleBuilder } from '../binaryen.js';
import { helper } from './fixed-point.js';

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const TAYLOR_TERMS = 14;

/** 1/n! for n = 0 … TAYLOR_TERMS-1. */
const INV_FACTORIAL = Array.from({ length: TAYLOR_TERMS }, (_, n) => {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return 1 / f;
});

/** exp(x) in f64 (x > 709 gives +inf: past float32's range either way). */
export function expF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64 } = mb.t;
  return helper(mb, 'fm_exp', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const k = f.local(f64);
    const r = f.local(f64);
    const p = f.local(f64);
    // Horner: Σ r^n/n! from the highest term down.
    let poly = m.f64.const(INV_FACTORIAL[TAYLOR_TERMS - 1]!);
    for (let n = TAYLOR_TERMS - 2; n >= 0; n--) poly = m.f64.add(m.f64.mul(poly, r.get()), m.f64.const(INV_FACTORIAL[n]!));
    const pow2 = m.f64.reinterpret(m.i64.shl(m.i64.add(m.i64.trunc_s.f64(k.get()), m.i64.const(1023n)), m.i64.const(52n)));
    return m.block(null, [
      m.if(m.f64.gt(x.get(), m.f64.const(709)), m.return(m.f64.const(Infinity))),
      m.if(m.f64.lt(x.get(), m.f64.const(-708.39)), m.return(m.f64.const(0))),
      m.if(m.f64.ne(x.get(), x.get()), m.return(x.get())),
      k.set(m.f64.nearest(m.f64.mul(x.get(), m.f64.const(INV_LN2)))),
      r.set(m.f64.sub(m.f64.sub(x.get(), m.f64.mul(k.get(), m.f64.const(LN2_HI))), m.f64.mul(k.get(), m.f64.const(LN2_LO)))),
      p.set(poly),
      m.return(m.f64.mul(p.get(), pow2)),
    ], f64);
  });
}

/** exp(x) - 1 in f64, accurate near 0 (its own series for |x| < ln2/2). */
export function expm1F64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64 } = mb.t;
  const exp = expF64(mb);
  return helper(mb, 'fm_expm1', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    // Σ_{n≥1} x^n/n! = x·(1 + x·(1/2 + x·(1/6 + …)))
    let poly = m.f64.const(INV_FACTORIAL[TAYLOR_TERMS - 1]!);
    for (let n = TAYLOR_TERMS - 2; n >= 1; n--) poly = m.f64.add(m.f64.mul(poly, x.get()), m.f64.const(INV_FACTORIAL[n]!));
    return m.if(
      m.f64.lt(m.f64.abs(x.get()), m.f64.const(LN2_HI / 2)),
      m.f64.mul(x.get(), poly),
      m.f64.sub(exp(x.get()), m.f64.const(1)),
    );
  });
}

/** tanh(x) in f64: expm1(2|x|) / (expm1(2|x|) + 2) with the sign of x. */
export function tanhF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64 } = mb.t;
  const expm1 = expm1F64(mb);
  return helper(mb, 'fm_tanh', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const t = f.local(f64);
    return m.block(null, [
      m.if(m.f64.gt(m.f64.abs(x.get()), m.f64.const(22)), m.return(m.f64.copysign(m.f64.const(1), x.get()))),
      t.set(expm1(m.f64.mul(m.f64.abs(x.get()), m.f64.const(2)))),
      m.return(m.f64.copysign(m.f64.div(t.get(), m.f64.add(t.get(), m.f64.const(2))), x.get())),
    ], f64);
  });
}

/** C round(): nearest integer, halves away from zero (roundHalfAway), in f64. */
export function roundHalfAwayF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64 } = mb.t;
  return helper(mb, 'fm_round', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const t = f.local(f64);
    return m.block(null, [
      t.set(m.f64.trunc(x.get())),
      m.return(m.select(
        m.f64.ge(m.f64.abs(m.f64.sub(x.get(), t.get())), m.f64.const(0.5)),
        m.f64.add(t.get(), m.f64.copysign(m.f64.const(1), x.get())),
        t.get(),
      )),
    ], f64);
  });
}

/** Terms of 2·atanh(s) = 2s·Σ z^n/(2n+1), z = s². */
const ATANH_TERMS = 12;

/** log(x) in f64: NaN below zero, −inf at zero, +inf at +inf, NaN for NaN. */
export function logF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64, i64 } = mb.t;
  return helper(mb, 'fm_log', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const [v, k, mant, s, z] = f.locals(5, f64);
    const bits = f.local(i64);
    let poly = m.f64.const(1 / (2 * ATANH_TERMS - 1));
    for (let n = ATANH_TERMS - 2; n >= 0; n--) poly = m.f64.add(m.f64.mul(poly, z.get()), m.f64.const(1 / (2 * n + 1)));
    return m.block(null, [
      m.if(m.f64.ne(x.get(), x.get()), m.return(x.get())),
      m.if(m.f64.lt(x.get(), m.f64.const(0)), m.return(m.f64.const(NaN))),
      m.if(m.f64.eq(x.get(), m.f64.const(0)), m.return(m.f64.const(-Infinity))),
      m.if(m.f64.eq(x.get(), m.f64.const(Infinity)), m.return(x.get())),
      // Subnormals: scale by 2^54 first so the exponent field is meaningful.
      v.set(x.get()),
      k.set(m.f64.const(0)),
      m.if(m.f64.lt(v.get(), m.f64.const(2 ** -1022)), f.block([v.set(m.f64.mul(v.get(), m.f64.const(2 ** 54))), k.set(m.f64.const(-54))])),
      bits.set(m.i64.reinterpret(v.get())),
      k.set(m.f64.add(k.get(), m.f64.convert_s.i64(m.i64.sub(m.i64.shr_u(bits.get(), m.i64.const(52n)), m.i64.const(1023n))))),
      mant.set(m.f64.reinterpret(m.i64.or(m.i64.and(bits.get(), m.i64.const(0xfffffffffffffn)), m.i64.const(1023n << 52n)))),
      m.if(m.f64.gt(mant.get(), m.f64.const(Math.SQRT2)), f.block([mant.set(m.f64.mul(mant.get(), m.f64.const(0.5))), k.set(m.f64.add(k.get(), m.f64.const(1)))])),
      s.set(m.f64.div(m.f64.sub(mant.get(), m.f64.const(1)), m.f64.add(mant.get(), m.f64.const(1)))),
      z.set(m.f64.mul(s.get(), s.get())),
      m.return(m.f64.add(
        m.f64.mul(k.get(), m.f64.const(LN2_HI)),
        m.f64.add(m.f64.mul(k.get(), m.f64.const(LN2_LO)), m.f64.mul(m.f64.mul(m.f64.const(2), s.get()), poly)),
      )),
    ], f64);
  });
}
