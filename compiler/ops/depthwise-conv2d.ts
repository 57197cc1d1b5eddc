/**
 * DEPTHWISE_CONV_2D on NHWC input with a [1, H, W, C·M] filter: output
 * channel c·M + m sees only input channel c. float32 and int8 with
 * per-channel weights (TFLite's DepthwiseConvPerChannel), and 16x8; with
 * `rounding: 'onnx'` uint8/int8 with ONNX's requantization (conv2d.ts).
 */
import { elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { floatActivationRange } from './common/activation.js';
import { describeOp, requireDtype, requirePositive, requireRank } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { filterOffsetOf, finishFloat, finishQuantized, integerTypes, prepareIntegerOutput, type IntegerOutput } from './common/requantize.js';
import { convOutSize } from './common/spatial.js';
import { FLOAT_OUTPUT, type ConvGeometry } from './conv2d.js';
import { defineOp } from './op-def.js';
import { unpackedWeights } from '../quant/packing.js';

export interface DepthwiseConv2dPrepared extends ConvGeometry, IntegerOutput {
  dtype: 'f32' | 'i8' | 'u8' | 'i16';
  depthMultiplier: number;
  hasBias: boolean;
}

/**
 * A depthwise filter's values, [taps][channels] as the tensor holds them
 * ([1][kH][kW][C]), rearranged to [channels][taps]: each channel's window
 * together, as a convolution filter over one input channel lays it out.
 */
export function channelMajorFilter<T extends TensorData>(filter: T, channels: number, taps: number): T {
  const out = new (filter.constructor as new (n: number) => T)(filter.length);
  for (let t = 0; t < taps; t++) for (let c = 0; c < channels; c++) out[c * taps + t] = filter[t * channels + c]!;
  return out;
}

export const depthwiseConv2d = defineOp({
  kind: 'depthwise_conv2d',

  inferShapes(op: Op<'depthwise_conv2d'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    requireRank(op, input, 4, 'input');
    requireRank(op, filter, 4, 'filter');
    const [n, h, w, c] = input.shape as [number, number, number, number];
    const [one, kh, kw, oc] = filter.shape as [number, number, number, number];
    if (one !== 1 || c === 0 || oc % c !== 0) {
      fail('shape/mismatch', `${describeOp(op)}: filter [${filter.shape.join(',')}] does not fit input depth ${c}`, { tensor: filter.name });
    }
    requirePositive(op, { strideH: op.attrs.strideH, strideW: op.attrs.strideW, dilationH: op.attrs.dilationH, dilationW: op.attrs.dilationW });
    const a = op.attrs;
    return [[n, convOutSize(h, kh, a.strideH, a.dilationH, a.pads.top, a.pads.bottom), convOutSize(w, kw, a.strideW, a.dilationW, a.pads.left, a.pads.right), oc]];
  },

  prepare(op: Op<'depthwise_conv2d'>, g: Graph): DepthwiseConv2dPrepared {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    const bias = optionalInput(g, op, 2);
    const output = outputAt(g, op);
    const a = op.attrs;
    const types = integerTypes(a.rounding);
    requireDtype(op, input, ['f32', ...types.inputs], 'input');
    const [batches, inH, inW, inC] = input.shape as [number, number, number, number];
    const [, kH, kW, outC] = filter.shape as [number, number, number, number];
    const base = {
      batches, inH, inW, inC, outH: output.shape[1]!, outW: output.shape[2]!, outC, kH, kW,
      strideH: a.strideH, strideW: a.strideW, dilationH: a.dilationH, dilationW: a.dilationW,
      padTop: a.pads.top, padLeft: a.pads.left,
      depthMultiplier: outC / inC, hasBias: bias !== undefined,
    };
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

  evalRef(p: DepthwiseConv2dPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Float32Array | Int8Array | Int16Array;
    const isFloat = p.dtype === 'f32';
    const filter = isFloat ? (inputs[1] as Float32Array) : unpackedWeights(inputs[1]!, p.weightBits, p.kH * p.kW * p.outC);
    const bias = inputs[2] as ArrayLike<number | bigint> | undefined;
    const out = outputs[0]!;
    const dm = p.depthMultiplier;
    for (let b = 0; b < p.batches; b++) {
      for (let oy = 0; oy < p.outH; oy++) {
        const iy0 = oy * p.strideH - p.padTop;
        for (let ox = 0; ox < p.outW; ox++) {
          const ix0 = ox * p.strideW - p.padLeft;
          const oBase = ((b * p.outH + oy) * p.outW + ox) * p.outC;
          for (let ic = 0; ic < p.inC; ic++) {
            for (let m = 0; m < dm; m++) {
              const oc = ic * dm + m;
              const fo = isFloat ? 0 : filterOffsetOf(p, oc);
              let acc = 0;
              for (let ky = 0; ky < p.kH; ky++) {
                const iy = iy0 + ky * p.dilationH;
                if (iy < 0 || iy >= p.inH) continue;
                for (let kx = 0; kx < p.kW; kx++) {
                  const ix = ix0 + kx * p.dilationW;
                  if (ix < 0 || ix >= p.inW) continue;
                  const iv = input[((b * p.inH + iy) * p.inW + ix) * p.inC + ic]!;
                  const fv = filter[(ky * p.kW + kx) * p.outC + oc]!;
                  acc = isFloat ? Math.fround(acc + Math.fround(iv * fv)) : acc + (fv + fo) * (iv + p.inputOffset);
                }
              }
              out[oBase + oc] = isFloat ? finishFloat(acc, bias, oc, p) : finishQuantized(acc, bias, oc, p);
            }
          }
        }
      }
    }
  },

  cost(op: Op<'depthwise_conv2d'>, g: Graph) {
    const filter = inputAt(g, op, 1);
    return ioCost(op, g, elementCount(outputAt(g, op).shape) * filter.shape[1]! * filter.shape[2]!);
  },
});
