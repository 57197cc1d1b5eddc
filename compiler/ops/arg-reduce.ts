/**
 * ARG_REDUCE (ONNX ArgMax / ArgMin, TFLite ARG_MAX / ARG_MIN): the index of
 * the largest (smallest) element along one axis, as int64 (ONNX) or int32
 * (TFLite's default output type). Ties go to the
 * first index, or to the last with `selectLastIndex`. A float NaN never
 * wins a comparison, so it is picked only when every element is NaN (then
 * index 0). Quantized inputs compare their stored values, which orders the
 * real values alike (the scale is positive).
 */
import { elementCount, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { normalizeAxis } from './common/shapes.js';
import { defineOp } from './op-def.js';

export interface ArgReducePrepared {
  max: boolean;
  selectLastIndex: boolean;
  dtype: 'f32' | 'i8' | 'u8' | 'i16' | 'i32';
  outDtype: 'i64' | 'i32';
  /** Product of the dims before the axis, the axis length, and the product after it. */
  outer: number;
  axisSize: number;
  inner: number;
}

/** Whether `x` replaces the best so far (`best`): strictly better, or as good when ties go last. */
function argWins(p: Pick<ArgReducePrepared, 'max' | 'selectLastIndex'>, x: number, best: number): boolean {
  if (p.max) return p.selectLastIndex ? x >= best : x > best;
  return p.selectLastIndex ? x <= best : x < best;
}

export const argReduce = defineOp({
  kind: 'arg_reduce',
  inferShapes(op: Op<'arg_reduce'>, g: Graph): number[][] {
    const x = inputAt(g, op, 0);
    const axis = normalizeAxis(op.attrs.axis, x.shape.length, describeOp(op));
    return [op.attrs.keepDims ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis)];
  },
  prepare(op: Op<'arg_reduce'>, g: Graph): ArgReducePrepared {
    const x = inputAt(g, op, 0);
    requireDtype(op, x, ['f32', 'i8', 'u8', 'i16', 'i32'], 'input');
    requireDtype(op, outputAt(g, op), ['i64', 'i32'], 'output');
    const axis = normalizeAxis(op.attrs.axis, x.shape.length, describeOp(op));
    const product = (dims: number[]): number => dims.reduce((a, b) => a * b, 1);
    return {
      max: op.attrs.max, selectLastIndex: op.attrs.selectLastIndex, dtype: x.dtype as ArgReducePrepared['dtype'], outDtype: outputAt(g, op).dtype as 'i64' | 'i32',
      outer: product(x.shape.slice(0, axis)), axisSize: x.shape[axis]!, inner: product(x.shape.slice(axis + 1)),
    };
  },
  evalRef(p: ArgReducePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as ArrayLike<number>;
    const out = outputs[0] as BigInt64Array | Int32Array;
    for (let o = 0; o < p.outer; o++) {
      for (let i = 0; i < p.inner; i++) {
        const base = o * p.axisSize * p.inner + i;
        let best = x[base]!;
        let at = 0;
        for (let k = 1; k < p.axisSize; k++) {
          const v = x[base + k * p.inner]!;
          if (argWins(p, v, best) || (Number.isNaN(best) && !Number.isNaN(v))) {
            best = v;
            at = k;
          }
        }
        out[o * p.inner + i] = out instanceof BigInt64Array ? BigInt(at) : at;
      }
    }
  },
  cost: (op: Op<'arg_reduce'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});
