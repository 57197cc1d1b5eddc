/**
 * DEQUANTIZE / DequantizeLinear: integer → float32 as
 * float32(double(scale) · (q − zp)), the subtraction done in f64 so an int32
 * input cannot wrap (as the reference). Per tensor with the scale and zero
 * point as literals, or per axis with them read from tables (channels.ts).
 */
import type { DType, Graph, Op } from '../../ir/index.js';
import type { DequantizePrepared } from '../../ops/dequantize.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { channelWalk } from './channels.js';
import { defineKernel, elemBytes, int32Table, loadElem, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

interface DequantizeConfig extends DequantizePrepared {
  inDtype: DType;
}

export const dequantizeKernel = defineKernel({
  plan(op: Op<'dequantize'>, p: DequantizePrepared, g: Graph): KernelPlan<DequantizeConfig> {
    const operands = [tensorOperand(op, 0), outputOperand(op)];
    if (p.channels > 1) operands.push({ table: new Uint8Array(Float64Array.from(p.scales).buffer) }, { table: int32Table(p.zeroPoints) });
    return { config: { ...p, inDtype: g.tensors[op.inputs[0]!]!.dtype }, operands };
  },
  emit(f: FunctionBuilder, c: DequantizeConfig): Expr {
    const m = f.m;
    const real = (q: Expr, scale: Expr, zeroPoint: Expr): Expr => m.f32.demote(m.f64.mul(scale, m.f64.sub(m.f64.convert_s.i32(q), zeroPoint)));
    if (c.channels > 1) {
      const [pIn, pOut, pScales, pZeros] = f.params(4);
      return channelWalk(f, c, c.count, [{ base: pIn.get(), elem: elemBytes(c.inDtype) }, { base: pOut.get(), elem: 4 }],
        [{ base: pScales.get(), elem: 8 }, { base: pZeros.get(), elem: 4 }],
        ([x, o], [s, z]) => [m.f32.store(0, 4, o!.get(), real(loadElem(f, c.inDtype, x!.get()), m.f64.load(0, 8, s!.get()), m.f64.convert_s.i32(m.i32.load(0, 4, z!.get()))))]);
    }
    const [pIn, pOut] = f.params(2);
    const i = f.local(f.t.i32);
    const q = loadElem(f, c.inDtype, m.i32.add(pIn.get(), m.i32.mul(i.get(), f.i32(elemBytes(c.inDtype)))));
    return f.forRange(i, 0, c.count, [m.f32.store(0, 4, m.i32.add(pOut.get(), m.i32.shl(i.get(), f.i32(2))), real(q, m.f64.const(c.scales[0]!), m.f64.const(c.zeroPoints[0]!)))]);
  },
});
