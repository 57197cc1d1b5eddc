/**
 * The last step of every conv-like kernel (conv, depthwise, transpose conv,
 * fully connected): accumulator + bias, then requantization with the
 * channel's multiplier and shift, output offset and activation clamp — or,
 * for float, + bias and clamp. Mirrors `finishQuantized`/`finishFloat` in
 * compiler/ops/conv2d.ts.
 */
import type { DType } from '../../ir/index.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { requant32, requant64 } from '../runtime/fixed-point.js';
import { clampF32, elemBytes, loadElem } from './kernel.js';

export interface FinishConfig {
  dtype: 'f32' | 'i8' | 'i16';
  /** Bias element type, or undefined when the op has none. */
  biasDtype?: DType;
  wideAccumulator: boolean;
  outputOffset: number;
  actMin: number;
  actMax: number;
  /** Per-tensor requantization baked as literals; per-channel ones come from the table. */
  multiplier?: number;
  shift?: number;
}

/** The accumulator's wasm type: f32, i64 for the wide 16x8 path, else i32. */
export function accType(f: FunctionBuilder, c: FinishConfig): number {
  return c.dtype === 'f32' ? f.t.f32 : c.wideAccumulator ? f.t.i64 : f.t.i32;
}

/** Zero of the accumulator's type. */
export function accZero(f: FunctionBuilder, c: FinishConfig): Expr {
  return c.dtype === 'f32' ? f.m.f32.const(0) : c.wideAccumulator ? f.i64(0) : f.i32(0);
}

/**
 * The output value for `channel` from `acc`. `bias` and `table` are the
 * addresses of the bias tensor and the [multiplier, shift] table.
 */
export function finishValue(f: FunctionBuilder, c: FinishConfig, acc: Local, channel: Local, bias: Local, table: Local): Expr {
  const m = f.m;
  const biasAt = (): Expr => m.i32.add(bias.get(), m.i32.mul(channel.get(), f.i32(elemBytes(c.biasDtype ?? 'i32'))));
  if (c.dtype === 'f32') {
    const v = f.local(f.t.f32);
    // acc + 0 even without a bias, as the reference does (it turns -0 into +0).
    const withBias = m.f32.add(acc.get(), c.biasDtype ? m.f32.load(0, 4, biasAt()) : m.f32.const(0));
    return m.block(null, [v.set(withBias), clampF32(f, v, c.actMin, c.actMax)], f.t.f32);
  }
  const perTensor = c.multiplier !== undefined;
  const entry = (): Expr => m.i32.add(table.get(), m.i32.shl(channel.get(), f.i32(3)));
  const multiplier = perTensor ? f.i32(c.multiplier!) : m.i32.load(0, 4, entry());
  const shift = perTensor ? f.i32(c.shift!) : m.i32.load(4, 4, entry());
  if (c.wideAccumulator) {
    let total = acc.get();
    if (c.biasDtype) {
      const b = loadElem(f, c.biasDtype, biasAt());
      total = m.i64.add(total, c.biasDtype === 'i64' ? b : m.i64.extend_s(b));
    }
    return requant64(f.module)(total, multiplier, shift, c.outputOffset, c.actMin, c.actMax);
  }
  const total = c.biasDtype ? m.i32.add(acc.get(), loadElem(f, c.biasDtype, biasAt())) : acc.get();
  return requant32(f.module)(total, multiplier, shift, c.outputOffset, c.actMin, c.actMax);
}

/** `acc += a · b` in the accumulator's type, from two i32 (or f32) operands. */
export function multiplyAdd(f: FunctionBuilder, c: FinishConfig, acc: Local, a: Expr, b: Expr): Expr {
  const m = f.m;
  if (c.dtype === 'f32') return acc.set(m.f32.add(acc.get(), m.f32.mul(a, b)));
  if (c.wideAccumulator) return acc.set(m.i64.add(acc.get(), m.i64.extend_s(m.i32.mul(a, b))));
  return acc.set(m.i32.add(acc.get(), m.i32.mul(a, b)));
}
