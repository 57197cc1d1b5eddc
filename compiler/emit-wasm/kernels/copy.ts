/**
 * Byte movement shared by the data-movement kernels: block copies
 * (memory.copy from bulk memory), single-element moves, and strided gathers
 * that copy whole contiguous runs where the strides allow.
 */
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { mergeDims, walk } from './walk.js';

/** Copies `count` bytes between two addresses. */
export const copy = (f: FunctionBuilder, dst: Expr, src: Expr, bytes: number): Expr =>
  bytes === 0 ? f.m.nop() : f.m.memory.copy(dst, src, f.i32(bytes));

/** A strided gather: out (dense) ← in at per-dimension byte strides, whole runs copied when contiguous. */
export function gather(f: FunctionBuilder, shape: number[], inStrides: number[], outStrides: number[], src: Expr, dst: Expr, elem: number): Expr {
  const merged = mergeDims(shape, [inStrides, outStrides]);
  const last = merged.shape.length - 1;
  const contiguous = last >= 0 && merged.strides[0]![last] === elem && merged.strides[1]![last] === elem;
  if (last < 0) return copy(f, dst, src, elem);
  if (contiguous) {
    const run = merged.shape[last]! * elem;
    const outer = merged.shape.slice(0, last);
    if (outer.length === 0) return copy(f, dst, src, run);
    return walk(f, outer, [{ base: src, strides: merged.strides[0]!.slice(0, last) }, { base: dst, strides: merged.strides[1]!.slice(0, last) }],
      ([s, d]) => [copy(f, d!.get(), s!.get(), run)]);
  }
  return walk(f, merged.shape, [{ base: src, strides: merged.strides[0]! }, { base: dst, strides: merged.strides[1]! }],
    ([s, d]) => [copyElem(f, d!.get(), s!.get(), elem)]);
}

/** Moves one element of `elem` bytes with a load and a store. */
export function copyElem(f: FunctionBuilder, dst: Expr, src: Expr, elem: number): Expr {
  const m = f.m;
  switch (elem) {
    case 1: return m.i32.store8(0, 1, dst, m.i32.load8_u(0, 1, src));
    case 2: return m.i32.store16(0, 2, dst, m.i32.load16_u(0, 2, src));
    case 4: return m.i32.store(0, 4, dst, m.i32.load(0, 4, src));
    case 8: return m.i64.store(0, 8, dst, m.i64.load(0, 8, src));
    default: return copy(f, dst, src, elem);
  }
}

