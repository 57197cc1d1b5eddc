/**
 * MEAN with the reference's three paths (compiler/ops/mean.ts): sums over
 * the reduced axes in input order into an accumulator scratch (int32 or
 * float32), then per output element either the integer requantization
 * (4-D spatial path), the float32 arithmetic of TFLite's QuantizedMeanOrSum,
 * or a float32 division.
 */
import type { Op } from '../../ir/index.js';
import type { MeanPrepared } from '../../ops/mean.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { clampAdd, mbqm } from '../runtime/fixed-point.js';
import { roundHalfAwayF64 } from '../runtime/float-math.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { denseStrides, walk } from './walk.js';

export const meanKernel = defineKernel({
  plan(op: Op<'mean'>, p: MeanPrepared): KernelPlan<MeanPrepared> {
    return { config: p, operands: [tensorOperand(op, 0), outputOperand(op), { scratch: true }], scratchBytes: p.outCount * 4 };
  },
  emit(f: FunctionBuilder, p: MeanPrepared): Expr {
    const m = f.m;
    const [pIn, pOut, pSum] = f.params(3);
    const isFloat = p.dtype === 'f32';
    const es = elemBytes(p.dtype);
    // Scratch strides: 0 on reduced axes, dense over the kept ones.
    const kept = p.inShape.map((d, i) => (p.axes.includes(i) ? 1 : d));
    const sumStrides = denseStrides(kept, 4).map((s, i) => (p.axes.includes(i) ? 0 : s));
    const accumulate = walk(f, p.inShape, [{ base: pIn.get(), strides: denseStrides(p.inShape, es) }, { base: pSum.get(), strides: sumStrides }], ([x, s]) => [
      isFloat
        ? m.f32.store(0, 4, s!.get(), m.f32.add(m.f32.load(0, 4, s!.get()), loadElem(f, 'f32', x!.get())))
        : m.i32.store(0, 4, s!.get(), m.i32.add(m.i32.load(0, 4, s!.get()), loadElem(f, p.dtype, x!.get()))),
    ]);
    const i = f.local(f.t.i32);
    const sumAt = (): Expr => m.i32.add(pSum.get(), m.i32.shl(i.get(), f.i32(2)));
    const outAt = (): Expr => m.i32.add(pOut.get(), m.i32.mul(i.get(), f.i32(es)));
    let value: Expr;
    if (isFloat) {
      value = m.f32.div(m.f32.load(0, 4, sumAt()), m.f32.const(p.reducedCount));
    } else if (p.path === 'spatial') {
      const acc = m.i32.sub(m.i32.load(0, 4, sumAt()), f.i32(p.inputZeroPoint * p.reducedCount));
      value = clampAdd(f.module, mbqm(f.module)(acc, f.i32(p.multiplier), f.i32(p.shift)), p.outputZeroPoint, p.qmin, p.qmax);
    } else {
      // float32(sum) / count, · scale + bias, round half away, + zp (all float32 steps), clamp, truncate.
      const mean = m.f32.div(m.f32.convert_s.i32(m.i32.load(0, 4, sumAt())), m.f32.const(p.reducedCount));
      const scaled = m.f32.add(m.f32.mul(mean, m.f32.const(p.scale)), m.f32.const(p.bias));
      const rounded = m.f32.demote(roundHalfAwayF64(f.module)(m.f64.promote(scaled)));
      const r = f.local(f.t.f32);
      value = m.block(null, [
        r.set(m.f32.add(rounded, m.f32.const(p.outputZeroPoint))),
        r.set(m.select(m.f32.gt(r.get(), m.f32.const(p.qmax)), m.f32.const(p.qmax), r.get())),
        r.set(m.select(m.f32.lt(r.get(), m.f32.const(p.qmin)), m.f32.const(p.qmin), r.get())),
        m.i32.trunc_s.f32(r.get()),
      ], f.t.i32);
    }
    return f.block([
      m.memory.fill(pSum.get(), f.i32(0), f.i32(p.outCount * 4)),
      accumulate,
      f.forRange(i, 0, p.outCount, [storeElem(f, p.dtype, outAt(), value)]),
    ]);
  },
});
