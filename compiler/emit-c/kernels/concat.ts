/**
 * CONCATENATION in C: for each step over the dimensions before the axis,
 * each input's block is copied in turn (TFLite Micro copies bytes, since
 * the inputs share the output's quantization; `concat.prepare` checks that).
 */
import type { ConcatPrepared } from '../../ops/concat.js';
import { CWriter } from '../writer.js';
import { inType, outType } from './common.js';
import { defineKernel, type KernelContext, type KernelParam } from './kernel.js';

export const concatKernel = defineKernel({
  kind: 'concat',
  emit({ op, graph, prepared: p }: KernelContext<ConcatPrepared>) {
    const t = outType(graph, op);
    const params: KernelParam[] = p.blocks.map((_, i) => ({ kind: 'input', index: i, name: `in${i}`, ctype: inType(graph, op, i) }));
    params.push({ kind: 'output', index: 0, name: 'output', ctype: t });
    const total = p.blocks.reduce((a, b) => a + b, 0);
    const w = new CWriter();
    const copies = (outer: boolean): void => {
      let at = 0;
      p.blocks.forEach((block, i) => {
        if (block === 0) {
          w.line(`(void)in${i};`);
          return;
        }
        const dst = outer ? `k * ${total} + ${at}` : String(at);
        const src = outer ? `k * ${block}` : '0';
        w.line(`memcpy(output + ${dst}, in${i} + ${src}, ${block} * sizeof(*output));`);
        at += block;
      });
    };
    if (p.outer === 1) copies(false);
    else w.block(`for (int32_t k = 0; k < ${p.outer}; ++k)`, () => copies(true));
    return { params, body: w, noAlias: true };
  },
});
