/**
 * REDUCE_SUM, REDUCE_PROD, REDUCE_MAX and REDUCE_MIN as in compiler/ops/reduce.ts: the
 * output is filled with the row's starting value, then the input is walked
 * in memory order with the output pointer standing still on reduced axes,
 * folding each element into its output slot. Float sums round to float32
 * at every step in that order, as the reference does. Integer sums are
 * folded in the output's own type: wrapping after every step gives the same
 * bits as the reference's wrapped int32 total stored into a narrower type
 * (arithmetic modulo 2^bits). Max and min start from the type's extreme
 * (−inf/+inf for float32), which the first element always replaces — as the
 * reference's ±Infinity start; NaN never wins a comparison, as there.
 */
import { intRange, type Op } from '../../ir/index.js';
import type { ReducePrepared } from '../../ops/reduce.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { denseStrides, walk } from './walk.js';

type Kind = ReducePrepared['kind'];

interface Row {
  /** Starting value of each output slot. */
  init(f: FunctionBuilder, p: ReducePrepared): Expr;
  /** The folded value from the slot's current value and one element. */
  step(f: FunctionBuilder, p: ReducePrepared, acc: Expr, x: Expr): Expr;
}

const isFloat = (p: ReducePrepared): boolean => p.dtype === 'f32';

/** `x ⋚ acc ? x : acc` with the comparison `greater` (max) or `less` (min). */
function pick(f: FunctionBuilder, p: ReducePrepared, acc: Expr, x: Expr, greater: boolean): Expr {
  const m = f.m;
  const [a, v] = f.locals(2, isFloat(p) ? f.t.f32 : f.t.i32);
  const wins = isFloat(p)
    ? (greater ? m.f32.gt(v.get(), a.get()) : m.f32.lt(v.get(), a.get()))
    : (greater ? m.i32.gt_s(v.get(), a.get()) : m.i32.lt_s(v.get(), a.get()));
  return m.block(null, [a.set(acc), v.set(x), m.select(wins, v.get(), a.get())], isFloat(p) ? f.t.f32 : f.t.i32);
}

const ROWS: Record<Kind, Row> = {
  reduce_sum: {
    init: (f, p) => (isFloat(p) ? f.m.f32.const(0) : f.i32(0)),
    step: (f, p, acc, x) => (isFloat(p) ? f.m.f32.add(acc, x) : f.m.i32.add(acc, x)),
  },
  reduce_prod: {
    init: (f, p) => (isFloat(p) ? f.m.f32.const(1) : f.i32(1)),
    step: (f, p, acc, x) => (isFloat(p) ? f.m.f32.mul(acc, x) : f.m.i32.mul(acc, x)),
  },
  reduce_max: {
    init: (f, p) => (isFloat(p) ? f.m.f32.const(-Infinity) : f.i32(intRange(p.dtype).min)),
    step: (f, p, acc, x) => pick(f, p, acc, x, true),
  },
  reduce_min: {
    init: (f, p) => (isFloat(p) ? f.m.f32.const(Infinity) : f.i32(intRange(p.dtype).max)),
    step: (f, p, acc, x) => pick(f, p, acc, x, false),
  },
};

export const reduceKernel = defineKernel({
  plan(op: Op<Kind>, p: ReducePrepared): KernelPlan<ReducePrepared> {
    return { config: p, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: ReducePrepared): Expr {
    const m = f.m;
    const [pIn, pOut] = f.params(2);
    const es = elemBytes(p.dtype);
    const row = ROWS[p.kind];
    const i = f.local(f.t.i32);
    // Output strides over the input's shape: 0 on reduced axes, dense over the kept ones.
    const kept = p.inShape.map((d, a) => (p.axes.includes(a) ? 1 : d));
    const outStrides = denseStrides(kept, es).map((s, a) => (p.axes.includes(a) ? 0 : s));
    const fold = walk(f, p.inShape, [{ base: pIn.get(), strides: denseStrides(p.inShape, es) }, { base: pOut.get(), strides: outStrides }], ([x, o]) => [
      storeElem(f, p.dtype, o!.get(), row.step(f, p, loadElem(f, p.dtype, o!.get()), loadElem(f, p.dtype, x!.get()))),
    ]);
    return f.block([
      f.forRange(i, 0, p.outCount, [storeElem(f, p.dtype, m.i32.add(pOut.get(), m.i32.mul(i.get(), f.i32(es))), row.init(f, p))]),
      fold,
    ]);
  },
});
