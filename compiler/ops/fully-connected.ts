/**
 * FULLY_CONNECTED: out[b, o] = Σ_d in[b, d] · w[o, d] + bias[o], with the
 * input flattened to [batches, depth]. float32; int8 with per-tensor or
 * per-channel weights (TFLite's FullyConnected / FullyConnectedPerChannel);
 * 16x8 with an int64 bias; with `rounding: 'onnx'` uint8/int8 with weight
 * zero points and ONNX's float requantization (QLinearMatMul, QDQ Gemm) or a
 * raw int32 output (MatMulInteger).
 *
 * The TFLite per-tensor multiplier is float32(input_scale · filter_scale) /
 * output_scale in double, as TFLite computes it; per-channel weights use the
 * convolution formula (all in double).
 */
import { elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { floatActivationRange } from './common/activation.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { filterOffsetOf, finishFloat, finishQuantized, integerTypes, prepareIntegerOutput, type IntegerOutput } from './common/requantize.js';
import { FLOAT_OUTPUT } from './conv2d.js';
import { defineOp } from './op-def.js';
import { unpackedWeights } from '../quant/packing.js';

export interface FullyConnectedPrepared extends IntegerOutput {
  dtype: 'f32' | 'i8' | 'u8' | 'i16';
  batches: number;
  depth: number;
  units: number;
  hasBias: boolean;
}

export const fullyConnected = defineOp({
  kind: 'fully_connected',

  inferShapes(op: Op<'fully_connected'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const weights = inputAt(g, op, 1);
    if (weights.shape.length !== 2) {
      fail('shape/mismatch', `${describeOp(op)}: weights '${weights.name}' must be 2-D [units, depth], got [${weights.shape.join(',')}]`, { tensor: weights.name });
    }
    const [units, depth] = weights.shape as [number, number];
    const total = elementCount(input.shape);
    if (depth === 0 || total % depth !== 0) {
      fail('shape/mismatch', `${describeOp(op)}: input [${input.shape.join(',')}] does not flatten to rows of ${depth}`, { tensor: input.name });
    }
    if (op.attrs.keepNumDims) return [[...input.shape.slice(0, -1), units]];
    return [[total / depth, units]];
  },

  prepare(op: Op<'fully_connected'>, g: Graph): FullyConnectedPrepared {
    const input = inputAt(g, op, 0);
    const weights = inputAt(g, op, 1);
    const bias = optionalInput(g, op, 2);
    const output = outputAt(g, op);
    const types = integerTypes(op.attrs.rounding);
    requireDtype(op, input, ['f32', ...types.inputs], 'input');
    const [units, depth] = weights.shape as [number, number];
    const batches = elementCount(input.shape) / depth;
    const base = { batches, depth, units, hasBias: bias !== undefined };
    if (input.dtype === 'f32') {
      requireDtype(op, weights, ['f32'], 'weights');
      const r = floatActivationRange(op.attrs.activation);
      return { ...base, ...FLOAT_OUTPUT, dtype: 'f32', actMin: r.min, actMax: r.max };
    }
    requireDtype(op, weights, types.weights, 'weights');
    if (bias) requireDtype(op, bias, input.dtype === 'i16' ? ['i32', 'i64'] : ['i32'], 'bias');
    const perChannel = (weights.quant?.scale.length ?? 1) > 1;
    const integer = prepareIntegerOutput({
      input, weights, output, channels: perChannel ? units : 1, activation: op.attrs.activation, rounding: op.attrs.rounding,
      productInFloat32: !perChannel, useWeightZeroPoint: true,
    });
    return { ...base, ...integer, dtype: input.dtype as 'i8' | 'u8' | 'i16', wideAccumulator: bias?.dtype === 'i64' };
  },

  evalRef(p: FullyConnectedPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Float32Array | Int8Array | Int16Array;
    const weights = p.dtype === 'f32' ? (inputs[1] as Float32Array) : unpackedWeights(inputs[1]!, p.weightBits, p.units * p.depth);
    const bias = inputs[2] as ArrayLike<number | bigint> | undefined;
    const out = outputs[0]!;
    for (let b = 0; b < p.batches; b++) {
      const inBase = b * p.depth;
      for (let u = 0; u < p.units; u++) {
        const wBase = u * p.depth;
        let acc = 0;
        if (p.dtype === 'f32') {
          for (let d = 0; d < p.depth; d++) acc = Math.fround(acc + Math.fround(input[inBase + d]! * weights[wBase + d]!));
          out[b * p.units + u] = finishFloat(acc, bias, u, p);
        } else {
          const fo = filterOffsetOf(p, u);
          for (let d = 0; d < p.depth; d++) acc += (weights[wBase + d]! + fo) * (input[inBase + d]! + p.inputOffset);
          out[b * p.units + u] = finishQuantized(acc, bias, u, p);
        }
      }
    }
  },

  cost(op: Op<'fully_connected'>, g: Graph) {
    // Each of the batches × units outputs takes `depth` multiply-adds.
    const [units, depth] = inputAt(g, op, 1).shape as [number, number];
    return ioCost(op, g, (elementCount(inputAt(g, op, 0).shape) / depth) * units * depth);
  },
});
