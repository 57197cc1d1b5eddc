/**
 * BATCH_MATMUL in C, mirroring `batchMatmul.evalRef`: for each output batch
 * (reading the A and B batches the broadcast picked at compile time), each
 * row i and column j, Σ_t A[i, t] · B[t, j] in t order — float32 rounding
 * each step, or for ONNX's integer forms (a + a_offset) · (b + b_offset[j])
 * in int32 — then ONNX's float requantization per column, or the raw int32.
 */
import type { BatchMatmulPrepared } from '../../ops/batch-matmul.js';
import { CWriter } from '../writer.js';
import { accumulatorType, filterOffsetOf, inType, outType, perChannel, plusOffset, requantizer } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';

export const batchMatmulKernel = defineKernel({
  kind: 'batch_matmul',
  emit({ op, graph, prepared: p }: KernelContext<BatchMatmulPrepared>) {
    const tA = inType(graph, op, 0);
    const tB = inType(graph, op, 1);
    const tOut = outType(graph, op);
    const isFloat = p.dtype === 'f32';
    const w = new CWriter();
    const finish = isFloat ? undefined : requantizer(w, p, tOut);
    const filterOffset = isFloat ? undefined : filterOffsetOf(w, p.filterOffsets);
    const batches = p.aBatch.length;
    const aBase = perChannel(w, 'int32_t', 'a_base', p.aBatch.map((b) => b * p.m * p.k));
    const bBase = perChannel(w, 'int32_t', 'b_base', p.bBatch.map((b) => b * p.k * p.n));
    const body = (batch: string): void => {
      w.line(`const ${tA} *x = a + ${aBase(batch)};`);
      w.line(`const ${tB} *y = b + ${bBase(batch)};`);
      w.line(`${tOut} *out = output${batch === '0' ? '' : ` + ${batch} * ${p.m * p.n}`};`);
      w.block(`for (int32_t i = 0; i < ${p.m}; ++i)`, () => {
        w.block(`for (int32_t j = 0; j < ${p.n}; ++j)`, () => {
          w.line(`${accumulatorType(p.dtype, false)} acc = ${isFloat ? '0.0f' : '0'};`);
          const xv = `x[i * ${p.k} + t]`;
          const yv = `y[t * ${p.n} + j]`;
          const term = isFloat
            ? `acc = acc + ${xv} * ${yv};`
            : `acc += ${plusOffset(xv, p.inputOffset)} * ${filterOffset ? `(${yv} + ${filterOffset('j')})` : yv};`;
          w.line(`for (int32_t t = 0; t < ${p.k}; ++t) ${term}`);
          w.line(`out[i * ${p.n} + j] = ${isFloat ? 'acc' : finish!('acc', 'j')};`);
        });
      });
    };
    if (batches === 1) w.block('', () => body('0'));
    else w.block(`for (int32_t bt = 0; bt < ${batches}; ++bt)`, () => body('bt'));
    return {
      params: [
        { kind: 'input', index: 0, name: 'a', ctype: tA },
        { kind: 'input', index: 1, name: 'b', ctype: tB },
        { kind: 'output', index: 0, name: 'output', ctype: tOut },
      ],
      body: w,
      noAlias: true,
    };
  },
});
