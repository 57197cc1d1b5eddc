/**
 * STRIDED_SLICE with constant begin/end/strides. TFLite's masks are resolved
 * once (at import, by `resolveStridedSlice`) into one start/stop/stride per
 * input dimension, so the kernel is a plain strided gather. Shrunk axes only
 * drop a length-1 dimension from the output shape.
 */
import { elementCount, fail, inputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { stridesOf } from './common/shapes.js';
import { gatherStrided } from './transpose.js';
import { defineOp } from './op-def.js';

export interface StridedSlicePrepared {
  /** Elements per input dim that the slice visits. */
  counts: number[];
  /** Input stride · slice stride per dim. */
  steps: number[];
  offset: number;
}

const sliceCount = (start: number, stop: number, stride: number): number =>
  stride > 0 ? Math.max(0, Math.ceil((stop - start) / stride)) : Math.max(0, Math.ceil((start - stop) / -stride));

export const stridedSlice = defineOp({
  kind: 'strided_slice',
  inferShapes(op: Op<'strided_slice'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const { begin, end, strides } = op.attrs;
    if (begin.length !== input.shape.length || end.length !== begin.length || strides.length !== begin.length || strides.includes(0)) {
      fail('op/bad-attribute', `${describeOp(op)}: begin/end/strides do not fit rank ${input.shape.length}`, { tensor: input.name });
    }
    const counts = begin.map((b, i) => sliceCount(b, end[i]!, strides[i]!));
    return [counts.filter((_, i) => !op.attrs.squeeze.includes(i))];
  },
  prepare(op: Op<'strided_slice'>, g: Graph): StridedSlicePrepared {
    const { input } = sameDtypeInOut(op, g);
    const { begin, end, strides } = op.attrs;
    const inStrides = stridesOf(input.shape);
    return {
      counts: begin.map((b, i) => sliceCount(b, end[i]!, strides[i]!)),
      steps: strides.map((s, i) => s * inStrides[i]!),
      offset: begin.reduce((o, b, i) => o + b * inStrides[i]!, 0),
    };
  },
  evalRef(p: StridedSlicePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    if (elementCount(p.counts) > 0) gatherStrided(inputs[0]!, outputs[0]!, p.counts, p.steps, p.offset);
  },
  cost: (op: Op<'strided_slice'>, g: Graph) => ioCost(op, g, 0),
});

export interface StridedSliceMasks {
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
  /** TFLite `offset`: end is relative to begin. */
  offset: boolean;
}

/**
 * TFLite's StartForAxis/StopForAxis: applies the masks, negative indices and
 * clamping. Returns per-dim begin/end/strides and which axes shrink.
 */
export function resolveStridedSlice(
  inShape: readonly number[], begin: readonly number[], end: readonly number[], strides: readonly number[], m: StridedSliceMasks,
): { begin: number[]; end: number[]; strides: number[]; shrink: boolean[] } {
  const rank = inShape.length;
  const out = { begin: [] as number[], end: [] as number[], strides: [] as number[], shrink: [] as boolean[] };
  const clampTo = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  for (let axis = 0; axis < rank; axis++) {
    const size = inShape[axis]!;
    const stride = axis < strides.length ? strides[axis]! : 1;
    let start = axis < begin.length ? begin[axis]! : 0;
    if (m.beginMask & (1 << axis) || axis >= begin.length) start = stride > 0 ? -2147483648 : 2147483647;
    if (start < 0) start += size;
    start = stride > 0 ? clampTo(start, 0, size) : clampTo(start, -1, size - 1);
    const shrink = (m.shrinkAxisMask & (1 << axis)) !== 0;
    let stop = axis < end.length ? end[axis]! : 0;
    if (m.offset) stop += axis < begin.length ? begin[axis]! : 0;
    if (shrink) stop = start + 1;
    else {
      if (m.endMask & (1 << axis) || axis >= end.length) stop = stride > 0 ? 2147483647 : -2147483648;
      if (stop < 0) stop += size;
      stop = stride > 0 ? clampTo(stop, 0, size) : clampTo(stop, -1, size - 1);
    }
    if (size === 0) { start = 0; stop = 0; }
    out.begin.push(start);
    out.end.push(stop);
    out.strides.push(stride);
    out.shrink.push(shrink);
  }
  return out;
}
