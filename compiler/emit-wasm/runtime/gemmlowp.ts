/**
 * gemmlowp's fixed-point exp, reciprocal, logistic and tanh as wasm
 * functions, for the int8 softmax, logistic and tanh kernels. Each is the
 * twin of the function of the same name in compiler/quant/gemmlowp.ts (same
 * constants, same order of saturating and wrapping steps). Functions that
 * depend on a compile-time bit count get one copy per count.
 */
import type { Expr, FunctionBuilder, ModuleBuilder } from '../binaryen.js';
import { helper, rdbp, srdhm } from './fixed-point.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** saturatingRoundingMultiplyByPOT(x, exponent) for a constant exponent. */
export function satShift(f: FunctionBuilder, x: Expr, exponent: number): Expr {
  const m = f.m;
  if (exponent === 0) return x;
  if (exponent < 0) return rdbp(f.module)(x, f.i32(-exponent));
  const threshold = (1 << (31 - exponent)) - 1;
  const v = f.local(f.t.i32);
  return m.block(null, [
    v.set(x),
    m.select(m.i32.gt_s(v.get(), f.i32(threshold)), f.i32(INT32_MAX),
      m.select(m.i32.lt_s(v.get(), f.i32(-threshold)), f.i32(INT32_MIN), m.i32.shl(v.get(), f.i32(exponent)))),
  ], f.t.i32);
}

/** expOnNegativeValues(a, integerBits): exp of a ≤ 0 with `integerBits` integer bits, Q0.31 out. */
export function expOnNegativeValues(mb: ModuleBuilder, integerBits: number): (a: Expr) => Expr {
  const { i32 } = mb.t;
  const mul = srdhm(mb);
  const div = rdbp(mb);
  const interval = helper(mb, 'gl_exp_interval', [i32], i32, (f) => {
    const m = f.m;
    const a = f.param(0);
    const [x, x2, x3, x4] = [f.local(i32), f.local(i32), f.local(i32), f.local(i32)];
    const constantTerm = 1895147668;
    const oneOver3 = 715827883;
    return m.block(null, [
      x.set(m.i32.add(a.get(), f.i32(1 << 28))),
      x2.set(mul(x.get(), x.get())),
      x3.set(mul(x2.get(), x.get())),
      x4.set(mul(x2.get(), x2.get())),
      m.return(m.i32.add(f.i32(constantTerm), mul(f.i32(constantTerm), m.i32.add(x.get(),
        div(m.i32.add(mul(m.i32.add(div(x4.get(), f.i32(2)), x3.get()), f.i32(oneOver3)), x2.get()), f.i32(1)))))),
    ], i32);
  });
  return helper(mb, `gl_exp_neg_${integerBits}`, [i32], i32, (f) => {
    const m = f.m;
    const a = f.param(0);
    const aMod = f.local(i32);
    const rem = f.local(i32);
    const result = f.local(i32);
    const fractionalBits = 31 - integerBits;
    const oneQuarter = 1 << (fractionalBits - 2);
    const body: Expr[] = [
      aMod.set(m.i32.sub(m.i32.and(a.get(), f.i32(oneQuarter - 1)), f.i32(oneQuarter))),
      result.set(interval(satShift(f, aMod.get(), integerBits))),
      rem.set(m.i32.sub(aMod.get(), a.get())),
    ];
    const barrel: Array<[number, number]> = [[-2, 1672461947], [-1, 1302514674], [0, 790015084], [1, 290630308], [2, 39332535], [3, 720401], [4, 242]];
    for (const [exponent, multiplier] of barrel) {
      if (integerBits <= exponent) continue;
      const bit = m.i32.and(rem.get(), f.i32(1 << (fractionalBits + exponent)));
      body.push(m.if(bit, result.set(mul(result.get(), f.i32(multiplier)))));
    }
    if (integerBits > 5) {
      body.push(m.if(m.i32.lt_s(a.get(), f.i32(-(1 << (36 - integerBits)))), result.set(f.i32(0))));
    }
    body.push(m.return(m.select(m.i32.eqz(a.get()), f.i32(INT32_MAX), result.get())));
    return m.block(null, body, i32);
  });
}

