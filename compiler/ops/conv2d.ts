/**
 * CONV_2D on NHWC input with OHWI filters; grouped when the filter's input
 * depth divides the input depth. float32, int8 (per-channel weights, int32
 * bias) and 16x8 (int16 activations, int8 weights, int32 or int64 bias);
 * with `rounding: 'onnx'` also uint8/int8 with weight zero points, ONNX's
 * float requantization, or a raw int32 output (ConvInteger).
 *
 * The integer kernel is TFLite's ConvPerChannel: accumulate
 * (filter + filter_offset) · (input + input_offset) over the window, add the
 * bias, requantize per output channel (common/requantize.ts), clamp. Float
 * sums are rounded to float32 after every step so results match a C float
 * loop.
 */
import { elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { floatActivationRange } from './common/activation.js';
import { describeOp, requireDtype, requirePositive, requireRank } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { filterOffsetOf, finishFloat, finishQuantized, integerTypes, prepareIntegerOutput, type IntegerOutput } from './common/requantize.js';
import { convOutSize } from './common/spatial.js';
import { defineOp } from './op-def.js';
import { unpackedWeights } from '../quant/packing.js';

export interface ConvGeometry {
  batches: number;
  inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  padTop: number; padLeft: number;
}

export interface Conv2dPrepared extends ConvGeometry, IntegerOutput {
  dtype: 'f32' | 'i8' | 'u8' | 'i16';
  /** Input channels per group (the filter's inner dimension). */
  groupInC: number;
  hasBias: boolean;
}

/** The integer output fields of a float op (unused, but every prepared record has them). */
export const FLOAT_OUTPUT: Omit<IntegerOutput, 'actMin' | 'actMax'> = {
  requant: 'none', inputOffset: 0, filterOffsets: [0], outputOffset: 0, multipliers: [], shifts: [], scales: [], wideAccumulator: false, weightBits: 8,
};

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
    const a = op.attrs;
    const types = integerTypes(a.rounding);
    requireDtype(op, input, ['f32', ...types.inputs], 'input');
    const [batches, inH, inW, inC] = input.shape as [number, number, number, number];
    const [outC, kH, kW, groupInC] = filter.shape as [number, number, number, number];
    const geometry: ConvGeometry = {
      batches, inH, inW, inC, outH: output.shape[1]!, outW: output.shape[2]!, outC, kH, kW,
      strideH: a.strideH, strideW: a.strideW, dilationH: a.dilationH, dilationW: a.dilationW,
      padTop: a.pads.top, padLeft: a.pads.left,
    };
    const base = { ...geometry, groupInC, hasBias: bias !== undefined };
    if (input.dtype === 'f32') {
      requireDtype(op, filter, ['f32'], 'filter');
      const r = floatActivationRange(a.activation);
      return { ...base, ...FLOAT_OUTPUT, dtype: 'f32', actMin: r.min, actMax: r.max };
    }
    requireDtype(op, filter, types.weights, 'filter');
    if (bias) requireDtype(op, bias, input.dtype === 'i16' ? ['i32', 'i64'] : ['i32'], 'bias');
    const integer = prepareIntegerOutput({ input, weights: filter, output, channels: outC, activation: a.activation, rounding: a.rounding });
    return { ...base, ...integer, dtype: input.dtype as 'i8' | 'u8' | 'i16', wideAccumulator: bias?.dtype === 'i64' };
  },

  evalRef(p: Conv2dPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Float32Array | Int8Array | Int16Array;
    const isFloat = p.dtype === 'f32';
    const filter = isFloat ? (inputs[1] as Float32Array) : unpackedWeights(inputs[1]!, p.weightBits, p.outC * p.kH * p.kW * p.groupInC);
    const bias = inputs[2] as ArrayLike<number | bigint> | undefined;
    const out = outputs[0]!;
    const { inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, groupInC, inputOffset } = p;
    const outPerGroup = outC / (inC / groupInC);
    const fround = Math.fround;
    let o = 0;
    for (let b = 0; b < p.batches; b++) {
      for (let oy = 0; oy < outH; oy++) {
        const iy0 = oy * strideH - padTop;
        // Filter rows that land inside the image (the rest read zero padding).
        const ky0 = Math.max(0, Math.ceil(-iy0 / dilationH));
        const ky1 = Math.min(kH, Math.ceil((inH - iy0) / dilationH));
        for (let ox = 0; ox < outW; ox++) {
          const ix0 = ox * strideW - padLeft;
          const kx0 = Math.max(0, Math.ceil(-ix0 / dilationW));
          const kx1 = Math.min(kW, Math.ceil((inW - ix0) / dilationW));
          for (let oc = 0; oc < outC; oc++, o++) {
            const groupBase = Math.floor(oc / outPerGroup) * groupInC;
            const fo = isFloat ? 0 : filterOffsetOf(p, oc);
            let acc = 0;
            for (let ky = ky0; ky < ky1; ky++) {
              const rowBase = ((b * inH + iy0 + ky * dilationH) * inW + ix0) * inC + groupBase;
              const fRow = (oc * kH + ky) * kW;
              for (let kx = kx0; kx < kx1; kx++) {
                const inBase = rowBase + kx * dilationW * inC;
                const fBase = (fRow + kx) * groupInC;
                if (isFloat) {
                  for (let ic = 0; ic < groupInC; ic++) acc = fround(acc + fround(input[inBase + ic]! * filter[fBase + ic]!));
                } else {
                  for (let ic = 0; ic < groupInC; ic++) acc += (filter[fBase + ic]! + fo) * (input[inBase + ic]! + inputOffset);
                }
              }
            }
            out[o] = isFloat ? finishFloat(acc, bias, oc, p) : finishQuantized(acc, bias, oc, p);
          }
        }
      }
    }
  },

  cost(op: Op<'conv2d'>, g: Graph) {
    const out = outputAt(g, op);
    const filter = inputAt(g, op, 1);
    const [, kh, kw, fc] = filter.shape as [number, number, number, number];
    return ioCost(op, g, elementCount(out.shape) * kh * kw * fc);
  },
});
