/**
 * Trigonometric functions and erf in f64, which wasm lacks; each result is
 * rounded once to float32 by the kernel, so double-precision accuracy (a
 * few ulp of a double) gives the reference's float32 value except within
 * ~1e-15 relative of a rounding boundary — inside the float tolerance.
 *
 * sin / cos: x = k·π/2 + r with |r| ≤ π/4 (π/2 split in two so k·PIO2_HI
 * is exact for |k| < 2^20), the Taylor series of sin r and cos r to r^17 /
 * r^18 (truncation below 1e-19), and the quadrant k mod 4 picking ±sin r or
 * ±cos r. Accuracy falls off past |x| ≈ 1e6, where float32 inputs are
 * already whole multiples of many periods.
 *
 * atan: odd; |x| > 1 uses π/2 − atan(1/|x|); above tan(π/8) the argument
 * moves by π/4 (atan t = π/4 + atan((t − 1)/(t + 1))), leaving |u| ≤ 0.4143
 * for the odd series to u^41 (truncation below 1e-17).
 *
 * erf: the scheme of compiler/ops/common/erf.ts (series below 2.5, Laplace's
 * continued fraction up to 6, ±1 beyond), with exp from float-math.ts.
 */
import {
  ERF_FRACTION_DEPTH, ERF_SATURATION, ERF_SERIES_LIMIT, ERF_SERIES_TERMS, ONE_OVER_SQRT_PI, TWO_OVER_SQRT_PI,
} from '../../ops/common/erf.js';
import type { Expr, ModuleBuilder } from '../binaryen.js';
import { expF64, expm1F64, logF64 } from './float-math.js';
import { helper } from './fixed-point.js';

const PIO2_HI = 1.57079632673412561417e+00;
const PIO2_LO = 6.07710050650619224932e-11;
const TWO_OVER_PI = 6.36619772367581382433e-01;
const PI_OVER_2 = Math.PI / 2;
const PI_OVER_4 = Math.PI / 4;
const TAN_PI_OVER_8 = 0.41421356237309503;
const SERIES_ORDER = 18;
const ATAN_TERMS = 21;

/** Taylor coefficients: sin r = r · Σ S[n] r^(2n), cos r = Σ C[n] r^(2n). */
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
const SIN = Array.from({ length: SERIES_ORDER / 2 }, (_, n) => (n % 2 ? -1 : 1) / factorial(2 * n + 1));
const COS = Array.from({ length: SERIES_ORDER / 2 + 1 }, (_, n) => (n % 2 ? -1 : 1) / factorial(2 * n));

/**
 * 2/π in 24-bit chunks, most significant first: 2/π = Σ TWO_OVER_PI_BITS[i] · 2^(−24(i+1)).
 * Nine chunks reach every float32 exponent.
 */
const TWO_OVER_PI_BITS = [0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, 0xF534DD, 0xC0DB62, 0x95993C, 0x439041, 0xFE5163];
/** From here on the Cody–Waite reduction loses digits; larger (float32) inputs take the exact one. */
const LARGE = 2 ** 19;

/**
 * sin(x) (quadrantOffset 0) or cos(x) (quadrantOffset 1: cos x = sin(x + π/2)),
 * for float32 x widened to f64.
 *
 * Below 2^19 the reduction is Cody–Waite's. Above, x = M·2^E (M < 2^24,
 * from the float32 bits) and x·2/π mod 4 is summed exactly enough from the
 * four chunks of 2/π that matter at that exponent (earlier ones contribute
 * multiples of 4): each M·chunk is exact in a double (48 bits), and the two
 * large terms are reduced mod 4 before adding.
 */
