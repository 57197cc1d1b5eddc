/**
 * TRANSPOSE_CONV (a.k.a. deconvolution) on NHWC input with an OHWI filter.
 * Inputs in the IR: [input, filter, bias?]; the output shape is the output
 * tensor's. Each input pixel scatters filter · (input + input_offset) into
 * the output window it covers (TFLite's reference "scatter" loop), then each
 * output accumulator gets the bias and the per-channel requantization.
 * float32, int8 and 16x8 (int64 bias).
 */
import { elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { floatActivationRange } from './common/activation.js';
import { describeOp, requireDtype, requirePositive, requireRank } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { finishFloat, finishQuantized, prepareIntegerOutput, type IntegerOutput } from './common/requantize.js';
import { FLOAT_OUTPUT } from './conv2d.js';
import { defineOp } from './op-def.js';

export interface TransposeConv2dPrepared extends IntegerOutput {
  dtype: 'f32' | 'i8' | 'i16';
  batches: number;
  inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  padTop: number; padLeft: number;
  hasBias: boolean;
}

export const transposeConv2d = defineOp({
  kind: 'transpose_conv2d',

  inferShapes(op: Op<'transpose_conv2d'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    const output = outputAt(g, op);
    requireRank(op, input, 4, 'input');
    requireRank(op, filter, 4, 'filter');
    if (filter.shape[3] !== input.shape[3]) {
      fail('shape/mismatch', `${describeOp(op)}: filter depth ${filter.shape[3]} differs from input depth ${input.shape[3]}`, { tensor: filter.name });
    }
    requirePositive(op, { strideH: op.attrs.strideH, strideW: op.attrs.strideW });
    // The output size is a choice of the model (several sizes map to one input size).
    const a = op.attrs;
    const [n, h, w] = input.shape as [number, number, number];
    const outH = output.shape[1] ?? (h - 1) * a.strideH + filter.shape[1]! - a.pads.top - a.pads.bottom;
    const outW = output.shape[2] ?? (w - 1) * a.strideW + filter.shape[2]! - a.pads.left - a.pads.right;
    return [[n, outH, outW, filter.shape[0]!]];
  },

  prepare(op: Op<'transpose_conv2d'>, g: Graph): TransposeConv2dPrepared {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    const bias = optionalInput(g, op, 2);
    const output = outputAt(g, op);
    requireDtype(op, input, ['f32', 'i8', 'i16'], 'input');
    const [batches, inH, inW, inC] = input.shape as [number, number, number, number];
    const [outC, kH, kW] = filter.shape as [number, number, number];
    const a = op.attrs;
    const base = {
      batches, inH, inW, inC, outH: output.shape[1]!, outW: output.shape[2]!, outC, kH, kW,
      strideH: a.strideH, strideW: a.strideW, padTop: a.pads.top, padLeft: a.pads.left,
      hasBias: bias !== undefined,
    };
    if (input.dtype === 'f32') {
      requireDtype(op, filter, ['f32'], 'filter');
      const r = floatActivationRange(a.activation);
      return { ...base, ...FLOAT_OUTPUT, dtype: 'f32', actMin: r.min, actMax: r.max };
    }
    requireDtype(op, filter, ['i8'], 'filter');
    if (bias) requireDtype(op, bias, input.dtype === 'i16' ? ['i16', 'i32', 'i64'] : ['i32'], 'bias');
    const integer = prepareIntegerOutput({ input, weights: filter, output, channels: outC, activation: a.activation, rounding: undefined });
    // TFLite's 16x8 transpose conv always accumulates in int64, whatever the bias type.
    return { ...base, ...integer, dtype: input.dtype as 'i8' | 'i16', wideAccumulator: input.dtype === 'i16' };
  },

  evalRef(p: TransposeConv2dPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Float32Array | Int8Array | Int16Array;
    const filter = inputs[1] as Float32Array | Int8Array;
    const bias = inputs[2] as ArrayLike<number | bigint> | undefined;
    const out = outputs[0]!;
    const isFloat = p.dtype === 'f32';
    const scratch = new Float64Array(p.batches * p.outH * p.outW * p.outC);
    for (let b = 0; b < p.batches; b++) {
      for (let iy = 0; iy < p.inH; iy++) {
        for (let ix = 0; ix < p.inW; ix++) {
          for (let ic = 0; ic < p.inC; ic++) {
            const raw = input[((b * p.inH + iy) * p.inW + ix) * p.inC + ic]!;
            const iv = isFloat ? raw : raw + p.inputOffset;
            const oy0 = iy * p.strideH - p.padTop;
            const ox0 = ix * p.strideW - p.padLeft;
            for (let ky = 0; ky < p.kH; ky++) {
              const oy = oy0 + ky;
              if (oy < 0 || oy >= p.outH) continue;
              for (let kx = 0; kx < p.kW; kx++) {
                const ox = ox0 + kx;
                if (ox < 0 || ox >= p.outW) continue;
                const oBase = ((b * p.outH + oy) * p.outW + ox) * p.outC;
                for (let oc = 0; oc < p.outC; oc++) {
                  const fv = filter[((oc * p.kH + ky) * p.kW + kx) * p.inC + ic]!;
                  scratch[oBase + oc] = isFloat ? Math.fround(scratch[oBase + oc]! + Math.fround(iv * fv)) : scratch[oBase + oc]! + iv * fv;
                }
              }
            }
          }
        }
      }
    }
    for (let i = 0; i < scratch.length; i++) {
      const oc = i % p.outC;
      out[i] = isFloat ? finishFloat(scratch[i]!, bias, oc, p) : finishQuantized(scratch[i]!, bias, oc, p);
    }
  },

  cost(op: Op<'transpose_conv2d'>, g: Graph) {
    const filter = inputAt(g, op, 1);
    return ioCost(op, g, elementCount(inputAt(g, op, 0).shape) * filter.shape[0]! * filter.shape[1]! * filter.shape[2]!);
  },
});