/** Newton–Raphson 1/half_denominator in Q2.29 (the shared core of the two below). */
function newtonReciprocal(mb: ModuleBuilder): (a: Expr) => Expr {
  const { i32, i64 } = mb.t;
  const mul = srdhm(mb);
  return helper(mb, 'gl_newton', [i32], i32, (f) => {
    const m = f.m;
    const a = f.param(0);
    const sum = f.local(i64);
    const half = f.local(i32);
    const x = f.local(i32);
    const body: Expr[] = [
      // roundingHalfSum(a, INT32_MAX) in i64: (sum ± 1) / 2 truncated.
      sum.set(m.i64.add(m.i64.extend_s(a.get()), f.i64(INT32_MAX))),
      half.set(m.i32.wrap(m.i64.div_s(m.i64.add(sum.get(), m.select(m.i64.ge_s(sum.get(), f.i64(0)), f.i64(1), f.i64(-1))), f.i64(2)))),
      x.set(m.i32.add(f.i32(1515870810), mul(half.get(), f.i32(-1010580540)))),
    ];
    for (let i = 0; i < 3; i++) {
      const oneMinus = m.i32.sub(f.i32(1 << 29), mul(half.get(), x.get()));
      body.push(x.set(m.i32.add(x.get(), satShift(f, mul(x.get(), oneMinus), 2))));
    }
    body.push(m.return(x.get()));
    return m.block(null, body, i32);
  });
}

/** oneOverOnePlusXForXIn01(a), Q0.31 in and out. */
export function oneOverOnePlusX(mb: ModuleBuilder): (a: Expr) => Expr {
  const newton = newtonReciprocal(mb);
  return helper(mb, 'gl_one_over_one_plus_x', [mb.t.i32], mb.t.i32, (f) => satShift(f, newton(f.param(0).get()), 1));
}

/** oneMinusXOverOnePlusXForXIn01(a), Q0.31 in and out. */
export function oneMinusXOverOnePlusX(mb: ModuleBuilder): (a: Expr) => Expr {
  const newton = newtonReciprocal(mb);
  return helper(mb, 'gl_one_minus_x_over_one_plus_x', [mb.t.i32], mb.t.i32, (f) =>
    satShift(f, f.m.i32.sub(newton(f.param(0).get()), f.i32(1 << 29)), 2));
}

/** gemmlowp logistic of a raw value with `integerBits` integer bits, Q0.31 out. */
export function fixedLogistic(mb: ModuleBuilder, integerBits: number): (a: Expr) => Expr {
  const { i32 } = mb.t;
  const exp = expOnNegativeValues(mb, integerBits);
  const recip = oneOverOnePlusX(mb);
  return helper(mb, `gl_logistic_${integerBits}`, [i32], i32, (f) => {
    const m = f.m;
    const a = f.param(0);
    const positive = f.local(i32);
    const absInput = m.select(m.i32.gt_s(a.get(), f.i32(0)), a.get(), m.i32.sub(f.i32(0), a.get()));
    return m.block(null, [
      m.if(m.i32.eqz(a.get()), m.return(f.i32(1 << 30))),
      positive.set(recip(exp(m.i32.sub(f.i32(0), absInput)))),
      m.return(m.select(m.i32.gt_s(a.get(), f.i32(0)), positive.get(), m.i32.sub(f.i32(INT32_MAX), positive.get()))),
    ], i32);
  });
}

/** gemmlowp tanh of a raw value with `integerBits` integer bits, Q0.31 out. */
export function fixedTanh(mb: ModuleBuilder, integerBits: number): (a: Expr) => Expr {
  const { i32 } = mb.t;
  const exp = expOnNegativeValues(mb, integerBits + 1);
  const ratio = oneMinusXOverOnePlusX(mb);
  return helper(mb, `gl_tanh_${integerBits}`, [i32], i32, (f) => {
    const m = f.m;
    const a = f.param(0);
    const t = f.local(i32);
    const negative = m.select(m.i32.lt_s(a.get(), f.i32(0)), a.get(), m.i32.sub(f.i32(0), a.get()));
    return m.block(null, [
      m.if(m.i32.eqz(a.get()), m.return(f.i32(0))),
      t.set(ratio(exp(negative))),
      m.return(m.select(m.i32.lt_s(a.get(), f.i32(0)), m.i32.sub(f.i32(0), t.get()), t.get())),
    ], i32);
  });
}
