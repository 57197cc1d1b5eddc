/**
 * The ONNX unary family — CLIP, HARD_SIGMOID, HARD_SWISH, EXP, LOG, SQRT,
 * RECIPROCAL, ABS, NEG — as one element loop and one row per kind, mirroring
 * the rows of compiler/ops/unary.ts step for step: every float32 operation
 * of the reference is one f32 instruction here (IEEE single rounding after
 * each), min/max have JavaScript's NaN and signed-zero rules in wasm too,
 * and exp and log go through the f64 helpers of runtime/float-math.ts
 * before one rounding to float32. Integer rows (clip, abs, neg) compute in
 * i32 and the narrowing store wraps like the reference's C-style cast.
 * Element i is read before it is written, so the output may share the
 * input's memory.
 */
import type { Op } from '../../ir/index.js';
import type { UnaryKind, UnaryPrepared } from '../../ops/unary.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { expF64, logF64 } from '../runtime/float-math.js';
import { asinhF64, atanF64, atanhF64, coshF64, cosF64, erfF64, sinF64, sinhF64 } from '../runtime/trig-math.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

interface Row {
  float(f: FunctionBuilder, x: Local, p: UnaryPrepared): Expr;
  /** Integer rows only (those the reference allows on plain integers). */
  int?(f: FunctionBuilder, x: Local, p: UnaryPrepared): Expr;
}

/** v < 0 ? 0 : v > 1 ? 1 : v on a float32 local (NaN passes through, as in the reference). */
function unitClamp(f: FunctionBuilder, v: Local): Expr {
  const m = f.m;
  const zero = m.f32.const(0);
  const one = m.f32.const(1);
  return m.select(m.f32.lt(v.get(), zero), m.f32.const(0), m.select(m.f32.gt(v.get(), one), m.f32.const(1), v.get()));
}

/** float32(float32(alpha · x) + beta), clamped to [0, 1]. */
function hardSigmoid(f: FunctionBuilder, x: Expr, alpha: number, beta: number): Expr {
  const m = f.m;
  const v = f.local(f.t.f32);
  return m.block(null, [v.set(m.f32.add(m.f32.mul(m.f32.const(alpha), x), m.f32.const(beta))), unitClamp(f, v)], f.t.f32);
}

