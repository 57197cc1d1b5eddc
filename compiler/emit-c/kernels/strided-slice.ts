/**
 * STRIDED_SLICE in C: the strided gather of transpose.ts with the slice's
 * per-dimension counts, steps and start offset (masks were resolved at
 * import, so the kernel sees plain numbers).
 */
import { elementCount } from '../../ir/index.js';
import type { StridedSlicePrepared } from '../../ops/strided-slice.js';
import { CWriter } from '../writer.js';
import { outType } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';
import { gatherKernel } from './transpose.js';

export const stridedSliceKernel = defineKernel({
  kind: 'strided_slice',
  emit({ op, graph, prepared: p }: KernelContext<StridedSlicePrepared>) {
    const t = outType(graph, op);
    if (elementCount(p.counts) === 0) {
      // An empty slice writes nothing; keep the parameters so the call is uniform.
      const w = new CWriter().line('(void)input;').line('(void)output;');
      return { params: gatherKernel(t, [], [], 0).params, body: w, noAlias: true };
    }
    return gatherKernel(t, p.counts, p.steps, p.offset);
  },
});
