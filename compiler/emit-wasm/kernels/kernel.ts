/**
 * The contract of a wasm kernel, and the small helpers every kernel uses.
 *
 * A kernel has two halves, mirroring the C backend's "one function per
 * distinct op configuration":
 * - `plan` (pure TypeScript, no binaryen) turns an op and its prepared data
 *   (from `OPS[kind].prepare`, never recomputed) into a JSON-able `config`
 *   baked into the code as literals, the operands whose addresses the
 *   function takes (tensors, constant tables such as per-channel
 *   multipliers or re-laid-out weights, scratch), and the scratch size.
 * - `emit` builds the function body from the config. Its i32 parameters are
 *   the operand addresses, in plan order.
 * Ops whose plans are equal share one function; the run function calls each
 * op's function with the planned addresses as constants.
 */
import type { DType, Graph, Op, OpKind } from '../../ir/index.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import type { WidenedTable } from '../widen.js';

/** Where an operand's address comes from. */
export type Operand =
  | { tensor: number }
  /** `shared`: the name of a table several ops take whole (the same bytes whatever the op), placed once per module. */
  | { table: Uint8Array; shared?: string }
  /** An int16 table written at instantiation from int8 data (widen.ts): the address is the int16 region. */
  | { widened: WidenedTable }
  | { scratch: true }
  | { absent: true };

export interface KernelPlan<C> {
  config: C;
  operands: Operand[];
  /** Bytes of per-op scratch in the arena (0 for none). */
  scratchBytes?: number;
}

export interface WasmKernel<K extends OpKind, C> {
  /** A configuration the kernel cannot emit, in words (for a diagnostic); undefined when it can. */
  unsupported?(op: Op<K>, prepared: any, g: Graph): string | undefined;
  plan(op: Op<K>, prepared: any, g: Graph, simd: boolean): KernelPlan<C>;
  /**
   * The plan for a relaxed-SIMD module, from the SIMD plan, where the two
   * differ (a variant tuned for the newer engines that run relaxed SIMD);
   * absent or undefined: the SIMD plan serves both.
   */
  relaxedPlan?(plan: KernelPlan<C>): KernelPlan<C> | undefined;
  emit(f: FunctionBuilder, config: C, simd: boolean): Expr;
}

/** Identity helper that keeps the config type between plan and emit. */
export function defineKernel<K extends OpKind, C>(k: WasmKernel<K, C>): WasmKernel<K, C> {
  return k;
}

/** The tensor operand for input `i` of an op; an absent one gets address 0. */
export function tensorOperand(op: Op, i: number): Operand {
  const idx = op.inputs[i];
  return idx === undefined || idx < 0 ? { absent: true } : { tensor: idx };
}

export const outputOperand = (op: Op, i = 0): Operand => ({ tensor: op.outputs[i]! });

/**
 * The `i8x16.shuffle` indices that interleave the int16 lanes of two
 * vectors a, b: half 0 gives [a0, b0, a1, b1, a2, b2, a3, b3], half 1 the
 * same of lanes 4–7 (one `punpcklwd` / `punpckhwd` on x64). The pair order
 * `i32x4.dot_i16x8_s` takes from two rows of taps or two depths of weights.
 */
export function interleaveI16Lanes(half: 0 | 1): number[] {
  return [0, 1, 2, 3].flatMap((lane) => {
    const l = half * 4 + lane;
    return [l * 2, l * 2 + 1, 16 + l * 2, 16 + l * 2 + 1];
  });
}

/** Element types kernels read and write as scalars. */
export type ScalarDType = 'f32' | 'i32' | 'i16' | 'i8' | 'u8' | 'i64';

export function elemBytes(dtype: DType): number {
  switch (dtype) {
    case 'f32': case 'i32': return 4;
    case 'i64': return 8;
    case 'i16': return 2;
    default: return 1;
  }
}

/** Loads one element as i32 (integers), i64 or f32, sign-extending narrow types. */
export function loadElem(f: FunctionBuilder, dtype: DType, ptr: Expr, offset = 0): Expr {
  const m = f.m;
  switch (dtype) {
    case 'f32': return m.f32.load(offset, 4, ptr);
    case 'i64': return m.i64.load(offset, 8, ptr);
    case 'i32': return m.i32.load(offset, 4, ptr);
    case 'i16': return m.i32.load16_s(offset, 2, ptr);
    case 'i8': return m.i32.load8_s(offset, 1, ptr);
    default: return m.i32.load8_u(offset, 1, ptr);
  }
}

export function storeElem(f: FunctionBuilder, dtype: DType, ptr: Expr, value: Expr, offset = 0): Expr {
  const m = f.m;
  switch (dtype) {
    case 'f32': return m.f32.store(offset, 4, ptr, value);
    case 'i64': return m.i64.store(offset, 8, ptr, value);
    case 'i32': return m.i32.store(offset, 4, ptr, value);
    case 'i16': return m.i32.store16(offset, 2, ptr, value);
    default: return m.i32.store8(offset, 1, ptr, value);
  }
}

/** `local += bytes` for a pointer local and a constant byte count (see FunctionBuilder.addr). */
export function bump(f: FunctionBuilder, ptr: Local, bytes: number): Expr {
  return ptr.set(f.addr(ptr.get(), bytes));
}

/** Float clamp by comparisons (not f32.min/max), so -0 and the reference agree. */
export function clampF32(f: FunctionBuilder, v: Local, lo: number, hi: number): Expr {
  const m = f.m;
  let e = v.get();
  if (hi !== Infinity) e = m.select(m.f32.gt(v.get(), m.f32.const(hi)), m.f32.const(hi), e);
  if (lo !== -Infinity) e = m.select(m.f32.lt(v.get(), m.f32.const(lo)), m.f32.const(lo), e);
  return e;
}

/** Little-endian int32 table bytes (per-channel multipliers and shifts, …). */
export function int32Table(values: ReadonlyArray<number>): Uint8Array {
  const t = new Int32Array(values.length);
  values.forEach((v, i) => (t[i] = v));
  return new Uint8Array(t.buffer);
}

/** Interleaved [multiplier, shift] pairs, one per channel. */
export function requantTable(multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>): Uint8Array {
  return int32Table(multipliers.flatMap((mult, i) => [mult, shifts[i]!]));
}
