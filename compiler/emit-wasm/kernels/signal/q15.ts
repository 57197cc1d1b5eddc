/**
 * The Q15 steps of the fixed-point FFT (compiler/ops/signal/kissfft.ts) as
 * expression builders: sround rounds an int32 product sum back to int16,
 * divide scales a butterfly input by ⌊32767 / radix⌋, and a complex product
 * with a twiddle (cos, sin as adjacent int16) rounds each part. All i32
 * arithmetic wraps, as the reference's `| 0` and Math.imul do.
 */
import type { Expr, FunctionBuilder, Local } from '../../binaryen.js';

/** (p + 2^14) >> 15, kept to int16. */
export function sround(f: FunctionBuilder, p: Expr): Expr {
  const m = f.m;
  return m.i32.extend16_s(m.i32.shr_s(m.i32.add(p, f.i32(16384)), f.i32(15)));
}

/** sround(x · ⌊32767 / radix⌋): a butterfly input divided by its radix. */
export function divide(f: FunctionBuilder, x: Expr, radix: number): Expr {
  return sround(f, f.m.i32.mul(x, f.i32(Math.trunc(32767 / radix))));
}

/** A value kept to int16 (the reference's wrap16 of a sum). */
export function wrap16(f: FunctionBuilder, v: Expr): Expr {
  return f.m.i32.extend16_s(v);
}

/**
 * (xr + i·xi)·(cos + i·sin) into (re, im), each part rounded to int16; the
 * twiddle is the int16 pair `twiddle` points at.
 */
export function twiddleProduct(f: FunctionBuilder, xr: Local, xi: Local, twiddle: Local, re: Local, im: Local): Expr[] {
  const m = f.m;
  const cos = (): Expr => m.i32.load16_s(0, 2, twiddle.get());
  const sin = (): Expr => m.i32.load16_s(2, 2, twiddle.get());
  return [
    re.set(sround(f, m.i32.sub(m.i32.mul(xr.get(), cos()), m.i32.mul(xi.get(), sin())))),
    im.set(sround(f, m.i32.add(m.i32.mul(xr.get(), sin()), m.i32.mul(xi.get(), cos())))),
  ];
}
