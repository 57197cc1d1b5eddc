/**
 * SOFTMAX over the last dimension, row by row, as compiler/ops/softmax.ts:
 * float32 exp(β·(x − max)) / Σ with float32 rounding at every step (exp in
 * f64, rounded), and TFLite's int8 fixed-point softmax (gemmlowp exp in
 * Q5.26, sum in Q12.19, one reciprocal per row). The output may not share
 * the input's memory (the planner never makes softmax in-place).
 */
import type { Op } from '../../ir/index.js';
import type { SoftmaxPrepared } from '../../ops/softmax.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { rdbp, srdhm } from '../runtime/fixed-point.js';
import { expF64 } from '../runtime/float-math.js';
import { expOnNegativeValues, oneOverOnePlusX, satShift } from '../runtime/gemmlowp.js';
import { defineKernel, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

const SCALED_DIFF_INTEGER_BITS = 5;
const ACCUMULATION_INTEGER_BITS = 12;

export const softmaxKernel = defineKernel({
  plan(op: Op<'softmax'>, p: SoftmaxPrepared): KernelPlan<SoftmaxPrepared> {
    return { config: p, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: SoftmaxPrepared): Expr {
    return p.dtype === 'f32' ? emitFloat(f, p) : emitInt8(f, p);
  },
});

function emitFloat(f: FunctionBuilder, p: SoftmaxPrepared): Expr {
  const m = f.m;
  const [pIn, pOut] = f.params(2);
  const [r, c, row, outRow] = f.locals(4, f.t.i32);
  const [max, sum, x] = f.locals(3, f.t.f32);
  const exp = expF64(f.module);
  const at = (base: typeof row): Expr => m.i32.add(base.get(), m.i32.shl(c.get(), f.i32(2)));
  return f.forRange(r, 0, p.rows, [
    row.set(m.i32.add(pIn.get(), m.i32.mul(r.get(), f.i32(p.depth * 4)))),
    outRow.set(m.i32.add(pOut.get(), m.i32.mul(r.get(), f.i32(p.depth * 4)))),
    max.set(m.f32.const(-3.4028234663852886e38)),
    f.forRange(c, 0, p.depth, [x.set(m.f32.load(0, 4, at(row))), max.set(m.f32.max(max.get(), x.get()))]),
    sum.set(m.f32.const(0)),
    f.forRange(c, 0, p.depth, [
      x.set(m.f32.demote(exp(m.f64.promote(m.f32.mul(m.f32.sub(m.f32.load(0, 4, at(row)), max.get()), m.f32.const(Math.fround(p.beta))))))),
      m.f32.store(0, 4, at(outRow), x.get()),
      sum.set(m.f32.add(sum.get(), x.get())),
    ]),
    f.forRange(c, 0, p.depth, [m.f32.store(0, 4, at(outRow), m.f32.div(m.f32.load(0, 4, at(outRow)), sum.get()))]),
  ]);
}

function emitInt8(f: FunctionBuilder, p: SoftmaxPrepared): Expr {
  const m = f.m;
  const mb = f.module;
  const [pIn, pOut] = f.params(2);
  const [r, c, row, outRow, max, diff, sum, headroom, reciprocal, bitsOverUnit, v] = f.locals(11, f.t.i32);
  const exp = expOnNegativeValues(mb, SCALED_DIFF_INTEGER_BITS);
  // multiplyByQuantizedMultiplierGreaterThanOne(diff, multiplier, leftShift)
  const scaledExp = (): Expr => exp(srdhm(mb)(m.i32.shl(diff.get(), f.i32(p.inputLeftShift)), f.i32(p.inputMultiplier)));
  const inAt = (): Expr => m.i32.add(row.get(), c.get());
  // int8 or int16 output (offset −128 or −32768).
  const [lo, hi] = [-(2 ** (p.outBits - 1)), 2 ** (p.outBits - 1) - 1];
  const outBytes = p.outBits / 8;
  const outAt = (): Expr => m.i32.add(outRow.get(), outBytes === 1 ? c.get() : m.i32.shl(c.get(), f.i32(1)));
  const store = (v: Expr): Expr => (outBytes === 1 ? m.i32.store8(0, 1, outAt(), v) : m.i32.store16(0, 2, outAt(), v));
  return f.forRange(r, 0, p.rows, [
    row.set(m.i32.add(pIn.get(), m.i32.mul(r.get(), f.i32(p.depth)))),
    outRow.set(m.i32.add(pOut.get(), m.i32.mul(r.get(), f.i32(p.depth * outBytes)))),
    max.set(f.i32(-128)),
    f.forRange(c, 0, p.depth, [v.set(m.i32.load8_s(0, 1, inAt())), max.set(m.select(m.i32.gt_s(v.get(), max.get()), v.get(), max.get()))]),
    sum.set(f.i32(0)),
    f.forRange(c, 0, p.depth, [
      diff.set(m.i32.sub(m.i32.load8_s(0, 1, inAt()), max.get())),
      m.if(m.i32.ge_s(diff.get(), f.i32(p.diffMin)),
        sum.set(m.i32.add(sum.get(), satShift(f, scaledExp(), -ACCUMULATION_INTEGER_BITS)))),
    ]),
    // getReciprocal(sum, 12)
    headroom.set(m.i32.clz(sum.get())),
    bitsOverUnit.set(m.i32.sub(f.i32(ACCUMULATION_INTEGER_BITS), headroom.get())),
    reciprocal.set(oneOverOnePlusX(mb)(m.i32.sub(m.i32.shl(sum.get(), headroom.get()), f.i32(-2147483648)))),
    f.forRange(c, 0, p.depth, [
      diff.set(m.i32.sub(m.i32.load8_s(0, 1, inAt()), max.get())),
      store(m.if(m.i32.ge_s(diff.get(), f.i32(p.diffMin)), m.block(null, [
        v.set(m.i32.add(rdbp(mb)(srdhm(mb)(reciprocal.get(), scaledExp()), m.i32.add(bitsOverUnit.get(), f.i32(31 - p.outBits))), f.i32(lo))),
        m.select(m.i32.gt_s(v.get(), f.i32(hi)), f.i32(hi), m.select(m.i32.lt_s(v.get(), f.i32(lo)), f.i32(lo), v.get())),
      ], f.t.i32), f.i32(lo))),
    ]),
  ]);
}
