/**
 * Shape helpers: broadcasting, strides, and 4-D views of lower-rank tensors.
 */
import { fail } from '../../ir/index.js';

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** NumPy broadcasting of two shapes; undefined when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * For each output element of a broadcast, the flat index into an input of
 * shape `inShape`. Computed once per op; kernels then index with it.
 */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const rank = outShape.length;
  const padded = new Array<number>(rank - inShape.length).fill(1).concat(inShape);
  const inStrides = stridesOf(padded).map((s, i) => (padded[i] === 1 ? 0 : s));
  let total = 1;
  for (const d of outShape) total *= d;
  const index = new Int32Array(total);
  const coord = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let n = 0; n < total; n++) {
    index[n] = offset;
    for (let d = rank - 1; d >= 0; d--) {
      coord[d]! += 1;
      offset += inStrides[d]!;
      if (coord[d]! < outShape[d]!) break;
      offset -= inStrides[d]! * coord[d]!;
      coord[d] = 0;
    }
  }
  return index;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function normalizeAxis(axis: number, rank: number, what: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail('op/bad-attribute', `${what}: axis ${axis} is out of range for rank ${rank}`);
  return a;
}
