/**
 * REDUCE_SUM, REDUCE_PROD, REDUCE_MAX and REDUCE_MIN in C, as rows of one table
 * mirroring the reduce family's `evalRef`. Each output folds its inputs in
 * input memory order — kept dimensions outside, reduced ones inside, which
 * visits them in the reference's order — so float32 sums round alike.
 * Integer sums wrap in int32 as the reference's `| 0` does; max and min
 * start from the type's extreme, which gives the reference's result for any
 * non-empty reduction (an empty one gives float ±∞, or integer 0 as the
 * reference's typed-array store of ±∞ does).
 */
import type { ReducePrepared } from '../../ops/reduce.js';
import { cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { inputOutputParams, outType } from './common.js';
import { defineKernel, type CKernel, type KernelContext } from './kernel.js';
import { collapseDims, contiguousStrides, stridedLoops } from './loops.js';

type ReduceKind = ReducePrepared['kind'];

const INT_RANGE: Record<Exclude<ReducePrepared['dtype'], 'f32'>, [number, number]> = {
  i8: [-128, 127], u8: [0, 255], i16: [-32768, 32767], i32: [-2147483648, 2147483647],
};

interface ReduceRow {
  /** The accumulator's start: float, or the integer type's bounds [min, max]. */
  init(isFloat: boolean, range: [number, number]): string;
  /** The statement folding `x` into `acc`. */
  step(isFloat: boolean): string;
}

const ROWS: Record<ReduceKind, ReduceRow> = {
  reduce_sum: { init: (f) => (f ? '0.0f' : '0'), step: (f) => (f ? 'acc = acc + x;' : 'acc = ingot_wrap_add(acc, x);') },
  reduce_prod: { init: (f) => (f ? '1.0f' : '1'), step: (f) => (f ? 'acc = acc * x;' : 'acc = ingot_wrap_mul(acc, x);') },
  reduce_max: { init: (f, r) => (f ? '(-INFINITY)' : cInt(r[0])), step: () => 'acc = x > acc ? x : acc;' },
  reduce_min: { init: (f, r) => (f ? 'INFINITY' : cInt(r[1])), step: () => 'acc = x < acc ? x : acc;' },
};

function defineReduceKernel<K extends ReduceKind>(kind: K): CKernel<K, ReducePrepared> {
  const row = ROWS[kind];
  return defineKernel({
    kind,
    emit({ op, graph, prepared: p }: KernelContext<ReducePrepared>) {
      const t = outType(graph, op);
      const isFloat = p.dtype === 'f32';
      const accType = isFloat ? 'float' : 'int32_t';
      const range = isFloat ? ([0, 0] as [number, number]) : INT_RANGE[p.dtype as Exclude<ReducePrepared['dtype'], 'f32'>];
      const empty = p.axes.some((d) => p.inShape[d] === 0);
      const strides = contiguousStrides(p.inShape);
      const keptAxes = p.inShape.map((_, d) => d).filter((d) => !p.axes.includes(d));
      const kept = collapseDims(keptAxes.map((d) => p.inShape[d]!), [keptAxes.map((d) => strides[d]!)]);
      const reduced = collapseDims(p.axes.map((d) => p.inShape[d]!), [p.axes.map((d) => strides[d]!)]);
      const w = new CWriter();
      w.line(`${t} *y = output;`);
      stridedLoops(w, kept, ['0'], ([base]) => {
        w.line(`${accType} acc = ${empty && !isFloat ? '0' : row.init(isFloat, range)};`);
        stridedLoops(w, reduced, [base!], ([at]) => {
          w.line(`const ${accType} x = input[${at}];`);
          w.line(row.step(isFloat));
        }, 'r');
        w.line(`*y++ = (${t})acc;`);
      });
      return {
        params: inputOutputParams(t),
        body: w,
        noAlias: true,
      };
    },
  });
}

export const reduceSumKernel = defineReduceKernel('reduce_sum');
export const reduceProdKernel = defineReduceKernel('reduce_prod');
export const reduceMaxKernel = defineReduceKernel('reduce_max');
export const reduceMinKernel = defineReduceKernel('reduce_min');
