/**
 * ADD, SUB, MUL, DIV, MAXIMUM and MINIMUM with broadcasting: a walk over the output shape with
 * one pointer per input (stride 0 on broadcast dimensions), and the value in
 * the arithmetic mode `prepare` chose, as in compiler/ops/binary.ts:
 *
 * - `float`: one float32 operation, then the activation clamp;
 * - `int`: plain integers, wrapped to the element type by the narrowing
 *   store (as the reference's C-style cast); DIV truncates and x / 0 = 0;
 * - `fixed`: TFLite's fixed-point arithmetic on offset inputs;
 * - `onnx`: each input dequantized in float32, combined, divided by the
 *   output scale, rounded half to even, offset and saturated.
 *
 * Element i of each input is read before element i of the output is
 * written, so the output may take over a same-shaped input's memory. The
 * SIMD build runs int8 ADD and SUB of same-shaped inputs sixteen elements a
 * step (add-sub-simd.ts).
 */
import type { DType, Graph, Op } from '../../ir/index.js';
import type { BinaryPrepared } from '../../ops/binary.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { emitAddSubSimd, planAddSubSimd, type AddSubSimdConfig } from './add-sub-simd.js';
import { clampAdd, helper, mbqm, rdbp, srdhm } from '../runtime/fixed-point.js';
import { clampF32, defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { broadcastStrides, denseStrides, walk } from './walk.js';

type Kind = BinaryPrepared['kind'];

/** The float32 operation of each kind (float mode, and the middle step of onnx mode). */
const FLOAT_OPS: Record<Kind, (f: FunctionBuilder, a: Expr, b: Expr) => Expr> = {
  add: (f, a, b) => f.m.f32.add(a, b),
  sub: (f, a, b) => f.m.f32.sub(a, b),
  mul: (f, a, b) => f.m.f32.mul(a, b),
  div: (f, a, b) => f.m.f32.div(a, b),
  // Not f32.max/min, which differ from the reference on ±0: a NaN of either input comes out, as there.
  maximum: (f, a, b) => extremum(f, f.t.f32, a, b, (x, y) => f.m.i32.or(f.m.f32.ge(x.get(), y.get()), f.m.f32.ne(x.get(), x.get()))),
  minimum: (f, a, b) => extremum(f, f.t.f32, a, b, (x, y) => f.m.i32.or(f.m.f32.le(x.get(), y.get()), f.m.f32.ne(x.get(), x.get()))),
};

/** `take(a, b) ? a : b`, each operand evaluated once. */
function extremum(f: FunctionBuilder, type: number, a: Expr, b: Expr, take: (x: Local, y: Local) => Expr): Expr {
  const [x, y] = [f.local(type), f.local(type)];
  return f.m.block(null, [x.set(a), y.set(b), f.m.select(take(x, y), x.get(), y.get())], type);
}

/** The exact integer operation of each kind, wrapped to 32 bits (the store narrows further). */
const INT_OPS: Record<Kind, (f: FunctionBuilder, a: Expr, b: Expr) => Expr> = {
  add: (f, a, b) => f.m.i32.add(a, b),
  sub: (f, a, b) => f.m.i32.sub(a, b),
  mul: (f, a, b) => f.m.i32.mul(a, b),
  div: (f, a, b) => divTruncating(f)(a, b),
  maximum: (f, a, b) => extremum(f, f.t.i32, a, b, (x, y) => f.m.i32.ge_s(x.get(), y.get())),
  minimum: (f, a, b) => extremum(f, f.t.i32, a, b, (x, y) => f.m.i32.le_s(x.get(), y.get())),
};

/** Truncating division with x / 0 = 0 and INT32_MIN / −1 = INT32_MIN (the wrapped quotient), never a trap. */
function divTruncating(f: FunctionBuilder): (a: Expr, b: Expr) => Expr {
  const { i32 } = f.t;
  return helper(f.module, 'int_div', [i32, i32], i32, (g) => {
    const m = g.m;
    const [a, b] = g.params(2);
    return m.block(null, [
      m.if(m.i32.eqz(b.get()), m.return(g.i32(0))),
      m.if(m.i32.eq(b.get(), g.i32(-1)), m.return(m.i32.sub(g.i32(0), a.get()))),
      m.return(m.i32.div_s(a.get(), b.get())),
    ], i32);
  });
}

type BinaryConfig = BinaryPrepared & { ioDtype: DType; simd?: AddSubSimdConfig };

export const binaryKernel = defineKernel({
  plan(op: Op<Kind>, p: BinaryPrepared, g: Graph, simd: boolean): KernelPlan<BinaryConfig> {
    const config = { ...p, ioDtype: g.tensors[op.outputs[0]!]!.dtype };
    const operands = [tensorOperand(op, 0), tensorOperand(op, 1), outputOperand(op)];
    const fast = simd ? planAddSubSimd(p) : undefined;
    if (fast) return { config: { ...config, simd: fast.config }, operands: [...operands, { table: fast.records }] };
    return { config, operands };
  },
  emit(f: FunctionBuilder, p: BinaryConfig): Expr {
    if (p.simd) {
      const es = elemBytes(p.dtype);
      const at = (base: Local, i: Local): Expr => f.m.i32.add(base.get(), f.m.i32.mul(i.get(), f.i32(es)));
      return emitAddSubSimd(f, p, p.simd, (a, b, out, i) =>
        storeElem(f, p.dtype, at(out, i), value(f, p, loadElem(f, p.dtype, at(a, i)), loadElem(f, p.dtype, at(b, i)))));
    }
    const [pA, pB, pOut] = f.params(3);
    const es = elemBytes(p.dtype);
    const operands = [
      { base: pA.get(), strides: broadcastStrides(p.shape1, p.outShape, es) },
      { base: pB.get(), strides: broadcastStrides(p.shape2, p.outShape, es) },
      { base: pOut.get(), strides: denseStrides(p.outShape, es) },
    ];
    return walk(f, p.outShape, operands, ([a, b, o]) => {
      const x = loadElem(f, p.dtype, a!.get());
      const y = loadElem(f, p.dtype, b!.get());
      return [storeElem(f, p.dtype, o!.get(), value(f, p, x, y))];
    });
  },
});

/** The output element from the two loaded inputs, in the prepared mode. */
function value(f: FunctionBuilder, p: BinaryPrepared, x: Expr, y: Expr): Expr {
  const m = f.m;
  switch (p.mode) {
    case 'float': {
      const v = f.local(f.t.f32);
      return m.block(null, [v.set(FLOAT_OPS[p.kind](f, x, y)), clampF32(f, v, p.actMin, p.actMax)], f.t.f32);
    }
    case 'int':
      return INT_OPS[p.kind](f, x, y);
    case 'fixed':
      return clampAdd(f.module, fixedValue(f, p, m.i32.add(x, f.i32(p.input1Offset)), m.i32.add(y, f.i32(p.input2Offset))), p.outputOffset, p.actMin, p.actMax);
    case 'onnx': {
      const real = (q: Expr, offset: number, scale: number): Expr => m.f32.mul(m.f32.const(scale), m.f32.convert_s.i32(m.i32.add(q, f.i32(offset))));
      const combined = FLOAT_OPS[p.kind](f, real(x, p.input1Offset, p.input1Scale), real(y, p.input2Offset, p.input2Scale));
      const rounded = m.i32.trunc_s_sat.f32(m.f32.nearest(m.f32.div(combined, m.f32.const(p.outputScale))));
      return clampAdd(f.module, rounded, p.outputOffset, p.actMin, p.actMax);
    }
  }
}

/** TFLite's integer value before the output offset (addSub / mul rows of the reference). */
function fixedValue(f: FunctionBuilder, p: BinaryPrepared, a: Expr, b: Expr): Expr {
  const m = f.m;
  if (p.kind === 'mul') return mbqm(f.module)(m.i32.mul(a, b), f.i32(p.outputMultiplier), f.i32(p.outputShift));
  // multiplyByQuantizedMultiplierSmallerThanOneExp: shift ≤ 0, so no left shift.
  const scaleDown = (x: Expr, mult: number, shift: number): Expr => rdbp(f.module)(srdhm(f.module)(x, f.i32(mult)), f.i32(-shift));
  const x = scaleDown(m.i32.shl(a, f.i32(p.leftShift)), p.input1Multiplier, p.input1Shift);
  const y = scaleDown(m.i32.shl(b, f.i32(p.leftShift)), p.input2Multiplier, p.input2Shift);
  return scaleDown(p.kind === 'add' ? m.i32.add(x, y) : m.i32.sub(x, y), p.outputMultiplier, p.outputShift);
}
