/**
 * Nested loops over a shape with one pointer per operand, each advancing by
 * its own stride per dimension (0 for a broadcast dimension). Data-movement
 * and element-wise kernels (transpose, slice, pad, broadcasting binary ops,
 * reductions) are all one walk with a different body.
 *
 * Adjacent dimensions that every operand walks contiguously are merged
 * first, so a same-shape element-wise op is one flat loop.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';

export interface WalkOperand {
  /** Address of the first element visited. */
  base: Expr;
  /** Stride in bytes per dimension of the walked shape. */
  strides: number[];
}

/** Merges dimensions where every operand's stride nests (stride[d] = stride[d+1]·shape[d+1]). */
export function mergeDims(shape: number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue; // a unit dimension moves no pointer
    const last = outShape.length - 1;
    const nests = last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * n);
    if (nests) {
      outShape[last]! *= n;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
    } else {
      outShape.push(n);
      strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Emits the walk. `body` gets one pointer local per operand (read-only for
 * the body) and returns statements for one element.
 */
export function walk(f: FunctionBuilder, shape: number[], operands: WalkOperand[], body: (ptrs: Local[]) => Expr[]): Expr {
  const merged = mergeDims(shape, operands.map((o) => o.strides));
  const rank = merged.shape.length;
  // ptrs[level][k]: operand k's pointer at loop depth `level` (level = rank is the innermost element).
  const ptrs: Local[][] = Array.from({ length: rank + 1 }, () => operands.map(() => f.local(f.t.i32)));
  const init = operands.map((o, k) => ptrs[0]![k]!.set(o.base));
  const level = (d: number): Expr[] => {
    if (d === rank) return body(ptrs[d]!);
    const counter = f.local(f.t.i32);
    const inner = [
      ...operands.map((_, k) => ptrs[d + 1]![k]!.set(ptrs[d]![k]!.get())),
      ...level(d + 1),
      ...operands.flatMap((_, k) => {
        const s = merged.strides[k]![d]!;
        return s === 0 ? [] : [ptrs[d]![k]!.set(f.addr(ptrs[d]![k]!.get(), s))];
      }),
    ];
    return [f.forRange(counter, 0, merged.shape[d]!, inner)];
  };
  return f.block([...init, ...level(0)]);
}

/** Byte strides of a dense row-major shape with `elem`-byte elements. */
export function denseStrides(shape: readonly number[], elem: number): number[] {
  const strides = new Array<number>(shape.length).fill(elem);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** Byte strides of `inShape` broadcast to `outShape` (0 where the input has extent 1). */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[], elem: number): number[] {
  const padded = new Array<number>(outShape.length - inShape.length).fill(1).concat(inShape);
  return denseStrides(padded, elem).map((s, i) => (padded[i] === 1 ? 0 : s));
}
