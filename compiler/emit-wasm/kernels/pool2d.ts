/**
 * AVERAGE_POOL_2D and MAX_POOL_2D: one window walker, two reductions, as in
 * compiler/ops/pool2d.ts. The window is clipped to the image per output
 * pixel; the integer average rounds half away from zero with a truncating
 * division, the float one divides the float32 sum by the count.
 */
import type { Op } from '../../ir/index.js';
import type { Pool2dPrepared } from '../../ops/pool2d.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { clampF32, defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { clampAdd } from '../runtime/fixed-point.js';

export const poolKernel = defineKernel({
  plan(op: Op<'avg_pool2d' | 'max_pool2d'>, p: Pool2dPrepared): KernelPlan<Pool2dPrepared> {
    return { config: p, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },

  emit(f: FunctionBuilder, p: Pool2dPrepared): Expr {
    const m = f.m;
    const es = elemBytes(p.dtype);
    const isFloat = p.dtype === 'f32';
    const [pIn, pOut] = f.params(2);
    const [b, oy, ox, c, ky, kx, iy0, ix0, ky0, ky1, kx0, kx1, count, outPtr, half] = f.locals(15, f.t.i32);
    const acc = f.local(isFloat ? f.t.f32 : f.t.i32);
    const v = f.local(isFloat ? f.t.f32 : f.t.i32);
    const pixel = (): Expr => m.i32.add(pIn.get(), m.i32.mul(
      m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(p.inH)), m.i32.add(iy0.get(), ky.get())), f.i32(p.inW)), m.i32.add(ix0.get(), kx.get())), f.i32(p.channels)), c.get()),
      f.i32(es)));
    const reduce = p.reduce === 'max'
      ? acc.set(m.select(
        isFloat ? m.f32.gt(v.get(), acc.get()) : m.i32.gt_s(v.get(), acc.get()),
        v.get(), acc.get()))
      : acc.set(isFloat ? m.f32.add(acc.get(), v.get()) : m.i32.add(acc.get(), v.get()));
    const init = p.reduce === 'max' ? (isFloat ? m.f32.const(-Infinity) : f.i32(-2147483648)) : isFloat ? m.f32.const(0) : f.i32(0);
    let result: Expr[];
    if (p.reduce === 'max') {
      result = isFloat ? [storeElem(f, 'f32', outPtr.get(), clampF32(f, acc, p.actMin, p.actMax))] : [storeElem(f, p.dtype, outPtr.get(), clampAdd(f.module, acc.get(), 0, p.actMin, p.actMax))];
    } else if (isFloat) {
      result = [acc.set(m.f32.div(acc.get(), m.f32.convert_s.i32(count.get()))), storeElem(f, 'f32', outPtr.get(), clampF32(f, acc, p.actMin, p.actMax))];
    } else {
      result = [
        half.set(m.i32.div_s(count.get(), f.i32(2))),
        acc.set(m.i32.div_s(m.select(m.i32.gt_s(acc.get(), f.i32(0)), m.i32.add(acc.get(), half.get()), m.i32.sub(acc.get(), half.get())), count.get())),
        storeElem(f, p.dtype, outPtr.get(), clampAdd(f.module, acc.get(), 0, p.actMin, p.actMax)),
      ];
    }
    return f.block([
      outPtr.set(pOut.get()),
      f.forRange(b, 0, p.batches, [
        f.forRange(oy, 0, p.outH, [
          iy0.set(m.i32.sub(m.i32.mul(oy.get(), f.i32(p.strideH)), f.i32(p.padTop))),
          ky0.set(m.select(m.i32.lt_s(iy0.get(), f.i32(0)), m.i32.sub(f.i32(0), iy0.get()), f.i32(0))),
          ky1.set(m.i32.sub(f.i32(p.inH), iy0.get())),
          ky1.set(m.select(m.i32.lt_s(ky1.get(), f.i32(p.kH)), ky1.get(), f.i32(p.kH))),
          f.forRange(ox, 0, p.outW, [
            ix0.set(m.i32.sub(m.i32.mul(ox.get(), f.i32(p.strideW)), f.i32(p.padLeft))),
            kx0.set(m.select(m.i32.lt_s(ix0.get(), f.i32(0)), m.i32.sub(f.i32(0), ix0.get()), f.i32(0))),
            kx1.set(m.i32.sub(f.i32(p.inW), ix0.get())),
            kx1.set(m.select(m.i32.lt_s(kx1.get(), f.i32(p.kW)), kx1.get(), f.i32(p.kW))),
            count.set(m.i32.mul(m.i32.sub(ky1.get(), ky0.get()), m.i32.sub(kx1.get(), kx0.get()))),
            f.forRange(c, 0, p.channels, [
              acc.set(init),
              f.forRange(ky, f.dyn(ky0.get()), f.dyn(ky1.get()), [
                f.forRange(kx, f.dyn(kx0.get()), f.dyn(kx1.get()), [v.set(loadElem(f, p.dtype, pixel())), reduce]),
              ]),
              ...result,
              outPtr.set(m.i32.add(outPtr.get(), f.i32(es))),
            ]),
          ]),
        ]),
      ]),
    ]);
  },
});
