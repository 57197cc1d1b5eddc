/**
 * How the portable kernels read one weight: float32, int8, uint8, or int4 /
 * int2 packed low bits first (two or four per byte) and left packed in the
 * data segment. Kernels walk weights with an address that advances by
 * `weightStep` per element; for packed weights that address counts fields
 * instead of bytes (the byte address times 2 or 4, which stays far below
 * 2^31 in a wasm memory), so the kernels' index arithmetic is unchanged and
 * only the load differs: the field is shifted out of its byte and
 * sign-extended as ((v & mask) ^ sign) − sign.
 */
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { helper } from '../runtime/fixed-point.js';
import { loadElem } from './kernel.js';

export interface WeightFormat {
  dtype: 'f32' | 'i8' | 'u8';
  /** 8, or 4/2 for packed sub-byte weights (dtype i8). */
  bits: 8 | 4 | 2;
}

/** Address units per weight element. */
export const weightStep = (w: WeightFormat): number => (w.dtype === 'f32' ? 4 : 1);

/** The walking address of the first weight at byte address `ptr`. */
export function weightBase(f: FunctionBuilder, w: WeightFormat, ptr: Expr): Expr {
  return w.bits === 8 ? ptr : f.m.i32.shl(ptr, f.i32(w.bits === 4 ? 1 : 2));
}

/** The weight at walking address `addr`, as i32 (f32 for float weights). */
export function loadWeight(f: FunctionBuilder, w: WeightFormat, addr: Expr): Expr {
  if (w.bits === 8) return loadElem(f, w.dtype, addr);
  const { i32 } = f.t;
  const bits = w.bits;
  const perByteLog = bits === 4 ? 1 : 2;
  const read = helper(f.module, `w${bits}_load`, [i32], i32, (g) => {
    const m = g.m;
    const a = g.param(0);
    const byte = m.i32.load8_u(0, 1, m.i32.shr_u(a.get(), g.i32(perByteLog)));
    const field = m.i32.and(m.i32.shr_u(byte, m.i32.mul(m.i32.and(a.get(), g.i32((1 << perByteLog) - 1)), g.i32(bits))), g.i32((1 << bits) - 1));
    const sign = 1 << (bits - 1);
    return m.i32.sub(m.i32.xor(field, g.i32(sign)), g.i32(sign));
  });
  return read(addr);
}

/** The weight format of a conv-like op's prepared data. */
export function weightFormat(dtype: string, filterDtype: string, bits: 8 | 4 | 2): WeightFormat {
  if (dtype === 'f32') return { dtype: 'f32', bits: 8 };
  return { dtype: filterDtype === 'u8' ? 'u8' : 'i8', bits };
}
