/**
 * Nested loops over an N-dimensional index space where each operand walks
 * memory with its own per-dimension stride (broadcast operands have stride
 * 0, transposes and slices have permuted or stepped strides). Dimensions of
 * extent 1 are dropped and neighbours that every operand walks as one run
 * are merged, so a contiguous copy becomes one loop (or one memcpy).
 */
import type { CWriter } from '../writer.js';

export interface LoopDim {
  count: number;
  /** Stride of each operand along this dimension, in elements. */
  strides: number[];
}

/** Drops extent-1 dims and merges dims that all operands traverse contiguously. */
export function collapseDims(counts: readonly number[], strides: ReadonlyArray<readonly number[]>): LoopDim[] {
  const dims: LoopDim[] = [];
  counts.forEach((count, d) => {
    if (count === 1) return;
    const s = strides.map((os) => os[d]!);
    const last = dims[dims.length - 1];
    if (last && last.strides.every((ls, k) => ls === s[k]! * count)) {
      last.count *= count;
      last.strides = s;
      return;
    }
    dims.push({ count, strides: s });
  });
  return dims;
}

/** Row-major strides of a shape (in elements). */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** Element strides of an input broadcast to `outShape` (NumPy rules: 0 along the dims it is broadcast over). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const padded = new Array<number>(outShape.length - shape.length).fill(1).concat(shape);
  return contiguousStrides(padded).map((s, d) => (padded[d] === 1 && outShape[d] !== 1 ? 0 : s));
}

/**
 * Writes loops over `dims` (outermost first) and calls `inner` with, for
 * each operand, the C expression of its element offset at the innermost
 * point. `base` gives each operand's starting offset (a literal or an
 * expression). Loop variables are <prefix>i0, <prefix>i1, …; offsets
 * <prefix>o<operand>_<level> (a prefix keeps nested loop sets apart).
 */
export function stridedLoops(w: CWriter, dims: readonly LoopDim[], base: readonly string[], inner: (offsets: string[]) => void, prefix = ''): void {
  const level = (d: number, offsets: string[]): void => {
    if (d === dims.length) {
      inner(offsets);
      return;
    }
    const dim = dims[d]!;
    const i = `${prefix}i${d}`;
    w.block(`for (int32_t ${i} = 0; ${i} < ${dim.count}; ++${i})`, () => {
      const next = offsets.map((o, k) => {
        const s = dim.strides[k]!;
        if (s === 0) return o;
        const term = s === 1 ? i : `${i} * ${s}`;
        const expr = o === '0' ? term : `${o} + ${term}`;
        if (d === dims.length - 1) return expr;
        w.line(`const int32_t ${prefix}o${k}_${d} = ${expr};`);
        return `${prefix}o${k}_${d}`;
      });
      level(d + 1, next);
    });
  };
  level(0, base.slice());
}
