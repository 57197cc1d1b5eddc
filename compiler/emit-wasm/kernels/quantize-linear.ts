/**
 * QUANTIZE_LINEAR (ONNX QuantizeLinear): float32 → int as
 * saturate(round_half_even(float32(x / scale)) + zero point), as
 * `quantizeLinear` in compiler/quant/float-requant.ts. The division is one
 * f32 instruction and `f32.nearest` rounds half to even; the sum and the
 * saturation are done in f64 (exact for every float32 and zero point), so
 * nothing wraps even for int32 outputs; NaN gives the zero point, as the
 * reference. Per tensor with literals, or per axis from tables (channels.ts).
 */
import type { DType, Graph, Op } from '../../ir/index.js';
import type { QuantizeLinearPrepared } from '../../ops/quantize-linear.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { channelWalk } from './channels.js';
import { defineKernel, elemBytes, int32Table, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

interface QuantizeLinearConfig extends QuantizeLinearPrepared {
  outDtype: DType;
}

export const quantizeLinearKernel = defineKernel({
  plan(op: Op<'quantize_linear'>, p: QuantizeLinearPrepared, g: Graph): KernelPlan<QuantizeLinearConfig> {
    const operands = [tensorOperand(op, 0), outputOperand(op)];
    if (p.channels > 1) operands.push({ table: new Uint8Array(Float32Array.from(p.scales).buffer) }, { table: int32Table(p.zeroPoints) });
    return { config: { ...p, outDtype: g.tensors[op.outputs[0]!]!.dtype }, operands };
  },
  emit(f: FunctionBuilder, c: QuantizeLinearConfig): Expr {
    const m = f.m;
    const os = elemBytes(c.outDtype);
    if (c.channels > 1) {
      const [pIn, pOut, pScales, pZeros] = f.params(4);
      return channelWalk(f, c, c.count, [{ base: pIn.get(), elem: 4 }, { base: pOut.get(), elem: os }],
        [{ base: pScales.get(), elem: 4 }, { base: pZeros.get(), elem: 4 }],
        ([x, o], [s, z]) => [storeElem(f, c.outDtype, o!.get(), quantizeOne(f, c, m.f32.load(0, 4, x!.get()), m.f32.load(0, 4, s!.get()), m.i32.load(0, 4, z!.get())))]);
    }
    const [pIn, pOut] = f.params(2);
    const i = f.local(f.t.i32);
    const x = m.f32.load(0, 4, m.i32.add(pIn.get(), m.i32.shl(i.get(), f.i32(2))));
    const value = quantizeOne(f, c, x, m.f32.const(c.scales[0]!), f.i32(c.zeroPoints[0]!));
    return f.forRange(i, 0, c.count, [storeElem(f, c.outDtype, m.i32.add(pOut.get(), m.i32.mul(i.get(), f.i32(os))), value)]);
  },
});

/** One element: round half to even of x / scale, + zero point, saturated to [qmin, qmax] (NaN → the zero point, saturated). */
function quantizeOne(f: FunctionBuilder, c: QuantizeLinearConfig, x: Expr, scale: Expr, zeroPoint: Expr): Expr {
  const m = f.m;
  const q = f.local(f.t.f32);
  const v = f.local(f.t.f64);
  const clamp = (e: Expr): Expr => {
    const t = f.local(f.t.f64);
    return m.block(null, [
      t.set(e),
      m.select(m.f64.lt(t.get(), m.f64.const(c.qmin)), m.f64.const(c.qmin), m.select(m.f64.gt(t.get(), m.f64.const(c.qmax)), m.f64.const(c.qmax), t.get())),
    ], f.t.f64);
  };
  return m.block(null, [
    q.set(m.f32.nearest(m.f32.div(x, scale))),
    // A NaN quotient contributes nothing: only the zero point remains.
    v.set(m.f64.convert_s.i32(zeroPoint)),
    m.if(m.f32.eq(q.get(), q.get()), v.set(m.f64.add(v.get(), m.f64.promote(q.get())))),
    m.i32.trunc_s.f64(clamp(v.get())),
  ], f.t.i32);
}
