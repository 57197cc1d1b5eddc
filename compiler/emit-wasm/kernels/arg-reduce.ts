/**
 * ARG_REDUCE in wasm, as compiler/ops/arg-reduce.ts: for each (outer,
 * inner) position the axis is scanned from index 0, the best value and its
 * index kept (a NaN best is replaced by the first number after it), and the
 * index stored as int64 or int32.
 */
import type { Op } from '../../ir/index.js';
import type { ArgReducePrepared } from '../../ops/arg-reduce.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { defineKernel, elemBytes, loadElem, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

export const argReduceKernel = defineKernel({
  plan(op: Op<'arg_reduce'>, p: ArgReducePrepared): KernelPlan<ArgReducePrepared> {
    return { config: p, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: ArgReducePrepared): Expr {
    const m = f.m;
    const float = p.dtype === 'f32';
    const vt = float ? f.t.f32 : f.t.i32;
    const es = elemBytes(p.dtype);
    const [pIn, pOut] = f.params(2);
    const [o, i, k, at, base] = f.locals(5, f.t.i32);
    const [best, v] = f.locals(2, vt);
    const compare = (a: Expr, b: Expr): Expr => {
      if (float) return p.max ? (p.selectLastIndex ? m.f32.ge(a, b) : m.f32.gt(a, b)) : (p.selectLastIndex ? m.f32.le(a, b) : m.f32.lt(a, b));
      return p.max ? (p.selectLastIndex ? m.i32.ge_s(a, b) : m.i32.gt_s(a, b)) : (p.selectLastIndex ? m.i32.le_s(a, b) : m.i32.lt_s(a, b));
    };
    const wins = float
      ? m.i32.or(compare(v.get(), best.get()), m.i32.and(m.f32.ne(best.get(), best.get()), m.f32.eq(v.get(), v.get())))
      : compare(v.get(), best.get());
    const element = (index: Expr): Expr => loadElem(f, p.dtype, m.i32.add(base.get(), m.i32.mul(index, f.i32(p.inner * es))));
    return f.forRange(o, 0, p.outer, [
      f.forRange(i, 0, p.inner, [
        base.set(m.i32.add(pIn.get(), m.i32.mul(m.i32.add(m.i32.mul(o.get(), f.i32(p.axisSize * p.inner)), i.get()), f.i32(es)))),
        best.set(element(f.i32(0))),
        at.set(f.i32(0)),
        f.forRange(k, 1, p.axisSize, [
          v.set(element(k.get())),
          m.if(wins, m.block(null, [best.set(v.get()), at.set(k.get())])),
        ]),
        p.outDtype === 'i64'
          ? m.i64.store(0, 8, m.i32.add(pOut.get(), m.i32.mul(m.i32.add(m.i32.mul(o.get(), f.i32(p.inner)), i.get()), f.i32(8))), m.i64.extend_u(at.get()))
          : m.i32.store(0, 4, m.i32.add(pOut.get(), m.i32.mul(m.i32.add(m.i32.mul(o.get(), f.i32(p.inner)), i.get()), f.i32(4))), at.get()),
      ]),
    ]);
  },
});
