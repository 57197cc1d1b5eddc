/**
 * CONV_2D on NHWC input with OHWI filters; grouped when the filter's input
 * depth divides the input depth. float32, int8 (per-channel weights, int32
 * bias) and 16x8 (int16 activations, int8 weights, int32 or int64 bias).
 *
 * The integer kernel is TFLite's ConvPerChannel: accumulate
 * filter · (input + input_offset) over the window, add the bias, requantize
 * per output channel, add the output zero point and clamp. Filters may also
 * be int4 or int2 (packed, low bits first): they are unpacked once and the
 * arithmetic is the int8 kernel's. Float sums are rounded to float32 after
 * every step so results match a C float loop. The float and integer loops
 * are separate functions so each stays monomorphic (and fast) in V8.
 */
import { elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplier64 } from '../quant/fixed-point.js';
import { unpackedWeights, weightBits } from '../quant/packing.js';
import { floatActivationRange, quantizedActivationRange } from './common/activation.js';
import { describeOp, requireDtype, requirePositive, requireRank } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { perChannelMultipliers } from './common/quant-params.js';
import { convOutSize } from './common/spatial.js';
import { defineOp } from './op-def.js';

export interface ConvGeometry {
  batches: number;
  inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  padTop: number; padLeft: number;
}

export interface Conv2dPrepared extends ConvGeometry {
  dtype: 'f32' | 'i8' | 'i16';
  /** Input channels per group (the filter's inner dimension). */
  groupInC: number;
  /** Bits per filter element: 8, or 4/2 for packed sub-byte weights. */
  filterBits: 8 | 4 | 2;
  hasBias: boolean;
  inputOffset: number;
  outputOffset: number;
  multipliers: number[];
  shifts: number[];
  /** int64 accumulate and the Q15 rounding of TFLite's 16x8 path with an int64 bias. */
  wideAccumulator: boolean;
  actMin: number;
  actMax: number;
}

export const conv2d = defineOp({
  kind: 'conv2d',

  inferShapes(op: Op<'conv2d'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    requireRank(op, input, 4, 'input');
    requireRank(op, filter, 4, 'filter');
    const [n, h, w, c] = input.shape as [number, number, number, number];
    const [o, kh, kw, fc] = filter.shape as [number, number, number, number];
    if (fc === 0 || c % fc !== 0 || o % (c / fc) !== 0) {
      fail('shape/mismatch', `${describeOp(op)}: filter depth ${fc} does not divide input depth ${c} into groups`, { tensor: filter.name });
    }
    requirePositive(op, { strideH: op.attrs.strideH, strideW: op.attrs.strideW, dilationH: op.attrs.dilationH, dilationW: op.attrs.dilationW });
    const a = op.attrs;
    const outH = convOutSize(h, kh, a.strideH, a.dilationH, a.pads.top, a.pads.bottom);
    const outW = convOutSize(w, kw, a.strideW, a.dilationW, a.pads.left, a.pads.right);
    return [[n, outH, outW, o]];
  },

  prepare(op: Op<'conv2d'>, g: Graph): Conv2dPrepared {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    const bias = optionalInput(g, op, 2);
    const output = outputAt(g, op);
    requireDtype(op, input, ['f32', 'i8', 'i16'], 'input');
    const [batches, inH, inW, inC] = input.shape as [number, number, number, number];
    const [outC, kH, kW, groupInC] = filter.shape as [number, number, number, number];
    const a = op.attrs;
    const geometry: ConvGeometry = {
      batches, inH, inW, inC, outH: output.shape[1]!, outW: output.shape[2]!, outC, kH, kW,
      strideH: a.strideH, strideW: a.strideW, dilationH: a.dilationH, dilationW: a.dilationW,
      padTop: a.pads.top, padLeft: a.pads.left,
    };
    const base = { ...geometry, groupInC, filterBits: 8 as const, hasBias: bias !== undefined, wideAccumulator: false };
    if (input.dtype === 'f32') {
      requireDtype(op, filter, ['f32'], 'filter');
      const r = floatActivationRange(a.activation);
      return { ...base, dtype: 'f32', inputOffset: 0, outputOffset: 0, multipliers: [], shifts: [], actMin: r.min, actMax: r.max };
    }
    requireDtype(op, filter, ['i8', 'i4', 'i2'], 'filter');
    if (bias) requireDtype(op, bias, input.dtype === 'i16' ? ['i32', 'i64'] : ['i32'], 'bias');
    const { multipliers, shifts } = perChannelMultipliers(input, filter, output, outC);
    const r = quantizedActivationRange(a.activation, output);
    return {
      ...base,
      filterBits: weightBits(filter.dtype),
      dtype: input.dtype as 'i8' | 'i16',
      inputOffset: -(input.quant?.zeroPoint[0] ?? 0),
      outputOffset: output.quant?.zeroPoint[0] ?? 0,
      multipliers, shifts,
      wideAccumulator: bias?.dtype === 'i64',
      actMin: r.min, actMax: r.max,
    };
  },

  evalRef(p: Conv2dPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    if (p.dtype === 'f32') {
      evalConvFloat(p, inputs[0] as Float32Array, inputs[1] as Float32Array, inputs[2] as Float32Array | undefined, outputs[0] as Float32Array);
    } else {
      const filter = unpackedWeights(inputs[1]!, p.filterBits, p.outC * p.kH * p.kW * p.groupInC);
      evalConvInteger(p, inputs[0] as Int8Array | Int16Array, filter, inputs[2], outputs[0] as Int8Array | Int16Array);
    }
  },

  cost(op: Op<'conv2d'>, g: Graph) {
    const out = outputAt(g, op);
    const filter = inputAt(g, op, 1);
    const [, kh, kw, fc] = filter.shape as [number, number, number, number];
    return ioCost(op, g, elementCount(out.shape) * kh * kw * fc);
  },
});

