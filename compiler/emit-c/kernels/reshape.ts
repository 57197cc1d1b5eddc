/**
 * RESHAPE in C: the output holds the input's bytes unchanged. The memory
 * plan normally gives both the same offset, and then the copy is skipped;
 * it is there for the cases where they differ (a constant input, a graph
 * output that must stay apart).
 */
import type { ReshapePrepared } from '../../ops/reshape.js';
import { CWriter } from '../writer.js';
import { inputOutputParams, outType } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';

export const reshapeKernel = defineKernel({
  kind: 'reshape',
  emit({ op, graph, prepared: p }: KernelContext<ReshapePrepared>) {
    const t = outType(graph, op);
    const w = new CWriter();
    w.line(`if ((const void *)output != (const void *)input) memcpy(output, input, ${p.count} * sizeof(*output));`);
    return {
      params: inputOutputParams(t),
      body: w,
      noAlias: false,
    };
  },
});