const ROWS: Record<UnaryKind, Row> = {
  clip: {
    float: (f, x, p) => f.m.f32.min(f.m.f32.max(x.get(), f.m.f32.const(p.a)), f.m.f32.const(p.b)),
    int(f, x, p) {
      const m = f.m;
      const lo = f.local(f.t.i32);
      // max(x, a), then min(·, b): with a > b every element becomes b, as the reference.
      return m.block(null, [
        lo.set(m.select(m.i32.gt_s(x.get(), f.i32(p.a)), x.get(), f.i32(p.a))),
        m.select(m.i32.lt_s(lo.get(), f.i32(p.b)), lo.get(), f.i32(p.b)),
      ], f.t.i32);
    },
  },
  hard_sigmoid: { float: (f, x, p) => hardSigmoid(f, x.get(), p.a, p.b) },
  hard_swish: { float: (f, x) => f.m.f32.mul(x.get(), hardSigmoid(f, x.get(), Math.fround(1 / 6), 0.5)) },
  exp: { float: (f, x) => f.m.f32.demote(expF64(f.module)(f.m.f64.promote(x.get()))) },
  log: { float: (f, x) => f.m.f32.demote(logF64(f.module)(f.m.f64.promote(x.get()))) },
  // Correctly rounded in float32 directly: equal to the double result rounded once.
  sqrt: { float: (f, x) => f.m.f32.sqrt(x.get()) },
  reciprocal: { float: (f, x) => f.m.f32.div(f.m.f32.const(1), x.get()) },
  abs: {
    float: (f, x) => f.m.f32.abs(x.get()),
    int: (f, x) => f.m.select(f.m.i32.lt_s(x.get(), f.i32(0)), f.m.i32.sub(f.i32(0), x.get()), x.get()),
  },
  neg: { float: (f, x) => f.m.f32.neg(x.get()), int: (f, x) => f.m.i32.sub(f.i32(0), x.get()) },
  sin: { float: (f, x) => inF64(f, x, (v) => sinF64(f.module)(v())) },
  cos: { float: (f, x) => inF64(f, x, (v) => cosF64(f.module)(v())) },
  tan: { float: (f, x) => inF64(f, x, (v) => f.m.f64.div(sinF64(f.module)(v()), cosF64(f.module)(v()))) },
  atan: { float: (f, x) => inF64(f, x, (v) => atanF64(f.module)(v())) },
  // asin x = atan(x / √((1 − x)(1 + x))); acos x = 2·atan(√((1 − x)/(1 + x))), accurate near ±1.
  asin: { float: (f, x) => inF64(f, x, (v) => atanF64(f.module)(f.m.f64.div(v(), f.m.f64.sqrt(f.m.f64.mul(f.m.f64.sub(f.m.f64.const(1), v()), f.m.f64.add(f.m.f64.const(1), v())))))) },
  acos: { float: (f, x) => inF64(f, x, (v) => f.m.f64.mul(f.m.f64.const(2), atanF64(f.module)(f.m.f64.sqrt(f.m.f64.div(f.m.f64.sub(f.m.f64.const(1), v()), f.m.f64.add(f.m.f64.const(1), v())))))) },
  sinh: { float: (f, x) => inF64(f, x, (v) => sinhF64(f.module)(v())) },
  cosh: { float: (f, x) => inF64(f, x, (v) => coshF64(f.module)(v())) },
  asinh: { float: (f, x) => inF64(f, x, (v) => asinhF64(f.module)(v())) },
  // acosh x = log(x + √(x² − 1)); NaN below 1 (where the sum can cancel to 0 instead).
  acosh: { float: (f, x) => inF64(f, x, (v) => f.m.select(f.m.f64.lt(v(), f.m.f64.const(1)), f.m.f64.const(NaN), logF64(f.module)(f.m.f64.add(v(), f.m.f64.sqrt(f.m.f64.sub(f.m.f64.mul(v(), v()), f.m.f64.const(1))))))) },
  atanh: { float: (f, x) => inF64(f, x, (v) => atanhF64(f.module)(v())) },
  erf: { float: (f, x) => inF64(f, x, (v) => erfF64(f.module)(v())) },
  sign: {
    float: (f, x) => f.m.select(f.m.f32.gt(x.get(), f.m.f32.const(0)), f.m.f32.const(1), f.m.select(f.m.f32.lt(x.get(), f.m.f32.const(0)), f.m.f32.const(-1), x.get())),
    int: (f, x) => f.m.select(f.m.i32.gt_s(x.get(), f.i32(0)), f.i32(1), f.m.select(f.m.i32.lt_s(x.get(), f.i32(0)), f.i32(-1), f.i32(0))),
  },
  floor: { float: (f, x) => f.m.f32.floor(x.get()) },
  ceil: { float: (f, x) => f.m.f32.ceil(x.get()) },
  // Round half to even, the sign of a zero kept: f32.nearest is IEEE's roundeven.
  round: { float: (f, x) => f.m.f32.nearest(x.get()) },
};

/**
 * A float32 element through a double-precision function, rounded once.
 * `v()` reads the widened element afresh at each use (a binaryen
 * expression may appear only once in the tree).
 */
function inF64(f: FunctionBuilder, x: Local, fn: (v: () => Expr) => Expr): Expr {
  const wide = f.local(f.t.f64);
  return f.m.block(null, [wide.set(f.m.f64.promote(x.get())), f.m.f32.demote(fn(() => wide.get()))], f.t.f32);
}

export const unaryKernel = defineKernel({
  unsupported(_op: Op<UnaryKind>, p: UnaryPrepared): string | undefined {
    return p.dtype !== 'f32' && !ROWS[p.kind].int ? `${p.kind} on ${p.dtype}` : undefined;
  },
  plan(op: Op<UnaryKind>, p: UnaryPrepared): KernelPlan<UnaryPrepared> {
    return { config: p, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: UnaryPrepared): Expr {
    const m = f.m;
    const [pIn, pOut] = f.params(2);
    const es = elemBytes(p.dtype);
    const i = f.local(f.t.i32);
    const value = elementFunction(f, p);
    const at = (base: Local): Expr => m.i32.add(base.get(), m.i32.mul(i.get(), f.i32(es)));
    return f.forRange(i, 0, p.count, [storeElem(f, p.dtype, at(pOut), value(loadElem(f, p.dtype, at(pIn))))]);
  },
});

/** One wasm function per distinct row configuration computing a single element. */
function elementFunction(f: FunctionBuilder, p: UnaryPrepared): (x: Expr) => Expr {
  const mb = f.module;
  const row = ROWS[p.kind];
  const type = p.dtype === 'f32' ? mb.t.f32 : mb.t.i32;
  const name = mb.intern(`un_${p.kind}_${p.dtype}`, JSON.stringify([p.a, p.b]), (n) =>
    mb.addFunction(n, [type], type, (g) => (p.dtype === 'f32' ? row.float(g, g.param(0), p) : row.int!(g, g.param(0), p))));
  return (x) => mb.m.call(name, [x], type);
}
