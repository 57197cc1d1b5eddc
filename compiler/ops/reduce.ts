/**
 * REDUCE_SUM, REDUCE_PROD, REDUCE_MAX and REDUCE_MIN over constant axes, as rows of one
 * table (MEAN, with TFLite's quantized paths, is mean.ts).
 *
 * The input is visited in memory order and each element folded into its
 * output slot, so float32 sums round in a fixed order a C loop reproduces.
 * Plain (unquantized) integers are supported for all rows; quantized
 * max/min work on the raw values, which is exact when input and output share
 * scale and zero point (checked).
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, requireDtype, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { reduceIndex, reducedShape, resolveReduceAxes } from './common/reduction.js';
import { defineOp, type OpDef } from './op-def.js';

type ReduceKind = 'reduce_sum' | 'reduce_prod' | 'reduce_max' | 'reduce_min';

export interface ReducePrepared {
  kind: ReduceKind;
  dtype: 'f32' | 'i8' | 'u8' | 'i16' | 'i32';
  inShape: number[];
  /** Reduced axes, sorted, unique. */
  axes: number[];
  outCount: number;
}

interface ReduceRow {
  init: number;
  step(acc: number, x: number, isFloat: boolean): number;
  /** Whether quantized inputs are allowed (order-preserving reductions only). */
  quantized: boolean;
}

const ROWS: Record<ReduceKind, ReduceRow> = {
  reduce_sum: { init: 0, step: (acc, x, isFloat) => (isFloat ? Math.fround(acc + x) : (acc + x) | 0), quantized: false },
  reduce_prod: { init: 1, step: (acc, x, isFloat) => (isFloat ? Math.fround(acc * x) : Math.imul(acc, x)), quantized: false },
  reduce_max: { init: -Infinity, step: (acc, x) => (x > acc ? x : acc), quantized: true },
  reduce_min: { init: Infinity, step: (acc, x) => (x < acc ? x : acc), quantized: true },
};


function defineReduce<K extends ReduceKind>(kind: K): OpDef<K, ReducePrepared> {
  const row = ROWS[kind];
  return defineOp({
    kind,
    inferShapes(op: Op<K>, g: Graph): number[][] {
      const input = inputAt(g, op, 0);
      const attrs = op.attrs as { axes: number[]; keepDims: boolean };
      return [reducedShape(input.shape, resolveReduceAxes(attrs.axes, input.shape.length, describeOp(op)), attrs.keepDims)];
    },
    prepare(op: Op<K>, g: Graph): ReducePrepared {
      const { input, output } = sameDtypeInOut(op, g);
      requireDtype(op, input, ['f32', 'i8', 'u8', 'i16', 'i32'], 'input');
      if (input.quant !== undefined) {
        const same = input.quant.scale[0] === output.quant?.scale[0] && input.quant.zeroPoint[0] === output.quant?.zeroPoint[0];
        if (!row.quantized || !same) {
          fail('op/unsupported', `${describeOp(op)}: quantized ${kind} needs the input's scale and zero point on the output${row.quantized ? '' : ' and is not supported'}`, { tensor: input.name });
        }
      }
      const attrs = op.attrs as { axes: number[] };
      return {
        kind, dtype: input.dtype as ReducePrepared['dtype'], inShape: input.shape.slice(),
        axes: resolveReduceAxes(attrs.axes, input.shape.length, describeOp(op)), outCount: elementCount(output.shape),
      };
    },
    evalRef(p: ReducePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
      const input = inputs[0] as Float32Array | Int32Array;
      const out = outputs[0] as Float32Array | Int32Array;
      const acc = new Float64Array(p.outCount).fill(row.init);
      const index = reduceIndex(p.inShape, p.axes);
      const isFloat = p.dtype === 'f32';
      for (let i = 0; i < index.length; i++) acc[index[i]!] = row.step(acc[index[i]!]!, input[i]!, isFloat);
      for (let o = 0; o < p.outCount; o++) out[o] = acc[o]!;
    },
    cost: (op: Op<K>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
  });
}

export const reduceSum = defineReduce('reduce_sum');
export const reduceProd = defineReduce('reduce_prod');
export const reduceMax = defineReduce('reduce_max');
export const reduceMin = defineReduce('reduce_min');
