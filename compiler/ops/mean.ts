/**
 * MEAN over constant axes, with TFLite Micro's two integer paths:
 *
 * - 4-D input, axes {1, 2}, keep_dims (global average pooling): the integer
 *   kernel. Σ(q − zp_in) is requantized by s_in/s_out with 1/count folded
 *   into the fixed-point multiplier (shifted up by ⌊log2 count⌋ first so no
 *   precision is lost), plus zp_out, clamped.
 * - anything else: QuantizedMeanOrSum — an int32 sum of raw values, then
 *   float32 arithmetic (mean · s_in/s_out − zp_in · s_in/s_out, rounded half
 *   away from zero, plus zp_out, clamped), reproduced with float32 rounding
 *   at every step.
 *
 * float32 sums in float32 in input order, then divides.
 */
import { elementCount, inputAt, intRange, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { clamp, multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from '../quant/fixed-point.js';
import { requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { reduceIndex, resolveReduceAxes } from './common/reduction.js';
import { defineOp } from './op-def.js';

export interface MeanPrepared {
  dtype: 'f32' | 'i8' | 'i16';
  /** 'spatial' is the integer 4-D {1,2} kernel; 'general' the float-arithmetic one. */
  path: 'float' | 'spatial' | 'general';
  inputZeroPoint: number;
  multiplier: number;
  shift: number;
  inShape: number[];
  /** Reduced axes, sorted, unique. */
  axes: number[];
  reducedCount: number;
  outCount: number;
  /** float32 s_in / s_out and −zp_in · that, as TFLite computes them. */
  scale: number;
  bias: number;
  outputZeroPoint: number;
  qmin: number;
  qmax: number;
}

export const mean = defineOp({
  kind: 'mean',
  inferShapes(op: Op<'mean'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const axes = resolveReduceAxes(op.attrs.axes, input.shape.length, `mean '${op.name}'`);
    const out: number[] = [];
    input.shape.forEach((d, i) => {
      if (!axes.includes(i)) out.push(d);
      else if (op.attrs.keepDims) out.push(1);
    });
    return [out];
  },
  prepare(op: Op<'mean'>, g: Graph): MeanPrepared {
    const input = inputAt(g, op, 0);
    const output = outputAt(g, op);
    requireDtype(op, input, ['f32', 'i8', 'i16'], 'input');
    const axes = resolveReduceAxes(op.attrs.axes, input.shape.length, `mean '${op.name}'`);
    const reducedCount = axes.reduce((n, a) => n * input.shape[a]!, 1);
    const base = { inShape: input.shape.slice(), axes, reducedCount, outCount: elementCount(output.shape) };
    const fixed = { inputZeroPoint: input.quant?.zeroPoint[0] ?? 0, multiplier: 0, shift: 0 };
    if (input.dtype === 'f32') return { ...base, ...fixed, dtype: 'f32', path: 'float', scale: 1, bias: 0, outputZeroPoint: 0, qmin: 0, qmax: 0 };
    const spatial = op.attrs.keepDims && input.shape.length === 4 && axes.length === 2 && axes[0] === 1 && axes[1] === 2;
    if (spatial) {
      const q = quantizeMultiplier((input.quant?.scale[0] ?? 1) / (output.quant?.scale[0] ?? 1));
      const up = Math.min(Math.floor(Math.log2(reducedCount)), 32, 31 + q.shift);
      fixed.multiplier = Number((BigInt(q.multiplier) << BigInt(up)) / BigInt(reducedCount));
      fixed.shift = q.shift - up;
    }
    const scale = Math.fround((input.quant?.scale[0] ?? 1) / (output.quant?.scale[0] ?? 1));
    const bias = Math.fround(-(input.quant?.zeroPoint[0] ?? 0) * scale);
    const { min, max } = intRange(output.dtype);
    return { ...base, ...fixed, dtype: input.dtype as 'i8' | 'i16', path: spatial ? 'spatial' : 'general', scale, bias, outputZeroPoint: output.quant?.zeroPoint[0] ?? 0, qmin: min, qmax: max };
  },
  evalRef(p: MeanPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Float32Array | Int8Array | Int16Array;
    const out = outputs[0]!;
    const sums = reduceSums(p, input);
    for (let i = 0; i < p.outCount; i++) {
      if (p.path === 'spatial') {
        const acc = sums[i]! - p.inputZeroPoint * p.reducedCount;
        out[i] = clamp(multiplyByQuantizedMultiplier(acc | 0, p.multiplier, p.shift) + p.outputZeroPoint, p.qmin, p.qmax);
      } else if (p.dtype === 'f32') {
        out[i] = Math.fround(sums[i]! / p.reducedCount);
      } else {
        const m = Math.fround(Math.fround(sums[i]!) / p.reducedCount);
        let r = Math.fround(roundHalfAway(Math.fround(Math.fround(m * p.scale) + p.bias)) + p.outputZeroPoint);
        r = Math.min(r, p.qmax);
        r = Math.max(r, p.qmin);
        out[i] = Math.trunc(r);
      }
    }
  },
  cost: (op: Op<'mean'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});


/** Sums over the reduced axes, visiting the input in order (float32 steps for float). */
function reduceSums(p: MeanPrepared, input: Float32Array | Int8Array | Int16Array): Float64Array {
  const slot = reduceIndex(p.inShape, p.axes);
  const sums = new Float64Array(p.outCount);
  const isFloat = p.dtype === 'f32';
  for (let i = 0; i < input.length; i++) {
    const o = slot[i]!;
    sums[o] = isFloat ? Math.fround(sums[o]! + input[i]!) : sums[o]! + input[i]!;
  }
  return sums;
}
