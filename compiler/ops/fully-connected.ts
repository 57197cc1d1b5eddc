/**
 * FULLY_CONNECTED: out[b, o] = Σ_d in[b, d] · w[o, d] + bias[o], with the
 * input flattened to [batches, depth]. float32; int8 with per-tensor or
 * per-channel weights (TFLite's FullyConnected / FullyConnectedPerChannel);
 * 16x8 with an int64 bias. Weights may be int4 or int2 (packed, low bits
 * first): unpacked once, then the int8 arithmetic.
 *
 * The per-tensor multiplier is float32(input_scale · filter_scale) /
 * output_scale in double, as TFLite computes it; per-channel weights use the
 * convolution formula (all in double).
 */
import { elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { unpackedWeights, weightBits } from '../quant/packing.js';
import { floatActivationRange, quantizedActivationRange } from './common/activation.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { perChannelMultipliers } from './common/quant-params.js';
import { finishFloat, requantize } from './conv2d.js';
import { defineOp } from './op-def.js';

export interface FullyConnectedPrepared {
  dtype: 'f32' | 'i8' | 'i16';
  batches: number;
  depth: number;
  units: number;
  /** Bits per weight element: 8, or 4/2 for packed sub-byte weights. */
  weightBits: 8 | 4 | 2;
  hasBias: boolean;
  inputOffset: number;
  filterOffset: number;
  outputOffset: number;
  /** One entry for per-tensor weights, one per unit for per-channel. */
  multipliers: number[];
  shifts: number[];
  wideAccumulator: boolean;
  actMin: number;
  actMax: number;
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
    requireDtype(op, input, ['f32', 'i8', 'i16'], 'input');
    const [units, depth] = weights.shape as [number, number];
    const batches = elementCount(input.shape) / depth;
    const base = { batches, depth, units, weightBits: 8 as const, hasBias: bias !== undefined };
    if (input.dtype === 'f32') {
      requireDtype(op, weights, ['f32'], 'weights');
      const r = floatActivationRange(op.attrs.activation);
      return { ...base, dtype: 'f32', inputOffset: 0, filterOffset: 0, outputOffset: 0, multipliers: [], shifts: [], wideAccumulator: false, actMin: r.min, actMax: r.max };
    }
    requireDtype(op, weights, ['i8', 'i4', 'i2'], 'weights');
    if (bias) requireDtype(op, bias, input.dtype === 'i16' ? ['i32', 'i64'] : ['i32'], 'bias');
    const perChannel = (weights.quant?.scale.length ?? 1) > 1;
    const { multipliers, shifts } = perChannelMultipliers(input, weights, output, perChannel ? units : 1, !perChannel);
    const r = quantizedActivationRange(op.attrs.activation, output);
    return {
      ...base,
      weightBits: weightBits(weights.dtype),
      dtype: input.dtype as 'i8' | 'i16',
      inputOffset: -(input.quant?.zeroPoint[0] ?? 0),
      filterOffset: -(weights.quant?.zeroPoint[0] ?? 0),
      outputOffset: output.quant?.zeroPoint[0] ?? 0,
      multipliers, shifts,
      wideAccumulator: bias?.dtype === 'i64',
      actMin: r.min, actMax: r.max,
    };
  },

  evalRef(p: FullyConnectedPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    if (p.dtype === 'f32') {
      evalFloat(p, inputs[0] as Float32Array, inputs[1] as Float32Array, inputs[2], outputs[0] as Float32Array);
    } else {
      const weights = unpackedWeights(inputs[1]!, p.weightBits, p.units * p.depth);
      evalInteger(p, inputs[0] as Int8Array | Int16Array, weights, inputs[2], outputs[0] as Int8Array | Int16Array);
    }
  },

  cost(op: Op<'fully_connected'>, g: Graph) {
    const w = inputAt(g, op, 1);
    return ioCost(op, g, (elementCount(inputAt(g, op, 0).shape) / w.shape[1]!) * w.shape[0]!);
  },
});

function evalFloat(p: FullyConnectedPrepared, input: Float32Array, weights: Float32Array, bias: TensorData | undefined, out: Float32Array): void {
  for (let b = 0; b < p.batches; b++) {
    const inBase = b * p.depth;
    for (let u = 0; u < p.units; u++) {
      const wBase = u * p.depth;
      let acc = 0;
      for (let d = 0; d < p.depth; d++) acc = Math.fround(acc + Math.fround(input[inBase + d]! * weights[wBase + d]!));
      out[b * p.units + u] = finishFloat(acc, bias, u, p);
    }
  }
}

function evalInteger(p: FullyConnectedPrepared, input: Int8Array | Int16Array, weights: Int8Array, bias: TensorData | undefined, out: Int8Array | Int16Array): void {
  const perChannel = p.multipliers.length > 1;
  for (let b = 0; b < p.batches; b++) {
    const inBase = b * p.depth;
    for (let u = 0; u < p.units; u++) {
      const wBase = u * p.depth;
      let acc = 0;
      for (let d = 0; d < p.depth; d++) acc += (weights[wBase + d]! + p.filterOffset) * (input[inBase + d]! + p.inputOffset);
      if (bias) acc += Number(bias[u]!);
      const c = perChannel ? u : 0;
      out[b * p.units + u] = requantize(acc, p.multipliers[c]!, p.shifts[c]!, p);
    }
  }
}
