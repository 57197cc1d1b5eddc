/**
 * TRANSPOSE in C, and the strided gather it shares with STRIDED_SLICE:
 * out[flat] = in[offset + Σ coord_d · step_d] over the output shape, as
 * `gatherStrided` does in the op files. Dimensions are collapsed first, so
 * runs that are contiguous in both tensors become one memcpy.
 */
import type { TransposePrepared } from '../../ops/transpose.js';
import { CWriter } from '../writer.js';
import { outType } from './common.js';
import { defineKernel, type KernelContext, type KernelEmission } from './kernel.js';
import { collapseDims, contiguousStrides, stridedLoops } from './loops.js';

/** The body and parameters of a strided gather of `ctype` elements. */
export function gatherKernel(ctype: string, outShape: readonly number[], steps: readonly number[], offset: number): KernelEmission {
  const w = new CWriter();
  const dims = collapseDims(outShape, [steps, contiguousStrides(outShape)]);
  const last = dims[dims.length - 1];
  if (last && last.strides[0] === 1 && last.strides[1] === 1) {
    stridedLoops(w, dims.slice(0, -1), [String(offset), '0'], ([src, dst]) => {
      w.line(`memcpy(output + ${dst}, input + ${src}, ${last.count} * sizeof(*output));`);
    });
  } else {
    stridedLoops(w, dims, [String(offset), '0'], ([src, dst]) => w.line(`output[${dst}] = input[${src}];`));
  }
  return {
    params: [
      { kind: 'input', index: 0, name: 'input', ctype },
      { kind: 'output', index: 0, name: 'output', ctype },
    ],
    body: w,
    noAlias: true,
  };
}

export const transposeKernel = defineKernel({
  kind: 'transpose',
  emit: ({ op, graph, prepared: p }: KernelContext<TransposePrepared>) => gatherKernel(outType(graph, op), p.outShape, p.inStrides, 0),
});
