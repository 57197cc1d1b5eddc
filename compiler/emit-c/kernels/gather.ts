/**
 * GATHER in C, mirroring `gather.evalRef`: the indices are constants,
 * resolved at prepare, so the kernel copies, for every step over the
 * dimensions before the axis, one block of `inner` elements per index from
 * a source known at compile time. Any element type (it only moves bytes).
 */
import type { GatherPrepared } from '../../ops/gather.js';
import { CWriter } from '../writer.js';
import { inputOutputParams, inType, outType, perChannel } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';

export const gatherKernel = defineKernel({
  kind: 'gather',
  emit({ op, graph, prepared: p }: KernelContext<GatherPrepared>) {
    const t = outType(graph, op);
    const n = p.indices.length;
    const w = new CWriter();
    if (n === 0 || p.outer === 0 || p.inner === 0) {
      w.line('(void)input;');
      w.line('(void)output;');
    } else {
      const index = perChannel(w, 'int32_t', 'rows', p.indices);
      const copy = (dst: string, src: string): string =>
        p.inner === 1 ? `output[${dst}] = input[${src}];` : `memcpy(output + (${dst}) * ${p.inner}, input + (${src}) * ${p.inner}, ${p.inner} * sizeof(*output));`;
      const indices = (k: string): void => {
        const dst = (i: string): string => (k === '' ? i : `${k} * ${n} + ${i}`);
        const src = k === '' ? `${index('i')}` : `${k} * ${p.axisSize} + ${index('i')}`;
        w.line(`for (int32_t i = 0; i < ${n}; ++i) ${copy(dst('i'), src)}`);
      };
      if (p.outer === 1) indices('');
      else w.block(`for (int32_t k = 0; k < ${p.outer}; ++k)`, () => indices('k'));
    }
    return {
      params: inputOutputParams(inType(graph, op, 0), t),
      body: w,
      noAlias: true,
    };
  },
});
