/**
 * STRIDED_SLICE: the strided gather of transpose.ts, starting at the
 * slice's first element and stepping by stride × input stride per dimension
 * (masks were resolved at import).
 */
import type { Graph, Op } from '../../ir/index.js';
import type { StridedSlicePrepared } from '../../ops/strided-slice.js';
import { defineKernel, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';
import { elemOf, stridedCopyKernel, type GatherConfig } from './transpose.js';

export const stridedSliceKernel = defineKernel({
  plan(op: Op<'strided_slice'>, p: StridedSlicePrepared, g: Graph): KernelPlan<GatherConfig> {
    const elem = elemOf(g, op);
    return { config: { shape: p.counts, inStrides: p.steps.map((s) => s * elem), offset: p.offset * elem, elem }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit: stridedCopyKernel.emit,
});
