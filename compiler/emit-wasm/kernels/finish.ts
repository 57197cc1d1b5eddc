/**
 * The last step of every conv-like kernel (conv, depthwise, transpose conv,
 * fully connected, batch matmul): accumulator + bias, then the integer
 * output stage in the mode `prepare` chose (common/requantize.ts) — TFLite's
 * fixed-point multiplier and shift, ONNX's float32 scale with round half to
 * even, or the raw int32 accumulator — with the output offset and the
 * activation clamp; for float, + bias and clamp. Mirrors `finishQuantized` /
 * `finishFloat` in compiler/ops/common/requantize.ts.
 *
 * Per-channel constants live in one table of 8-byte records, indexed by
 * channel: [multiplier, shift] in fixed mode, [float32 scale, filter offset]
 * in the ONNX modes. Per-tensor constants are baked in as literals.
 */
import type { DType, Graph, Op } from '../../ir/index.js';
import type { IntegerOutput, RequantMode } from '../../ops/common/requantize.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { clampAdd, requant32, requant64 } from '../runtime/fixed-point.js';
import { clampF32, elemBytes, int32Table, loadElem, requantTable } from './kernel.js';

export interface FinishConfig {
  /** The compute type: the input's element type (f32, or the integer type of the activations). */
  dtype: 'f32' | 'i8' | 'u8' | 'i16';
  /** The output's element type when it differs from `dtype` (i32 for a raw accumulator output). */
  outDtype?: DType;
  /** Bias element type, or undefined when the op has none. */
  biasDtype?: DType;
  wideAccumulator: boolean;
  /** Integer output stage; absent means TFLite's fixed point. */
  requant?: RequantMode;
  outputOffset: number;
  actMin: number;
  actMax: number;
  /** Per-tensor requantization baked as literals; per-channel ones come from the table. */
  multiplier?: number;
  shift?: number;
  /** ONNX float mode, one scale for all channels. */
  scale?: number;
  /** Weight offset (−zero point) for all channels; per-channel ones come from the table. */
  filterOffset?: number;
}

/** The element type written to the output. */
export const outputDtype = (c: FinishConfig): DType => c.outDtype ?? c.dtype;

/**
 * The finish fields of an integer op's prepared output stage, and its
 * per-channel table (`channels` records; empty when everything is per tensor).
 */
export function integerFinish(p: IntegerOutput, channels: number): { fields: Partial<FinishConfig>; table: Uint8Array } {
  const allSame = (xs: readonly number[]): boolean => xs.every((x) => x === xs[0]);
  const offsets = p.filterOffsets.length === 0 ? [0] : p.filterOffsets;
  const offsetFields = allSame(offsets) ? { filterOffset: offsets[0]! } : {};
  if (p.requant === 'fixed') {
    const perTensor = p.multipliers.length === 1;
    return {
      fields: { ...offsetFields, ...(perTensor ? { multiplier: p.multipliers[0]!, shift: p.shifts[0]! } : {}) },
      table: perTensor ? new Uint8Array(0) : requantTable(p.multipliers, p.shifts),
    };
  }
  const scales = p.scales.length === 0 ? [0] : p.scales;
  const scaleFields = p.requant === 'float' && allSame(scales) ? { scale: scales[0]! } : {};
  const fields: Partial<FinishConfig> = { requant: p.requant, ...offsetFields, ...scaleFields };
  if (fields.filterOffset !== undefined && (p.requant === 'none' || fields.scale !== undefined)) return { fields, table: new Uint8Array(0) };
  const at = (xs: readonly number[], c: number): number => (xs.length === 1 ? xs[0]! : xs[c]!);
  const scaleBits = new Int32Array(new Float32Array(Array.from({ length: channels }, (_, c) => at(scales, c))).buffer);
  return { fields, table: int32Table(Array.from({ length: channels }, (_, c) => [scaleBits[c]!, at(offsets, c)]).flat()) };
}

/** What every conv-like prepared record has. */
export type ConvLikePrepared = IntegerOutput & { dtype: string; hasBias?: boolean };

/**
 * The finish config of a conv-like op (bias input 2 when present, output
 * type from the output tensor) and its per-channel table.
 */
