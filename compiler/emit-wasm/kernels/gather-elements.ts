/**
 * GATHER_ELEMENTS in wasm, as compiler/ops/gather-elements.ts: a walk over
 * the output with pointers into the indices, the output, and the data at
 * every coordinate but the axis; each element adds the (clamped) index
 * times the axis stride to the data pointer.
 */
import type { DType, Graph, Op } from '../../ir/index.js';
import type { GatherElementsPrepared } from '../../ops/gather-elements.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand } from './kernel.js';
import { denseStrides, walk } from './walk.js';

type Config = GatherElementsPrepared & { dataDtype: DType };

export const gatherElementsKernel = defineKernel({
  plan(op: Op<'gather_elements'>, p: GatherElementsPrepared, g: Graph) {
    return { config: { ...p, dataDtype: g.tensors[op.inputs[0]!]!.dtype } as Config, operands: [tensorOperand(op, 0), tensorOperand(op, 1), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: Config): Expr {
    const m = f.m;
    const [pData, pIdx, pOut] = f.params(3);
    const es = elemBytes(p.dataDtype);
    const is = p.indexDtype === 'i64' ? 8 : 4;
    const size = p.dataShape[p.axis]!;
    const dataStrides = denseStrides(p.dataShape, es);
    const k = f.local(f.t.i32);
    const operands = [
      { base: pData.get(), strides: dataStrides.map((s, d) => (d === p.axis ? 0 : s)) },
      { base: pIdx.get(), strides: denseStrides(p.outShape, is) },
      { base: pOut.get(), strides: denseStrides(p.outShape, es) },
    ];
    const wide = f.local(f.t.i64);
    // An int64 index beyond int32 is clamped like any other out-of-range one (each use reads the local afresh).
    const index = (at: Expr): Expr[] => (p.indexDtype === 'i64'
      ? [wide.set(m.i64.load(0, 8, at)), k.set(m.i32.wrap(m.select(m.i64.gt_s(wide.get(), m.i64.const(BigInt(size))), m.i64.const(BigInt(size)),
          m.select(m.i64.lt_s(wide.get(), m.i64.const(BigInt(-size - 1))), m.i64.const(BigInt(-size - 1)), wide.get()))))]
      : [k.set(m.i32.load(0, 4, at))]);
    return walk(f, p.outShape, operands, ([d, i, o]) => [
      ...index(i!.get()),
      k.set(m.select(m.i32.lt_s(k.get(), f.i32(0)), m.i32.add(k.get(), f.i32(size)), k.get())),
      k.set(m.select(m.i32.lt_s(k.get(), f.i32(0)), f.i32(0), m.select(m.i32.gt_s(k.get(), f.i32(size - 1)), f.i32(size - 1), k.get()))),
      storeElem(f, p.dataDtype, o!.get(), loadElem(f, p.dataDtype, m.i32.add(d!.get(), m.i32.mul(k.get(), f.i32(dataStrides[p.axis]!))))),
    ]);
  },
});
