/**
 * COMPARE and WHERE in wasm, mirroring compiler/ops/compare.ts and
 * where.ts: a walk over the broadcast output with one pointer per operand
 * (stride 0 along broadcast dims), the test per element stored as a 0/1
 * byte, or the picked value stored as it was loaded.
 */
import type { CompareTest, DType, Graph, Op } from '../../ir/index.js';
import type { ComparePrepared } from '../../ops/compare.js';
import type { WherePrepared } from '../../ops/where.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand } from './kernel.js';
import { broadcastStrides, denseStrides, walk } from './walk.js';

/** The test on two loaded values: f32 compares as IEEE, integers (and 0/1 bools) as signed i32 or i64. */
function test(f: FunctionBuilder, t: CompareTest, dtype: DType, a: Expr, b: Expr): Expr {
  const m = f.m;
  const float = dtype === 'f32';
  const int = dtype === 'i64' ? m.i64 : m.i32;
  const truth = (x: Expr): Expr => m.i32.ne(x, f.i32(0));
  switch (t) {
    case 'equal': return float ? m.f32.eq(a, b) : int.eq(a, b);
    case 'less': return float ? m.f32.lt(a, b) : int.lt_s(a, b);
    case 'less_equal': return float ? m.f32.le(a, b) : int.le_s(a, b);
    case 'greater': return float ? m.f32.gt(a, b) : int.gt_s(a, b);
    case 'greater_equal': return float ? m.f32.ge(a, b) : int.ge_s(a, b);
    case 'and': return m.i32.and(truth(a), truth(b));
    case 'or': return m.i32.or(truth(a), truth(b));
    case 'xor': return m.i32.xor(truth(a), truth(b));
  }
}

type CompareConfig = ComparePrepared & { dtype: DType };

export const compareKernel = defineKernel({
  plan(op: Op<'compare'>, p: ComparePrepared, g: Graph) {
    return { config: { ...p, dtype: g.tensors[op.inputs[0]!]!.dtype } as CompareConfig, operands: [tensorOperand(op, 0), tensorOperand(op, 1), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: CompareConfig): Expr {
    const [pA, pB, pOut] = f.params(3);
    const es = elemBytes(p.dtype);
    const operands = [
      { base: pA.get(), strides: broadcastStrides(p.shape1, p.outShape, es) },
      { base: pB.get(), strides: broadcastStrides(p.shape2, p.outShape, es) },
      { base: pOut.get(), strides: denseStrides(p.outShape, 1) },
    ];
    return walk(f, p.outShape, operands, ([a, b, o]) => [
      storeElem(f, 'bool', o!.get(), test(f, p.test, p.dtype, loadElem(f, p.dtype, a!.get()), loadElem(f, p.dtype, b!.get()))),
    ]);
  },
});

type WhereConfig = WherePrepared & { dtype: DType };

export const whereKernel = defineKernel({
  plan(op: Op<'where'>, p: WherePrepared, g: Graph) {
    return { config: { ...p, dtype: g.tensors[op.outputs[0]!]!.dtype } as WhereConfig, operands: [tensorOperand(op, 0), tensorOperand(op, 1), tensorOperand(op, 2), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: WhereConfig): Expr {
    const [pC, pX, pY, pOut] = f.params(4);
    const es = elemBytes(p.dtype);
    const operands = [
      { base: pC.get(), strides: broadcastStrides(p.shapes[0], p.outShape, 1) },
      { base: pX.get(), strides: broadcastStrides(p.shapes[1], p.outShape, es) },
      { base: pY.get(), strides: broadcastStrides(p.shapes[2], p.outShape, es) },
      { base: pOut.get(), strides: denseStrides(p.outShape, es) },
    ];
    return walk(f, p.outShape, operands, ([c, x, y, o]) => [
      storeElem(f, p.dtype, o!.get(), f.m.select(loadElem(f, 'bool', c!.get()), loadElem(f, p.dtype, x!.get()), loadElem(f, p.dtype, y!.get()))),
    ]);
  },
});