function sinCos(mb: ModuleBuilder, name: string, quadrantOffset: number): (x: Expr) => Expr {
  const { f64, i32, i64 } = mb.t;
  return helper(mb, name, [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const [a, k, r, r2, s, c, y, mant] = f.locals(8, f64);
    const [q, e, i0] = f.locals(3, i32);
    const bits = f.local(i64);
    // Each use reads the local afresh: a binaryen expression may appear only once in the tree.
    const horner = (coeffs: number[]): Expr => coeffs.slice(0, -1).reduceRight((acc, cf) => m.f64.add(m.f64.mul(acc, r2.get()), m.f64.const(cf)), m.f64.const(coeffs[coeffs.length - 1]!) as Expr);
    const mod4 = (t: () => Expr): Expr => m.f64.sub(t(), m.f64.mul(m.f64.const(4), m.f64.floor(m.f64.mul(t(), m.f64.const(0.25)))));
    const idx = f.local(i32);
    // Chunk `index` of 2/π, picked by a chain of selects (index ≤ 8).
    const chunk = (index: Expr): Expr => m.block(null, [idx.set(index), TWO_OVER_PI_BITS.slice(0, -1).reduceRight(
      (acc, cf, n) => m.select(m.i32.eq(idx.get(), f.i32(n)), m.f64.const(cf), acc), m.f64.const(TWO_OVER_PI_BITS[TWO_OVER_PI_BITS.length - 1]!) as Expr,
    )], f64);
    // Term n: M · chunk(i0 + n) · 2^(E − 24(i0 + n + 1)), exact.
    const term = (n: number): Expr => m.f64.mul(m.f64.mul(mant.get(), chunk(m.i32.add(i0.get(), f.i32(n)))),
      m.f64.reinterpret(m.i64.shl(m.i64.extend_s(m.i32.add(m.i32.sub(e.get(), m.i32.mul(f.i32(24), m.i32.add(i0.get(), f.i32(n + 1)))), f.i32(1023))), m.i64.const(52n))));
    const [t0, t1] = f.locals(2, f64);
    const pick = (n: number): Expr => (n === 0 ? s.get() : n === 1 ? c.get() : n === 2 ? m.f64.neg(s.get()) : m.f64.neg(c.get()));
    // sin is odd: sin x = −sin |x| for negative x; cos is even.
    const quadrant = (n: number): Expr => (quadrantOffset === 0 ? m.select(m.f64.lt(x.get(), m.f64.const(0)), m.f64.neg(pick(n)), pick(n)) : pick(n));
    return m.block(null, [
      // ±inf and NaN give NaN, as sin and cos do.
      m.if(m.f64.ne(m.f64.sub(x.get(), x.get()), m.f64.const(0)), m.return(m.f64.sub(x.get(), x.get()))),
      a.set(m.f64.abs(x.get())),
      m.if(m.f64.lt(a.get(), m.f64.const(LARGE)), m.block(null, [
        k.set(m.f64.nearest(m.f64.mul(a.get(), m.f64.const(TWO_OVER_PI)))),
        r.set(m.f64.sub(m.f64.sub(a.get(), m.f64.mul(k.get(), m.f64.const(PIO2_HI))), m.f64.mul(k.get(), m.f64.const(PIO2_LO)))),
      ]), m.block(null, [
        bits.set(m.i64.reinterpret(a.get())),
        e.set(m.i32.sub(m.i32.wrap(m.i64.shr_u(bits.get(), m.i64.const(52n))), f.i32(1023 + 23))),
        // M = the 24 significant bits of the float32 value.
        mant.set(m.f64.convert_u.i64(m.i64.shr_u(m.i64.or(m.i64.and(bits.get(), m.i64.const((1n << 52n) - 1n)), m.i64.const(1n << 52n)), m.i64.const(29n)))),
        // First chunk whose term is not a multiple of 4: E − 24(i0 + 1) ≤ 1.
        i0.set(m.select(m.i32.gt_s(e.get(), f.i32(25)), m.i32.div_s(m.i32.sub(e.get(), f.i32(2)), f.i32(24)), f.i32(0))),
        t0.set(term(0)),
        t1.set(term(1)),
        y.set(m.f64.add(m.f64.add(mod4(() => m.f64.add(mod4(() => t0.get()), mod4(() => t1.get()))), term(2)), term(3))),
        k.set(m.f64.nearest(y.get())),
        r.set(m.f64.mul(m.f64.sub(y.get(), k.get()), m.f64.const(PI_OVER_2))),
      ])),
      r2.set(m.f64.mul(r.get(), r.get())),
      s.set(m.f64.mul(r.get(), horner(SIN))),
      c.set(horner(COS)),
      q.set(m.i32.and(m.i32.add(m.i32.trunc_s.f64(mod4(() => k.get())), f.i32(quadrantOffset)), f.i32(3))),
      m.if(m.i32.eq(q.get(), f.i32(0)), m.return(quadrant(0))),
      m.if(m.i32.eq(q.get(), f.i32(1)), m.return(quadrant(1))),
      m.if(m.i32.eq(q.get(), f.i32(2)), m.return(quadrant(2))),
      m.return(quadrant(3)),
    ], f64);
  });
}

