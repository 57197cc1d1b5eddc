/**
 * DEPTHWISE_CONV_2D on NHWC input with a [1, H, W, C·M] filter: output
 * channel c·M + m sees only input channel c. float32 and int8 with
 * per-channel weights (TFLite's DepthwiseConvPerChannel), and 16x8.
 * Filters may be int4 or int2 (packed, low bits first): unpacked once, then
 * the int8 arithmetic. Float and integer loops are separate functions so
 * each stays monomorphic in V8.
 */
import { elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { unpackedWeights, weightBits } from '../quant/packing.js';
import { floatActivationRange, quantizedActivationRange } from './common/activation.js';
import { describeOp, requireDtype, requirePositive, requireRank } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { perChannelMultipliers } from './common/quant-params.js';
import { convOutSize } from './common/spatial.js';
import { finishFloat, finishQuantized, type ConvGeometry } from './conv2d.js';
import { defineOp } from './op-def.js';

export interface DepthwiseConv2dPrepared extends ConvGeometry {
  dtype: 'f32' | 'i8' | 'i16';
  depthMultiplier: number;
  /** Bits per filter element: 8, or 4/2 for packed sub-byte weights. */
  filterBits: 8 | 4 | 2;
  hasBias: boolean;
  inputOffset: number;
  outputOffset: number;
  multipliers: number[];
  shifts: number[];
  wideAccumulator: boolean;
  actMin: number;
  actMax: number;
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
    requireDtype(op, input, ['f32', 'i8', 'i16'], 'input');
    const [batches, inH, inW, inC] = input.shape as [number, number, number, number];
    const [, kH, kW, outC] = filter.shape as [number, number, number, number];
    const a = op.attrs;
    const base = {
      batches, inH, inW, inC, outH: output.shape[1]!, outW: output.shape[2]!, outC, kH, kW,
      strideH: a.strideH, strideW: a.strideW, dilationH: a.dilationH, dilationW: a.dilationW,
      padTop: a.pads.top, padLeft: a.pads.left,
      depthMultiplier: outC / inC, filterBits: 8 as const, hasBias: bias !== undefined, wideAccumulator: false,
    };
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

  evalRef(p: DepthwiseConv2dPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    if (p.dtype === 'f32') {
      evalDepthwiseFloat(p, inputs[0] as Float32Array, inputs[1] as Float32Array, inputs[2], outputs[0] as Float32Array);
    } else {
      const filter = unpackedWeights(inputs[1]!, p.filterBits, p.kH * p.kW * p.outC);
      evalDepthwiseInteger(p, inputs[0] as Int8Array | Int16Array, filter, inputs[2], outputs[0] as Int8Array | Int16Array);
    }
  },

  cost(op: Op<'depthwise_conv2d'>, g: Graph) {
    const filter = inputAt(g, op, 1);
    return ioCost(op, g, elementCount(outputAt(g, op).shape) * filter.shape[1]! * filter.shape[2]!);
  },
});

function evalDepthwiseFloat(p: DepthwiseConv2dPrepared, input: Float32Array, filter: Float32Array, bias: TensorData | undefined, out: Float32Array): void {
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
            let acc = 0;
            for (let ky = 0; ky < p.kH; ky++) {
              const iy = iy0 + ky * p.dilationH;
              if (iy < 0 || iy >= p.inH) continue;
              for (let kx = 0; kx < p.kW; kx++) {
                const ix = ix0 + kx * p.dilationW;
                if (ix < 0 || ix >= p.inW) continue;
                const iv = input[((b * p.inH + iy) * p.inW + ix) * p.inC + ic]!;
                acc = Math.fround(acc + Math.fround(iv * filter[(ky * p.kW + kx) * p.outC + oc]!));
              }
            }
            out[oBase + oc] = finishFloat(acc, bias, oc, p);
          }
        }
      }
    }
  }
}

function evalDepthwiseInteger(p: DepthwiseConv2dPrepared, input: Int8Array | Int16Array, filter: Int8Array, bias: TensorData | undefined, out: Int8Array | Int16Array): void {
  const dm = p.depthMultiplier;
  const inputOffset = p.inputOffset;
  for (let b = 0; b < p.batches; b++) {
    for (let oy = 0; oy < p.outH; oy++) {
      const iy0 = oy * p.strideH - p.padTop;
      for (let ox = 0; ox < p.outW; ox++) {
        const ix0 = ox * p.strideW - p.padLeft;
        const oBase = ((b * p.outH + oy) * p.outW + ox) * p.outC;
        for (let ic = 0; ic < p.inC; ic++) {
          for (let m = 0; m < dm; m++) {
            const oc = ic * dm + m;
            let acc = 0;
            for (let ky = 0; ky < p.kH; ky++) {
              const iy = iy0 + ky * p.dilationH;
              if (iy < 0 || iy >= p.inH) continue;
              for (let kx = 0; kx < p.kW; kx++) {
                const ix = ix0 + kx * p.dilationW;
                if (ix < 0 || ix >= p.inW) continue;
                const iv = input[((b * p.inH + iy) * p.inW + ix) * p.inC + ic]!;
                acc += filter[(ky * p.kW + kx) * p.outC + oc]! * (iv + inputOffset);
              }
            }
            out[oBase + oc] = finishQuantized(acc, bias, oc, p);
          }
        }
      }
    }
  }
}
