/**
 * GATHER along one axis with constant indices (ONNX Gather, TFLite GATHER):
 * out[outer, i..., inner] = data[outer, indices[i...], inner]. Indices are
 * checked and made non-negative at prepare, so the kernel is a sequence of
 * block copies whose sources are known at compile time. Any element type.
 */
import { elementCount, fail, inputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, requireConst, requireDtype, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { normalizeAxis } from './common/shapes.js';
import { defineOp } from './op-def.js';

export interface GatherPrepared {
  /** Product of the data dims before the axis. */
  outer: number;
  /** Extent of the data along the axis. */
  axisSize: number;
  /** Elements per copied block (product of the dims after the axis). */
  inner: number;
  /** The indices, non-negative. */
  indices: number[];
}

export const gather = defineOp({
  kind: 'gather',
  inferShapes(op: Op<'gather'>, g: Graph): number[][] {
    const data = inputAt(g, op, 0);
    const indices = inputAt(g, op, 1);
    const axis = normalizeAxis(op.attrs.axis, data.shape.length, describeOp(op));
    return [[...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)]];
  },
  prepare(op: Op<'gather'>, g: Graph): GatherPrepared {
    const { input: data } = sameDtypeInOut(op, g);
    const indices = inputAt(g, op, 1);
    requireConst(op, indices, 'indices');
    requireDtype(op, indices, ['i32', 'i64'], 'indices');
    const axis = normalizeAxis(op.attrs.axis, data.shape.length, describeOp(op));
    const axisSize = data.shape[axis]!;
    const resolved = Array.from(indices.data as ArrayLike<number | bigint>, (v): number => {
      const i = Number(v);
      if (i < -axisSize || i >= axisSize) {
        fail('op/bad-attribute', `${describeOp(op)}: index ${i} is out of range for axis ${axis} of size ${axisSize}`, { tensor: indices.name });
      }
      return i < 0 ? i + axisSize : i;
    });
    return {
      outer: elementCount(data.shape.slice(0, axis)),
      axisSize,
      inner: elementCount(data.shape.slice(axis + 1)),
      indices: resolved,
    };
  },
  evalRef(p: GatherPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const data = inputs[0] as Float32Array;
    const out = outputs[0] as Float32Array;
    let o = 0;
    for (let k = 0; k < p.outer; k++) {
      for (const index of p.indices) {
        const src = (k * p.axisSize + index) * p.inner;
        out.set(data.subarray(src, src + p.inner), o);
        o += p.inner;
      }
    }
  },
  cost: (op: Op<'gather'>, g: Graph) => ioCost(op, g, 0),
});