export const sinF64 = (mb: ModuleBuilder): ((x: Expr) => Expr) => sinCos(mb, 'fm_sin', 0);
export const cosF64 = (mb: ModuleBuilder): ((x: Expr) => Expr) => sinCos(mb, 'fm_cos', 1);

export function atanF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64, i32 } = mb.t;
  return helper(mb, 'fm_atan', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const [a, u, u2, v] = f.locals(4, f64);
    const [inverted, shifted] = f.locals(2, i32);
    // Σ (−1)ⁿ u^(2n+1)/(2n+1) = u · Σ (−1)ⁿ (u²)ⁿ/(2n+1).
    const coeffs = Array.from({ length: ATAN_TERMS }, (_, n) => (n % 2 ? -1 : 1) / (2 * n + 1));
    const series = coeffs.slice(0, -1).reduceRight((acc, cf) => m.f64.add(m.f64.mul(acc, u2.get()), m.f64.const(cf)), m.f64.const(coeffs[coeffs.length - 1]!) as Expr);
    return m.block(null, [
      m.if(m.f64.ne(x.get(), x.get()), m.return(x.get())),
      a.set(m.f64.abs(x.get())),
      inverted.set(m.f64.gt(a.get(), m.f64.const(1))),
      m.if(inverted.get(), a.set(m.f64.div(m.f64.const(1), a.get()))),
      shifted.set(m.f64.gt(a.get(), m.f64.const(TAN_PI_OVER_8))),
      u.set(m.select(shifted.get(), m.f64.div(m.f64.sub(a.get(), m.f64.const(1)), m.f64.add(a.get(), m.f64.const(1))), a.get())),
      u2.set(m.f64.mul(u.get(), u.get())),
      v.set(m.f64.add(m.f64.mul(u.get(), series), m.select(shifted.get(), m.f64.const(PI_OVER_4), m.f64.const(0)))),
      v.set(m.select(inverted.get(), m.f64.sub(m.f64.const(PI_OVER_2), v.get()), v.get())),
      m.return(m.f64.copysign(v.get(), x.get())),
    ], f64);
  });
}

export function erfF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64, i32 } = mb.t;
  const exp = expF64(mb);
  return helper(mb, 'fm_erf', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const [a, x2, term, sum, t] = f.locals(5, f64);
    const n = f.local(i32);
    const nf = (): Expr => m.f64.convert_s.i32(n.get());
    return m.block(null, [
      m.if(m.f64.ne(x.get(), x.get()), m.return(x.get())),
      a.set(m.f64.abs(x.get())),
      m.if(m.f64.ge(a.get(), m.f64.const(ERF_SATURATION)), m.return(m.f64.copysign(m.f64.const(1), x.get()))),
      m.if(m.f64.lt(a.get(), m.f64.const(ERF_SERIES_LIMIT)), m.block(null, [
        x2.set(m.f64.mul(x.get(), x.get())),
        term.set(x.get()),
        sum.set(x.get()),
        f.forRange(n, 1, ERF_SERIES_TERMS, [
          term.set(m.f64.mul(term.get(), m.f64.div(m.f64.neg(x2.get()), nf()))),
          sum.set(m.f64.add(sum.get(), m.f64.div(term.get(), m.f64.add(m.f64.mul(m.f64.const(2), nf()), m.f64.const(1))))),
        ]),
        m.return(m.f64.mul(m.f64.const(TWO_OVER_SQRT_PI), sum.get())),
      ])),
      // Laplace's continued fraction from depth ERF_FRACTION_DEPTH up: t = a + (k/2)/t.
      t.set(a.get()),
      f.forRange(n, 0, ERF_FRACTION_DEPTH, [
        t.set(m.f64.add(a.get(), m.f64.div(m.f64.mul(m.f64.sub(m.f64.const(ERF_FRACTION_DEPTH), nf()), m.f64.const(0.5)), t.get()))),
      ]),
      m.return(m.f64.copysign(m.f64.sub(m.f64.const(1), m.f64.div(m.f64.mul(exp(m.f64.neg(m.f64.mul(a.get(), a.get()))), m.f64.const(ONE_OVER_SQRT_PI)), t.get())), x.get())),
    ], f64);
  });
}

