/**
 * GATHER_ELEMENTS (ONNX GatherElements): out has the shape of `indices`,
 * and out[p] = data[p with its `axis` coordinate replaced by indices[p]].
 * Indices are int32 or int64 tensors, constant or computed at run time;
 * a negative index counts from the end. An index outside the axis is an
 * error in ONNX, which a compiled kernel cannot report, so it is clamped
 * to the axis instead (never a read outside the tensor) — in every
 * backend alike. Values are copied, so any element type works, quantized
 * included (the output keeps the data's parameters).
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { normalizeAxis } from './common/shapes.js';
import { defineOp } from './op-def.js';

export interface GatherElementsPrepared {
  axis: number;
  dataShape: number[];
  /** The shape of the indices, and of the output. */
  outShape: number[];
  dtype: string;
  indexDtype: 'i32' | 'i64';
}

/** The index clamped into [0, size): negative ones first count from the end. */
const clampIndex = (k: number, size: number): number => Math.min(Math.max(k < 0 ? k + size : k, 0), size - 1);

export const gatherElements = defineOp({
  kind: 'gather_elements',
  inferShapes(op: Op<'gather_elements'>, g: Graph): number[][] {
    const data = inputAt(g, op, 0);
    const indices = inputAt(g, op, 1);
    const axis = normalizeAxis(op.attrs.axis, data.shape.length, describeOp(op));
    if (indices.shape.length !== data.shape.length || indices.shape.some((d, i) => i !== axis && d > data.shape[i]!)) {
      fail('shape/mismatch', `${describeOp(op)}: indices [${indices.shape.join(',')}] do not fit data [${data.shape.join(',')}] outside axis ${axis}`, { tensor: indices.name });
    }
    return [indices.shape.slice()];
  },
  prepare(op: Op<'gather_elements'>, g: Graph): GatherElementsPrepared {
    const data = inputAt(g, op, 0);
    const indices = inputAt(g, op, 1);
    requireDtype(op, indices, ['i32', 'i64'], 'indices');
    requireDtype(op, outputAt(g, op), [data.dtype], 'output');
    if (data.shape[normalizeAxis(op.attrs.axis, data.shape.length, describeOp(op))] === 0) fail('op/unsupported', `${describeOp(op)}: the gathered axis is empty`);
    return {
      axis: normalizeAxis(op.attrs.axis, data.shape.length, describeOp(op)), dataShape: data.shape.slice(), outShape: indices.shape.slice(),
      dtype: data.dtype, indexDtype: indices.dtype as 'i32' | 'i64',
    };
  },
  evalRef(p: GatherElementsPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const data = inputs[0]! as ArrayLike<number | bigint>;
    const indices = inputs[1]! as ArrayLike<number | bigint>;
    const out = outputs[0]! as unknown as Array<number | bigint>;
    const rank = p.outShape.length;
    const dataStrides = p.dataShape.map((_, d) => p.dataShape.slice(d + 1).reduce((a, b) => a * b, 1));
    const coord = new Array<number>(rank).fill(0);
    for (let i = 0; i < out.length; i++) {
      let at = 0;
      for (let d = 0; d < rank; d++) at += (d === p.axis ? clampIndex(Number(indices[i]!), p.dataShape[d]!) : coord[d]!) * dataStrides[d]!;
      out[i] = data[at]!;
      for (let d = rank - 1; d >= 0 && ++coord[d]! === p.outShape[d]!; d--) coord[d] = 0;
    }
  },
  cost: (op: Op<'gather_elements'>, g: Graph) => ioCost(op, g, elementCount(outputAt(g, op).shape)),
});