export function finishPlan(op: Op, g: Graph, p: ConvLikePrepared, channels: number): { config: FinishConfig; table: Uint8Array } {
  const biasIndex = op.inputs[2];
  const bias = biasIndex !== undefined && biasIndex >= 0 ? g.tensors[biasIndex]! : undefined;
  const out = g.tensors[op.outputs[0]!]!.dtype;
  const base: FinishConfig = {
    dtype: p.dtype as FinishConfig['dtype'],
    ...(out !== p.dtype ? { outDtype: out } : {}),
    ...(bias ? { biasDtype: bias.dtype } : {}),
    wideAccumulator: p.wideAccumulator, outputOffset: p.outputOffset, actMin: p.actMin, actMax: p.actMax,
  };
  if (p.dtype === 'f32') return { config: base, table: new Uint8Array(0) };
  const { fields, table } = integerFinish(p, channels);
  return { config: { ...base, ...fields }, table };
}

/** The weight offset of `channel`: a literal, or read from its table record. */
export function filterOffsetValue(f: FunctionBuilder, c: FinishConfig, channel: Local, table: Local): Expr {
  if (c.filterOffset !== undefined) return f.i32(c.filterOffset);
  return f.m.i32.load(4, 4, f.m.i32.add(table.get(), f.m.i32.shl(channel.get(), f.i32(3))));
}

/** True when the weights need an offset added (never for float ops or zero offsets). */
export const hasFilterOffset = (c: FinishConfig): boolean => c.dtype !== 'f32' && c.filterOffset !== 0;

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
 * addresses of the bias tensor and the per-channel table.
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
  const entry = (): Expr => m.i32.add(table.get(), m.i32.shl(channel.get(), f.i32(3)));
  if (c.wideAccumulator) {
    let total = acc.get();
    if (c.biasDtype) {
      const b = loadElem(f, c.biasDtype, biasAt());
      total = m.i64.add(total, c.biasDtype === 'i64' ? b : m.i64.extend_s(b));
    }
    const multiplier = c.multiplier !== undefined ? f.i32(c.multiplier) : m.i32.load(0, 4, entry());
    const shift = c.shift !== undefined ? f.i32(c.shift) : m.i32.load(4, 4, entry());
    return requant64(f.module)(total, multiplier, shift, c.outputOffset, c.actMin, c.actMax);
  }
  const total = c.biasDtype ? m.i32.add(acc.get(), loadElem(f, c.biasDtype, biasAt())) : acc.get();
  if (c.requant === 'none') return total;
  if (c.requant === 'float') {
    const scale = c.scale !== undefined ? m.f32.const(c.scale) : m.f32.load(0, 4, entry());
    return requantFloat(f, total, scale, c.outputOffset, c.actMin, c.actMax);
  }
  const multiplier = c.multiplier !== undefined ? f.i32(c.multiplier) : m.i32.load(0, 4, entry());
  const shift = c.shift !== undefined ? f.i32(c.shift) : m.i32.load(4, 4, entry());
  return requant32(f.module)(total, multiplier, shift, c.outputOffset, c.actMin, c.actMax);
}

/**
 * ONNX's requantization (`requantizeFloat`): float32(acc) · scale in float32,
 * round half to even (`f32.nearest`), + zero point, saturated. The float is
 * converted with saturation, then clamped before the offset is added, so no
 * step can wrap.
 */
export function requantFloat(f: FunctionBuilder, acc: Expr, scale: Expr, offset: number, lo: number, hi: number): Expr {
  const m = f.m;
  return clampAdd(f.module, m.i32.trunc_s_sat.f32(m.f32.nearest(m.f32.mul(m.f32.convert_s.i32(acc), scale))), offset, lo, hi);
}

/** `acc += a · b` in the accumulator's type, from two i32 (or f32) operands. */
export function multiplyAdd(f: FunctionBuilder, c: FinishConfig, acc: Local, a: Expr, b: Expr): Expr {
  const m = f.m;
  if (c.dtype === 'f32') return acc.set(m.f32.add(acc.get(), m.f32.mul(a, b)));
  if (c.wideAccumulator) return acc.set(m.i64.add(acc.get(), m.i64.extend_s(m.i32.mul(a, b))));
  return acc.set(m.i32.add(acc.get(), m.i32.mul(a, b)));
}
