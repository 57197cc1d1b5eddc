/**
 * QUANTIZE: an element loop mirroring compiler/ops/quantize.ts. Float → int
 * rounds x / scale (float32 division) half away from zero in f64, then adds
 * the zero point and saturates in f64 so nothing wraps; int → int
 * requantizes in fixed point.
 */
import type { DType, Graph, Op } from '../../ir/index.js';
import type { QuantizePrepared } from '../../ops/quantize.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { clampAdd, mbqm } from '../runtime/fixed-point.js';
import { roundHalfAwayF64 } from '../runtime/float-math.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

interface QuantizeConfig extends QuantizePrepared {
  inDtype: DType;
  outDtype: DType;
}

export const quantizeKernel = defineKernel({
  plan(op: Op<'quantize'>, p: QuantizePrepared, g: Graph): KernelPlan<QuantizeConfig> {
    const inDtype = g.tensors[op.inputs[0]!]!.dtype;
    const outDtype = g.tensors[op.outputs[0]!]!.dtype;
    return { config: { ...p, inDtype, outDtype }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, c: QuantizeConfig): Expr {
    const m = f.m;
    const [pIn, pOut] = f.params(2);
    const i = f.local(f.t.i32);
    const inAt = (): Expr => m.i32.add(pIn.get(), m.i32.mul(i.get(), f.i32(elemBytes(c.inDtype))));
    const outAt = (): Expr => m.i32.add(pOut.get(), m.i32.mul(i.get(), f.i32(elemBytes(c.outDtype))));
    let value: Expr;
    if (c.mode === 'from-float') {
      const r = f.local(f.t.f64);
      const q = m.f64.promote(m.f32.div(loadElem(f, 'f32', inAt()), m.f32.const(Math.fround(c.scale))));
      // clamp(round(q), int32) + zp, clamped to [qmin, qmax]; int32 clamp first as the reference does.
      const clampF64 = (x: Expr, lo: number, hi: number): Expr => {
        const t = f.local(f.t.f64);
        return m.block(null, [t.set(x), m.select(m.f64.lt(t.get(), m.f64.const(lo)), m.f64.const(lo), m.select(m.f64.gt(t.get(), m.f64.const(hi)), m.f64.const(hi), t.get()))], f.t.f64);
      };
      value = m.block(null, [
        r.set(clampF64(roundHalfAwayF64(f.module)(q), -2147483648, 2147483647)),
        // Saturating: a NaN (which passes both clamps) becomes 0, as the reference stores it, instead of trapping.
        m.i32.trunc_s_sat.f64(clampF64(m.f64.add(r.get(), m.f64.const(c.outputZeroPoint)), c.qmin, c.qmax)),
      ], f.t.i32);
    } else {
      value = clampAdd(f.module, mbqm(f.module)(m.i32.sub(loadElem(f, c.inDtype, inAt()), f.i32(c.inputZeroPoint)), f.i32(c.multiplier), f.i32(c.shift)), c.outputZeroPoint, c.qmin, c.qmax);
    }
    return f.forRange(i, 0, c.count, [storeElem(f, c.outDtype, outAt(), value)]);
  },
});
