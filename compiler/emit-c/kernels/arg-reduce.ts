/**
 * ARG_REDUCE in C, as compiler/ops/arg-reduce.ts: for each (outer, inner)
 * position the axis is scanned from index 0, the best value and its index
 * kept; a NaN best is replaced by the first number after it.
 */
import type { ArgReducePrepared } from '../../ops/arg-reduce.js';
import { CWriter } from '../writer.js';
import { inType } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';

export const argReduceKernel = defineKernel({
  kind: 'arg_reduce',
  emit({ op, graph, prepared: p }: KernelContext<ArgReducePrepared>) {
    const t = inType(graph, op, 0);
    const out = p.outDtype === 'i64' ? 'int64_t' : 'int32_t';
    const cmp = p.max ? (p.selectLastIndex ? '>=' : '>') : (p.selectLastIndex ? '<=' : '<');
    const nanBest = p.dtype === 'f32' ? ' || (best != best && v == v)' : '';
    const w = new CWriter();
    w.line(`for (int32_t o = 0; o < ${p.outer}; o++) {`);
    w.line(`  for (int32_t i = 0; i < ${p.inner}; i++) {`);
    w.line(`    const ${t} *x = input + (o * ${p.axisSize * p.inner} + i);`);
    w.line(`    ${t} best = x[0];`);
    w.line('    int32_t at = 0;');
    w.line(`    for (int32_t k = 1; k < ${p.axisSize}; k++) {`);
    w.line(`      const ${t} v = x[k * ${p.inner}];`);
    w.line(`      if (v ${cmp} best${nanBest}) {`);
    w.line('        best = v;');
    w.line('        at = k;');
    w.line('      }');
    w.line('    }');
    w.line(`    output[o * ${p.inner} + i] = (${out})at;`);
    w.line('  }');
    w.line('}');
    return {
      params: [
        { kind: 'input', index: 0, name: 'input', ctype: t },
        { kind: 'output', index: 0, name: 'output', ctype: out },
      ],
      body: w,
      noAlias: true,
    };
  },
});