/** sinh x = (E + E/(E + 1))/2 with E = eˣ − 1 (no cancellation near 0); past 20, eˣ/2 (e⁻ˣ is below a double's step). */
export function sinhF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64 } = mb.t;
  const expm1 = expm1F64(mb);
  const exp = expF64(mb);
  return helper(mb, 'fm_sinh', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const [a, e] = f.locals(2, f64);
    return m.block(null, [
      a.set(m.f64.abs(x.get())),
      m.if(m.f64.gt(a.get(), m.f64.const(20)), m.return(m.f64.copysign(m.f64.mul(exp(a.get()), m.f64.const(0.5)), x.get()))),
      e.set(expm1(a.get())),
      m.return(m.f64.copysign(m.f64.mul(m.f64.add(e.get(), m.f64.div(e.get(), m.f64.add(e.get(), m.f64.const(1)))), m.f64.const(0.5)), x.get())),
    ], f64);
  });
}

/** cosh x = (eᵃ + 1/eᵃ)/2, a = |x|. */
export function coshF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64 } = mb.t;
  const exp = expF64(mb);
  return helper(mb, 'fm_cosh', [f64], f64, (f) => {
    const m = f.m;
    const e = f.local(f64);
    return m.block(null, [
      e.set(exp(m.f64.abs(f.param(0).get()))),
      m.return(m.f64.mul(m.f64.add(e.get(), m.f64.div(m.f64.const(1), e.get())), m.f64.const(0.5))),
    ], f64);
  });
}

/** Below this |x|, asinh and atanh take their cubic Taylor polynomial (log(1 + tiny) would lose digits). */
const SMALL = 1e-4;

/** asinh x = ±log(a + √(a² + 1)), a = |x|; x − x³/6 for tiny x. */
export function asinhF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64 } = mb.t;
  const log = logF64(mb);
  return helper(mb, 'fm_asinh', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const a = f.local(f64);
    const cube = m.f64.mul(m.f64.mul(x.get(), x.get()), x.get());
    return m.block(null, [
      a.set(m.f64.abs(x.get())),
      m.if(m.f64.lt(a.get(), m.f64.const(SMALL)), m.return(m.f64.sub(x.get(), m.f64.div(cube, m.f64.const(6))))),
      m.return(m.f64.copysign(log(m.f64.add(a.get(), m.f64.sqrt(m.f64.add(m.f64.mul(a.get(), a.get()), m.f64.const(1))))), x.get())),
    ], f64);
  });
}

/** atanh x = log((1 + x)/(1 − x))/2; x + x³/3 for tiny x. */
export function atanhF64(mb: ModuleBuilder): (x: Expr) => Expr {
  const { f64 } = mb.t;
  const log = logF64(mb);
  return helper(mb, 'fm_atanh', [f64], f64, (f) => {
    const m = f.m;
    const x = f.param(0);
    const cube = m.f64.mul(m.f64.mul(x.get(), x.get()), x.get());
    return m.block(null, [
      m.if(m.f64.lt(m.f64.abs(x.get()), m.f64.const(SMALL)), m.return(m.f64.add(x.get(), m.f64.div(cube, m.f64.const(3))))),
      m.return(m.f64.mul(log(m.f64.div(m.f64.add(m.f64.const(1), x.get()), m.f64.sub(m.f64.const(1), x.get()))), m.f64.const(0.5))),
    ], f64);
  });
}
