/**
 * ADD, SUB and MUL with broadcasting: a walk over the output shape with one
 * pointer per input (stride 0 on broadcast dimensions), and one row per kind
 * for the value, as in compiler/ops/binary.ts. Element i of each input is
 * read before element i of the output is written, so the output may take
 * over a same-shaped input's memory.
 */
import type { DType, Graph, Op } from '../../ir/index.js';
import type { BinaryPrepared } from '../../ops/binary.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { clampAdd, mbqm, rdbp, srdhm } from '../runtime/fixed-point.js';
import { clampF32, defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { denseStrides, walk } from './walk.js';

/** Byte strides of `inShape` broadcast to `outShape` (0 where the input has extent 1). */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[], elem: number): number[] {
  const padded = new Array<number>(outShape.length - inShape.length).fill(1).concat(inShape);
  return denseStrides(padded, elem).map((s, i) => (padded[i] === 1 ? 0 : s));
}

export const binaryKernel = defineKernel({
  plan(op: Op<'add' | 'sub' | 'mul'>, p: BinaryPrepared, g: Graph): KernelPlan<BinaryPrepared & { ioDtype: DType }> {
    return { config: { ...p, ioDtype: g.tensors[op.outputs[0]!]!.dtype }, operands: [tensorOperand(op, 0), tensorOperand(op, 1), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: BinaryPrepared): Expr {
    const m = f.m;
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
      if (p.dtype === 'f32') {
        const v = f.local(f.t.f32);
        const op = p.kind === 'add' ? m.f32.add(x, y) : p.kind === 'sub' ? m.f32.sub(x, y) : m.f32.mul(x, y);
        return [v.set(op), storeElem(f, 'f32', o!.get(), clampF32(f, v, p.actMin, p.actMax))];
      }
      const xo = m.i32.add(x, f.i32(p.input1Offset));
      const yo = m.i32.add(y, f.i32(p.input2Offset));
      return [storeElem(f, p.dtype, o!.get(), clampAdd(f.module, quantized(f, p, xo, yo), p.outputOffset, p.actMin, p.actMax))];
    });
  },
});

/** The integer value before the output offset (addSub / mul rows of the reference). */
function quantized(f: FunctionBuilder, p: BinaryPrepared, a: Expr, b: Expr): Expr {
  const m = f.m;
  if (p.kind === 'mul') return mbqm(f.module)(m.i32.mul(a, b), f.i32(p.outputMultiplier), f.i32(p.outputShift));
  // multiplyByQuantizedMultiplierSmallerThanOneExp: shift ≤ 0, so no left shift.
  const scaleDown = (x: Expr, mult: number, shift: number): Expr => rdbp(f.module)(srdhm(f.module)(x, f.i32(mult)), f.i32(-shift));
  const x = scaleDown(m.i32.shl(a, f.i32(p.leftShift)), p.input1Multiplier, p.input1Shift);
  const y = scaleDown(m.i32.shl(b, f.i32(p.leftShift)), p.input2Multiplier, p.input2Shift);
  return scaleDown(p.kind === 'add' ? m.i32.add(x, y) : m.i32.sub(x, y), p.outputMultiplier, p.outputShift);
}
