/**
 * The integer output stage shared by conv-like ops (conv, depthwise conv,
 * transpose conv, fully connected, batch matmul): how an int32 accumulator
 * becomes an output element, in one of three modes chosen at prepare time.
 *
 * - `fixed`: TFLite — 32-bit fixed-point multiplier and shift per channel,
 *   bit-exact with TFLite Micro.
 * - `float`: ONNX — float32 scale per channel, round half to even (QLinearConv,
 *   QLinearMatMul, fused QDQ patterns), matching ONNX Runtime.
 * - `none`: the accumulator itself is the int32 output (ConvInteger,
 *   MatMulInteger).
 */
import { fail, type FusedActivation, type Rounding, type Tensor } from '../../ir/index.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplier64 } from '../../quant/fixed-point.js';
import { onnxRequantScales, requantizeFloat } from '../../quant/float-requant.js';
import { weightBits } from '../../quant/packing.js';
import { quantizedActivationRange } from './activation.js';
import { perChannelMultipliers } from './quant-params.js';

export type RequantMode = 'fixed' | 'float' | 'none';

export interface IntegerOutput {
  requant: RequantMode;
  /** −zero point of the input. */
  inputOffset: number;
  /** −zero point of the weights: one entry (per-tensor) or one per output channel. TFLite convs use [0]. */
  filterOffsets: number[];
  outputOffset: number;
  /** `fixed` mode: one multiplier/shift per channel (or one for all). */
  multipliers: number[];
  shifts: number[];
  /** `float` mode: one float32 scale per channel (or one for all). */
  scales: number[];
  /** int64 accumulate and the Q15 rounding of TFLite's 16x8 path with an int64 bias. */
  wideAccumulator: boolean;
  /** Bits per weight: 8, or 4/2 for packed sub-byte weights (unpacked once, then int8 arithmetic). */
  weightBits: 8 | 4 | 2;
  actMin: number;
  actMax: number;
}

export interface IntegerOutputRequest {
  input: Tensor;
  weights: Tensor;
  output: Tensor;
  channels: number;
  activation: FusedActivation;
  rounding: Rounding | undefined;
  /** TFLite fully connected with per-tensor weights: s_in · s_w in float32 first. */
  productInFloat32?: boolean;
  /** TFLite fully connected honours the weights' zero point; TFLite convs ignore it. */
  useWeightZeroPoint?: boolean;
}

/** Quantization constants of the integer output stage, by rounding mode. */
export function prepareIntegerOutput(r: IntegerOutputRequest): IntegerOutput {
  const { input, weights, output } = r;
  const inputOffset = -(input.quant?.zeroPoint[0] ?? 0);
  if (r.rounding !== 'onnx') {
    const { multipliers, shifts } = perChannelMultipliers(input, weights, output, r.channels, r.productInFloat32 ?? false);
    const range = quantizedActivationRange(r.activation, output);
    return {
      requant: 'fixed', inputOffset, filterOffsets: [r.useWeightZeroPoint ? -(weights.quant?.zeroPoint[0] ?? 0) : 0],
      outputOffset: output.quant?.zeroPoint[0] ?? 0, multipliers, shifts, scales: [], wideAccumulator: false,
      weightBits: weightBits(weights.dtype), actMin: range.min, actMax: range.max,
    };
  }
  const filterOffsets = (weights.quant?.zeroPoint ?? [0]).map((z) => -z);
  if (output.dtype === 'i32' && output.quant === undefined) {
    return { requant: 'none', inputOffset, filterOffsets, outputOffset: 0, multipliers: [], shifts: [], scales: [], wideAccumulator: false, weightBits: 8, actMin: -2147483648, actMax: 2147483647 };
  }
  const inScale = input.quant?.scale[0];
  const outScale = output.quant?.scale[0];
  const weightScales = weights.quant?.scale;
  if (inScale === undefined || outScale === undefined || weightScales === undefined) {
    return fail('op/unsupported', `quantized tensors '${input.name}', '${weights.name}' and '${output.name}' need scales`, { tensor: weights.name });
  }
  const scales = onnxRequantScales(inScale, weightScales, outScale, r.channels);
  const range = quantizedActivationRange(r.activation, output);
  return {
    requant: 'float', inputOffset, filterOffsets, outputOffset: output.quant?.zeroPoint[0] ?? 0,
    multipliers: [], shifts: [], scales, wideAccumulator: false, weightBits: 8, actMin: range.min, actMax: range.max,
  };
}

/** Accumulator (bias already added) → output element for `channel`, in the prepared mode. */
export function requantize(acc: number, channel: number, p: IntegerOutput): number {
  if (p.requant === 'none') return acc | 0;
  if (p.requant === 'float') {
    const scale = p.scales.length === 1 ? p.scales[0]! : p.scales[channel]!;
    return requantizeFloat(acc, scale, p.outputOffset, p.actMin, p.actMax);
  }
  const c = p.multipliers.length === 1 ? 0 : channel;
  const m = p.multipliers[c]!;
  const s = p.shifts[c]!;
  const v = (p.wideAccumulator ? multiplyByQuantizedMultiplier64(acc, m, s) : multiplyByQuantizedMultiplier(acc | 0, m, s)) + p.outputOffset;
  return v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
}

/** The weight offset of `channel` (per-tensor weights have one). */
export function filterOffsetOf(p: IntegerOutput, channel: number): number {
  return p.filterOffsets.length === 1 ? p.filterOffsets[0]! : p.filterOffsets[channel]!;
}

/** Adds the bias and clamps a float32 accumulator. */
export function finishFloat(acc: number, bias: ArrayLike<number | bigint> | undefined, channel: number, p: { actMin: number; actMax: number }): number {
  const v = Math.fround(acc + (bias ? Number(bias[channel]!) : 0));
  return v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
}

/** Adds the (int32 or int64) bias and requantizes. */
export function finishQuantized(acc: number, bias: ArrayLike<number | bigint> | undefined, channel: number, p: IntegerOutput): number {
  return requantize(bias ? acc + Number(bias[channel]!) : acc, channel, p);
}

/** Input, weight and output types each rounding mode accepts. */
export function integerTypes(rounding: Rounding | undefined): { inputs: Array<'i8' | 'u8' | 'i16'>; weights: Array<'i8' | 'u8' | 'i4' | 'i2'> } {
  return rounding === 'onnx' ? { inputs: ['i8', 'u8'], weights: ['i8', 'u8'] } : { inputs: ['i8', 'i16'], weights: ['i8', 'i4', 'i2'] };
}
