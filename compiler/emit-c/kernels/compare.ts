/**
 * COMPARE and WHERE in C, mirroring compiler/ops/compare.ts and where.ts:
 * one strided walk over the broadcast output, the test (or the pick) per
 * element, bool results stored as 0 or 1 in uint8_t.
 */
import type { CompareTest } from '../../ir/index.js';
import type { ComparePrepared } from '../../ops/compare.js';
import type { WherePrepared } from '../../ops/where.js';
import { CWriter } from '../writer.js';
import { inType, outType } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';
import { broadcastStrides, collapseDims, contiguousStrides, stridedLoops } from './loops.js';

/** The test as a C expression (int 0 or 1). Float comparisons are IEEE's, as in the reference. */
const C_TESTS: Record<CompareTest, (a: string, b: string) => string> = {
  equal: (a, b) => `${a} == ${b}`,
  less: (a, b) => `${a} < ${b}`,
  less_equal: (a, b) => `${a} <= ${b}`,
  greater: (a, b) => `${a} > ${b}`,
  greater_equal: (a, b) => `${a} >= ${b}`,
  and: (a, b) => `${a} != 0 && ${b} != 0`,
  or: (a, b) => `${a} != 0 || ${b} != 0`,
  xor: (a, b) => `(${a} != 0) != (${b} != 0)`,
};

export const compareKernel = defineKernel({
  kind: 'compare',
  emit({ op, graph, prepared: p }: KernelContext<ComparePrepared>) {
    const t = outType(graph, op);
    const ct = inType(graph, op, 0);
    const w = new CWriter();
    const dims = collapseDims(p.outShape, [broadcastStrides(p.shape1, p.outShape), broadcastStrides(p.shape2, p.outShape), contiguousStrides(p.outShape)]);
    stridedLoops(w, dims, ['0', '0', '0'], ([ia, ib, io]) => w.line(`out[${io}] = (${t})(${C_TESTS[p.test](`a[${ia}]`, `b[${ib}]`)});`));
    return {
      params: [
        { kind: 'input', index: 0, name: 'a', ctype: ct },
        { kind: 'input', index: 1, name: 'b', ctype: ct },
        { kind: 'output', index: 0, name: 'out', ctype: t },
      ],
      body: w,
      noAlias: false,
    };
  },
});

export const whereKernel = defineKernel({
  kind: 'where',
  emit({ op, graph, prepared: p }: KernelContext<WherePrepared>) {
    const t = outType(graph, op);
    const w = new CWriter();
    const dims = collapseDims(p.outShape, [...p.shapes.map((s) => broadcastStrides(s, p.outShape)), contiguousStrides(p.outShape)]);
    stridedLoops(w, dims, ['0', '0', '0', '0'], ([ic, ix, iy, io]) => w.line(`out[${io}] = cond[${ic}] ? x[${ix}] : y[${iy}];`));
    return {
      params: [
        { kind: 'input', index: 0, name: 'cond', ctype: 'uint8_t' },
        { kind: 'input', index: 1, name: 'x', ctype: t },
        { kind: 'input', index: 2, name: 'y', ctype: t },
        { kind: 'output', index: 0, name: 'out', ctype: t },
      ],
      body: w,
      noAlias: false,
    };
  },
});