function evalConvFloat(p: Conv2dPrepared, input: Float32Array, filter: Float32Array, bias: Float32Array | undefined, out: Float32Array): void {
  const outPerGroup = p.outC / (p.inC / p.groupInC);
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    for (let oy = 0; oy < p.outH; oy++) {
      const iy0 = oy * p.strideH - p.padTop;
      for (let ox = 0; ox < p.outW; ox++) {
        const ix0 = ox * p.strideW - p.padLeft;
        for (let oc = 0; oc < p.outC; oc++, o++) {
          const g = Math.floor(oc / outPerGroup);
          let acc = 0;
          for (let ky = 0; ky < p.kH; ky++) {
            const iy = iy0 + ky * p.dilationH;
            if (iy < 0 || iy >= p.inH) continue;
            for (let kx = 0; kx < p.kW; kx++) {
              const ix = ix0 + kx * p.dilationW;
              if (ix < 0 || ix >= p.inW) continue;
              const inBase = ((b * p.inH + iy) * p.inW + ix) * p.inC + g * p.groupInC;
              const fBase = ((oc * p.kH + ky) * p.kW + kx) * p.groupInC;
              for (let ic = 0; ic < p.groupInC; ic++) acc = Math.fround(acc + Math.fround(input[inBase + ic]! * filter[fBase + ic]!));
            }
          }
          out[o] = finishFloat(acc, bias, oc, p);
        }
      }
    }
  }
}

function evalConvInteger(p: Conv2dPrepared, input: Int8Array | Int16Array, filter: Int8Array, bias: TensorData | undefined, out: Int8Array | Int16Array): void {
  const outPerGroup = p.outC / (p.inC / p.groupInC);
  const inputOffset = p.inputOffset;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    for (let oy = 0; oy < p.outH; oy++) {
      const iy0 = oy * p.strideH - p.padTop;
      for (let ox = 0; ox < p.outW; ox++) {
        const ix0 = ox * p.strideW - p.padLeft;
        for (let oc = 0; oc < p.outC; oc++, o++) {
          const g = Math.floor(oc / outPerGroup);
          let acc = 0;
          for (let ky = 0; ky < p.kH; ky++) {
            const iy = iy0 + ky * p.dilationH;
            if (iy < 0 || iy >= p.inH) continue;
            for (let kx = 0; kx < p.kW; kx++) {
              const ix = ix0 + kx * p.dilationW;
              if (ix < 0 || ix >= p.inW) continue;
              const inBase = ((b * p.inH + iy) * p.inW + ix) * p.inC + g * p.groupInC;
              const fBase = ((oc * p.kH + ky) * p.kW + kx) * p.groupInC;
              for (let ic = 0; ic < p.groupInC; ic++) acc += filter[fBase + ic]! * (input[inBase + ic]! + inputOffset);
            }
          }
          out[o] = finishQuantized(acc, bias, oc, p);
        }
      }
    }
  }
}

/** Adds the bias and clamps a float32 accumulator. */
export function finishFloat(acc: number, bias: TensorData | undefined, channel: number, p: { actMin: number; actMax: number }): number {
  const v = Math.fround(acc + (bias ? (bias[channel] as number) : 0));
  return v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
}

/** Adds the bias, requantizes with the channel's multiplier, offsets and clamps. */
export function finishQuantized(acc: number, bias: TensorData | undefined, channel: number, p: RequantizeParams & { multipliers: number[]; shifts: number[] }): number {
  return requantize(bias ? acc + Number(bias[channel]!) : acc, p.multipliers[channel]!, p.shifts[channel]!, p);
}

export interface RequantizeParams {
  outputOffset: number;
  actMin: number;
  actMax: number;
  wideAccumulator: boolean;
}

/** Accumulator to output: fixed-point multiply, output zero point, activation clamp. */
export function requantize(acc: number, multiplier: number, shift: number, p: RequantizeParams): number {
  const v = (p.wideAccumulator ? multiplyByQuantizedMultiplier64(acc, multiplier, shift) : multiplyByQuantizedMultiplier(acc | 0, multiplier, shift)) + p.outputOffset;
  return v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
}
