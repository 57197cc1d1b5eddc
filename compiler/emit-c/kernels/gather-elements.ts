/**
 * GATHER_ELEMENTS in C, as compiler/ops/gather-elements.ts: one strided
 * walk over the output with the data offset of every coordinate but the
 * axis, plus the (clamped) index times the axis stride.
 */
import type { GatherElementsPrepared } from '../../ops/gather-elements.js';
import { CWriter } from '../writer.js';
import { inType, outType } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';
import { collapseDims, contiguousStrides, stridedLoops } from './loops.js';

export const gatherElementsKernel = defineKernel({
  kind: 'gather_elements',
  emit({ op, graph, prepared: p }: KernelContext<GatherElementsPrepared>) {
    const t = outType(graph, op);
    const it = inType(graph, op, 1);
    const dataStrides = contiguousStrides(p.dataShape);
    const size = p.dataShape[p.axis]!;
    const w = new CWriter();
    const dims = collapseDims(p.outShape, [dataStrides.map((s, d) => (d === p.axis ? 0 : s)), contiguousStrides(p.outShape), contiguousStrides(p.outShape)]);
    stridedLoops(w, dims, ['0', '0', '0'], ([id, ii, io]) => {
      w.line(`int64_t k = (int64_t)indices[${ii}];`);
      w.line(`if (k < 0) k += ${size};`);
      w.line(`k = k < 0 ? 0 : k > ${size - 1} ? ${size - 1} : k;`);
      w.line(`out[${io}] = data[${id} + (int32_t)k * ${dataStrides[p.axis]}];`);
    });
    return {
      params: [
        { kind: 'input', index: 0, name: 'data', ctype: t },
        { kind: 'input', index: 1, name: 'indices', ctype: it },
        { kind: 'output', index: 0, name: 'out', ctype: t },
      ],
      body: w,
      noAlias: true,
    };
  },
});
