/**
 * Shape arithmetic every reduction shares (MEAN, ReduceSum/Max/Min): which
 * axes, the output shape, and where each input element lands.
 */
import { elementCount } from '../../ir/index.js';
import { normalizeAxis, stridesOf } from './shapes.js';

/** Sorted unique axes in range, or a diagnostic naming the op. */
export function resolveReduceAxes(axes: readonly number[], rank: number, what: string): number[] {
  return [...new Set(axes.map((a) => normalizeAxis(a, rank, what)))].sort((a, b) => a - b);
}

/** Output shape of a reduction: reduced dims dropped, or kept as 1. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/** For each input element in memory order, its output slot. */
export function reduceIndex(inShape: readonly number[], axes: readonly number[]): Int32Array {
  const rank = inShape.length;
  const keptStrides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    if (!axes.includes(d)) {
      keptStrides[d] = stride;
      stride *= inShape[d]!;
    }
  }
  const inStrides = stridesOf(inShape);
  const total = elementCount(inShape);
  const index = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    let o = 0;
    let rem = i;
    for (let d = 0; d < rank; d++) {
      const c = Math.floor(rem / inStrides[d]!);
      rem -= c * inStrides[d]!;
      o += c * keptStrides[d]!;
    }
    index[i] = o;
  }
  return index;
}
