/**
 * GATHER with constant indices (compiler/ops/gather.ts): for each step of
 * the dimensions before the axis, one block copy per index, its source
 * offset read from a table of byte offsets built at compile time (indices
 * already made non-negative and checked by `prepare`). Blocks of 1, 2, 4 or
 * 8 bytes move as one load and store; longer ones with memory.copy.
 */
import { byteSize, type Graph, type Op } from '../../ir/index.js';
import type { GatherPrepared } from '../../ops/gather.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { copyElem } from './copy.js';
import { defineKernel, int32Table, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

interface GatherConfig {
  outer: number;
  count: number;
  /** Bytes per copied block and per step of the axis. */
  block: number;
  axisBytes: number;
}

export const gatherKernel = defineKernel({
  plan(op: Op<'gather'>, p: GatherPrepared, g: Graph): KernelPlan<GatherConfig> {
    const block = byteSize(g.tensors[op.outputs[0]!]!.dtype, p.inner);
    return {
      config: { outer: p.outer, count: p.indices.length, block, axisBytes: block * p.axisSize },
      operands: [tensorOperand(op, 0), outputOperand(op), { table: int32Table(p.indices.map((i) => i * block)) }],
    };
  },
  emit(f: FunctionBuilder, c: GatherConfig): Expr {
    const m = f.m;
    const [pData, pOut, pIndex] = f.params(3);
    const [k, j, src, dst] = f.locals(4, f.t.i32);
    if (c.outer * c.count * c.block === 0) return m.nop();
    const move = (to: Expr, from: Expr): Expr => copyElem(f, to, from, c.block);
    return f.block([
      dst.set(pOut.get()),
      f.forRange(k, 0, c.outer, [
        src.set(m.i32.add(pData.get(), m.i32.mul(k.get(), f.i32(c.axisBytes)))),
        f.forRange(j, 0, c.count, [
          move(dst.get(), m.i32.add(src.get(), m.i32.load(0, 4, m.i32.add(pIndex.get(), m.i32.shl(j.get(), f.i32(2)))))),
          dst.set(m.i32.add(dst.get(), f.i32(c.block))),
        ]),
      ]),
    ]);
  },
});
