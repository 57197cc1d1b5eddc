/**
 * RESHAPE (and squeeze, expand_dims, flatten): the bytes stay as they are.
 * The planner usually aliases output and input, and then the kernel does
 * nothing; otherwise it is one block copy.
 */
import { byteSize, type Graph, type Op } from '../../ir/index.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { copy } from './copy.js';
import { defineKernel, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

export const reshapeKernel = defineKernel({
  plan(op: Op<'reshape'>, p: { count: number }, g: Graph): KernelPlan<{ bytes: number }> {
    return { config: { bytes: byteSize(g.tensors[op.outputs[0]!]!.dtype, p.count) }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, c: { bytes: number }): Expr {
    const [src, dst] = f.params(2);
    // The planner usually aliases the two; then there is nothing to do.
    return f.m.if(f.m.i32.ne(src.get(), dst.get()), copy(f, dst.get(), src.get(), c.bytes));
  },
});

