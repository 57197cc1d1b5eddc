/**
 * TRANSPOSE and STRIDED_SLICE are one kernel: a strided gather of the input
 * into a dense output (constant strides and start offset from `prepare`),
 * contiguous runs copied whole. STRIDED_SLICE's entry lives in
 * strided-slice.ts.
 */
import { elementCount, type Graph, type Op } from '../../ir/index.js';
import type { TransposePrepared } from '../../ops/transpose.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { gather } from './copy.js';
import { defineKernel, elemBytes, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';
import { denseStrides } from './walk.js';

export const elemOf = (g: Graph, op: Op): number => elemBytes(g.tensors[op.outputs[0]!]!.dtype);

export interface GatherConfig {
  shape: number[];
  inStrides: number[];
  offset: number;
  elem: number;
}

export const stridedCopyKernel = {
  emit(f: FunctionBuilder, c: GatherConfig): Expr {
    const [src, dst] = f.params(2);
    if (elementCount(c.shape) === 0) return f.m.nop();
    return gather(f, c.shape, c.inStrides, denseStrides(c.shape, c.elem), f.addr(src.get(), c.offset), dst.get(), c.elem);
  },
};

export const transposeKernel = defineKernel({
  plan(op: Op<'transpose'>, p: TransposePrepared, g: Graph): KernelPlan<GatherConfig> {
    const elem = elemOf(g, op);
    return { config: { shape: p.outShape, inStrides: p.inStrides.map((s) => s * elem), offset: 0, elem }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit: stridedCopyKernel.emit,
});

