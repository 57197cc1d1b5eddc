/**
 * AVERAGE_POOL_2D and MAX_POOL_2D: one window walker, two reductions, as in
 * compiler/ops/pool2d.ts. The window is clipped to the image per output
 * pixel; the integer average rounds half away from zero with a truncating
 * division, the float one divides the float32 sum by the count. The SIMD
 * build takes eight int8/uint8 channels at a time (pool2d-simd.ts).
 */
import type { Op } from '../../ir/index.js';
import type { Pool2dPrepared } from '../../ops/pool2d.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { clampF32, defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { clampAdd } from '../runtime/fixed-point.js';
import { emitPoolSimd, poolSimdFits } from './pool2d-simd.js';
import { roundingDivide, walkPoolWindows } from './pool-window.js';

export const poolKernel = defineKernel({
  plan(op: Op<'avg_pool2d' | 'max_pool2d'>, p: Pool2dPrepared): KernelPlan<Pool2dPrepared> {
    return { config: p, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },

  emit(f: FunctionBuilder, p: Pool2dPrepared, simd: boolean): Expr {
    if (simd && poolSimdFits(p)) return emitPoolSimd(f, p);
    const m = f.m;
    const es = elemBytes(p.dtype);
    const isFloat = p.dtype === 'f32';
    const [pIn, pOut] = f.params(2);
    const half = f.local(f.t.i32);
    const acc = f.local(isFloat ? f.t.f32 : f.t.i32);
    const v = f.local(isFloat ? f.t.f32 : f.t.i32);
    const reduce = p.reduce === 'max'
      ? acc.set(m.select(
        isFloat ? m.f32.gt(v.get(), acc.get()) : m.i32.gt_s(v.get(), acc.get()),
        v.get(), acc.get()))
      : acc.set(isFloat ? m.f32.add(acc.get(), v.get()) : m.i32.add(acc.get(), v.get()));
    const init = p.reduce === 'max' ? (isFloat ? m.f32.const(-Infinity) : f.i32(-2147483648)) : isFloat ? m.f32.const(0) : f.i32(0);
    return walkPoolWindows(f, p, pIn, pOut, es, 1, ({ count, outPtr, taps }) => {
      let result: Expr[];
      if (p.reduce === 'max') {
        result = isFloat ? [storeElem(f, 'f32', outPtr.get(), clampF32(f, acc, p.actMin, p.actMax))] : [storeElem(f, p.dtype, outPtr.get(), clampAdd(f.module, acc.get(), 0, p.actMin, p.actMax))];
      } else if (isFloat) {
        result = [acc.set(m.f32.div(acc.get(), m.f32.convert_s.i32(count.get()))), storeElem(f, 'f32', outPtr.get(), clampF32(f, acc, p.actMin, p.actMax))];
      } else {
        result = [
          half.set(m.i32.div_s(count.get(), f.i32(2))),
          acc.set(roundingDivide(f, acc.get(), half, count)),
          storeElem(f, p.dtype, outPtr.get(), clampAdd(f.module, acc.get(), 0, p.actMin, p.actMax)),
        ];
      }
      return [acc.set(init), taps((address) => [v.set(loadElem(f, p.dtype, address)), reduce]), ...result];
    });
  },
});
