/**
 * Weight and bias quantization, per output channel and symmetric (zero
 * point 0), as the TFLite quantization specification requires.
 *
 * - int8: narrow range [-127, 127], scale = max|w| / 127 (TFLite's choice).
 * - int4 [-8, 7] and int2 [-2, 1]: with so few levels the largest weight
 *   is a poor scale, so the scale is searched: the candidate scale that
 *   minimises the channel's squared error after rounding and clamping wins
 *   (an error-minimising clipping search). Both signs' extremes bound the
 *   search: the asymmetric integer range is used in full.
 * - bias: int32 with scale input_scale · weight_scale[c] (the float32
 *   product, as TFLite stores it), rounded half away from zero.
 */
import { bitsOf, type QuantParams } from '../ir/index.js';
import { roundHalfAway } from './fixed-point.js';
import { packSubByte } from './packing.js';

export type WeightBits = 8 | 4 | 2;

export const WEIGHT_DTYPE = { 8: 'i8', 4: 'i4', 2: 'i2' } as const;

/** Integer levels per width; int8 is narrow (symmetric) as TFLite requires. */
const LEVELS: Record<WeightBits, { qmin: number; qmax: number; search: boolean }> = {
  8: { qmin: -127, qmax: 127, search: false },
  4: { qmin: -8, qmax: 7, search: true },
  2: { qmin: -2, qmax: 1, search: true },
};

/** Shrink factors tried by the sub-byte scale search: 1 down to 0.05. */
const SCALE_FACTORS: readonly number[] = Array.from({ length: 96 }, (_, i) => 1 - i * 0.01);

/**
 * Importance of each weight element: the variance of the input value it
 * multiplies (per input channel, times the share of positions where a
 * convolution tap reads the image). `variance` is per input channel (conv,
 * depthwise) or per depth position (fully connected).
 */
export function weightImportance(kind: string, shape: readonly number[], variance: Float64Array, coverage?: Float64Array): Float64Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  const inner = shape[shape.length - 1]!;
  if (kind === 'depthwise_conv2d') {
    const multiplier = inner / variance.length;
    for (let i = 0; i < n; i++) out[i] = variance[Math.floor((i % inner) / multiplier)]! * (coverage?.[Math.floor(i / inner)] ?? 1);
  } else if (kind === 'conv2d') {
    const groups = variance.length / inner;
    const perGroup = shape[0]! / groups;
    const taps = n / shape[0]! / inner;
    for (let i = 0; i < n; i++) {
      const oc = Math.floor(i / (taps * inner));
      const tap = Math.floor(i / inner) % taps;
      out[i] = variance[Math.floor(oc / perGroup) * inner + (i % inner)]! * (coverage?.[tap] ?? 1);
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = variance[i % inner] ?? 0;
  }
  return out;
}

export interface QuantizedWeights {
  dtype: 'i8' | 'i4' | 'i2';
  /** Storage: Int8Array for int8, packed bytes (low bits first) for int4/int2. */
  data: Int8Array | Uint8Array;
  /** The integer values, one per element (unpacked). */
  values: Int8Array;
  quant: QuantParams;
}

/** Elements of channel `c` along `axis` of a tensor with `shape`, as flat indices. */
export function channelIndices(shape: readonly number[], axis: number): number[][] {
  const channels = shape[axis] ?? 1;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  let total = 1;
  for (const d of shape) total *= d;
  const out: number[][] = Array.from({ length: channels }, () => []);
  for (let i = 0; i < total; i++) out[Math.floor(i / inner) % channels]!.push(i);
  return out;
}

/**
 * Quantizes float weights per channel along `axis` to `bits`. `minScales`
 * (per channel) raises a channel's scale where its bias would otherwise not
 * fit int32 (see `minWeightScales`).
 */
