/**
 * DEQUANTIZE: integer → float32 as float32(double(scale) · (q − zp)), the
 * subtraction done in f64 so an int32 input cannot wrap (as the reference).
 */
import type { DType, Graph, Op } from '../../ir/index.js';
import type { DequantizePrepared } from '../../ops/dequantize.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { defineKernel, elemBytes, loadElem, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

interface DequantizeConfig extends DequantizePrepared {
  inDtype: DType;
}

export const dequantizeKernel = defineKernel({
  plan(op: Op<'dequantize'>, p: DequantizePrepared, g: Graph): KernelPlan<DequantizeConfig> {
    return { config: { ...p, inDtype: g.tensors[op.inputs[0]!]!.dtype }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, c: DequantizeConfig): Expr {
    const m = f.m;
    const [pIn, pOut] = f.params(2);
    const i = f.local(f.t.i32);
    const q = loadElem(f, c.inDtype, m.i32.add(pIn.get(), m.i32.mul(i.get(), f.i32(elemBytes(c.inDtype)))));
    const real = m.f64.mul(m.f64.const(c.scales[0]!), m.f64.sub(m.f64.convert_s.i32(q), m.f64.const(c.zeroPoints[0]!)));
    return f.forRange(i, 0, c.count, [m.f32.store(0, 4, m.i32.add(pOut.get(), m.i32.shl(i.get(), f.i32(2))), m.f32.demote(real))]);
  },
});