export function quantizeWeights(w: Float32Array, shape: readonly number[], axis: number, bits: WeightBits, minScales?: readonly number[], importance?: Float64Array): QuantizedWeights {
  const { qmin, qmax, search } = LEVELS[bits];
  const values = new Int8Array(w.length);
  const scales: number[] = [];
  for (const idx of channelIndices(shape, axis)) {
    let maxPos = 0;
    let maxNeg = 0;
    for (const i of idx) {
      maxPos = Math.max(maxPos, w[i]!);
      maxNeg = Math.max(maxNeg, -w[i]!);
    }
    const top = search ? Math.max(maxPos / qmax, maxNeg / -qmin) : Math.max(maxPos, maxNeg) / qmax;
    let scale = top > 0 ? Math.fround(top) : 1;
    if (search && top > 0) scale = searchScale(w, idx, top, qmin, qmax, importance);
    const floor = minScales?.[scales.length] ?? 0;
    if (scale < floor) scale = Math.fround(floor * (1 + 2 ** -20));
    for (const i of idx) values[i] = clampRound(w[i]! / scale, qmin, qmax);
    scales.push(scale);
  }
  const dtype = WEIGHT_DTYPE[bits];
  const data = dtype === 'i8' ? values : packSubByte(values, dtype);
  return { dtype, data, values, quant: { scale: scales, zeroPoint: scales.map(() => 0), axis } };
}

function clampRound(x: number, qmin: number, qmax: number): number {
  const q = roundHalfAway(x);
  return q < qmin ? qmin : q > qmax ? qmax : q;
}

/**
 * The float32 scale among `top · factor` with the least squared error on one
 * channel — each weight's error weighted by `importance` (the variance of
 * the input it multiplies, so the search minimises the output's error, not
 * the weights'), or unweighted when absent or all zero.
 */
function searchScale(w: Float32Array, idx: number[], top: number, qmin: number, qmax: number, importance?: Float64Array): number {
  const weighted = importance !== undefined && idx.some((i) => importance[i]! > 0);
  let best = Math.fround(top);
  let bestErr = Infinity;
  for (const f of SCALE_FACTORS) {
    const s = Math.fround(top * f);
    let err = 0;
    for (const i of idx) {
      const x = w[i]!;
      const e = x - s * clampRound(x / s, qmin, qmax);
      err += weighted ? importance[i]! * e * e : e * e;
    }
    if (err < bestErr) {
      bestErr = err;
      best = s;
    }
  }
  return best;
}

/** The real value of each weight after quantization (for error measurements and bias correction). */
export function dequantizeWeights(q: QuantizedWeights, shape: readonly number[]): Float32Array {
  const out = new Float32Array(q.values.length);
  channelIndices(shape, q.quant.axis).forEach((idx, c) => {
    const s = q.quant.scale[c]!;
    for (const i of idx) out[i] = s * q.values[i]!;
  });
  return out;
}

/** Largest quantized bias magnitude allowed: 2^30 leaves the int32 accumulator room for the products. */
const MAX_BIAS = 2 ** 30;

/**
 * Per-channel lower bounds on the weight scale so the quantized bias
 * |b| / (s_in · s_w) stays within 2^30 (TFLite's converter adjusts weight
 * scales the same way). Matters for dead channels — weights near zero with
 * a live bias — whose max-based scale would be tiny: their int8 bias would
 * overflow and their output would be lost.
 */
export function minWeightScales(bias: Float32Array | undefined, inputScale: number, channels: number): number[] {
  return Array.from({ length: channels }, (_, c) => (bias ? Math.abs(bias[c]!) / (inputScale * MAX_BIAS) : 0));
}

/** int32 bias with scale input_scale · weight_scale[c] per channel. */
export function quantizeBias(b: Float32Array, inputScale: number, weightScales: readonly number[]): { data: Int32Array; quant: QuantParams } {
  const scales = Array.from(b, (_, c) => Math.fround(inputScale * (weightScales.length === 1 ? weightScales[0]! : weightScales[c]!)));
  const data = new Int32Array(b.length);
  b.forEach((v, c) => {
    const q = roundHalfAway(v / scales[c]!);
    data[c] = q < -2147483647 ? -2147483647 : q > 2147483647 ? 2147483647 : q;
  });
  return { data, quant: { scale: scales, zeroPoint: scales.map(() => 0), axis: 0 } };
}

/** Storage bytes of `count` weights at a width. */
export function weightStorageBytes(count: number, bits: WeightBits): number {
  return Math.ceil((count * bitsOf(WEIGHT_DTYPE[bits])) / 8);
}
