/**
 * The SIMD output stage of every int8 conv, depthwise conv and fully
 * connected op of a graph, built as the wasm kernels build it (input offset
 * folded into the bias, accumulator bounds and ranges, int8 weights offered
 * for scale folding): for the requantization tests on real layers and the
 * dev script that lists each layer's form and fitted channels.
 */
import type { Graph, Op } from '../../compiler/ir/index.js';
import type { IntegerOutput } from '../../compiler/ops/common/requantize.js';
import { OPS } from '../../compiler/ops/registry.js';
import {
  accumulatorBounds, accumulatorRanges, foldedBiases, simdOutputStage,
  type AccumulatorRange, type ChannelWeights, type SimdOutputStage,
} from '../../compiler/emit-wasm/kernels/simd-requant-records.js';

/** One op's output stage and what it was built from. */
export interface OpOutputStage {
  opIndex: number;
  op: Op;
  prepared: IntegerOutput;
  /** Bias with the input offset folded in: x = accumulator + this. */
  biases: number[];
  ranges: AccumulatorRange[];
  stage: SimdOutputStage;
}

/** Channels, weight layout and whether the kernel takes a partly folded scale (`foldShift`), per op kind (int8 weights only). */
const SHAPES: Record<string, (p: Record<string, number>) => { channels: number; depth: number; layout: ChannelWeights['layout']; foldShift: boolean }> = {
  conv2d: (p) => ({ channels: p['outC']!, depth: p['kH']! * p['kW']! * p['inC']!, layout: 'channel-major', foldShift: true }),
  depthwise_conv2d: (p) => ({ channels: p['outC']!, depth: p['kH']! * p['kW']!, layout: 'tap-major', foldShift: false }),
  fully_connected: (p) => ({ channels: p['units']!, depth: p['depth']!, layout: 'channel-major', foldShift: true }),
};

/**
 * The output stages of the graph's int8-weight ops with int8/uint8
 * activations that the SIMD requantization takes; `floatRounding` false
 * leaves out the float-rounding form, as a kernel without it would build them.
 */
export function opOutputStages(g: Graph, floatRounding = true): OpOutputStage[] {
  const stages: OpOutputStage[] = [];
  g.ops.forEach((op, opIndex) => {
    const shape = SHAPES[op.kind];
    const weights = g.tensors[op.inputs[1]!]?.data;
    if (!shape || !(weights instanceof Int8Array)) return;
    const prepared = OPS[op.kind].prepare(op as never, g) as unknown as IntegerOutput & { dtype: string } & Record<string, number>;
    if ((prepared.dtype !== 'i8' && prepared.dtype !== 'u8') || prepared.requant !== 'fixed') return;
    const { foldShift, ...layout } = shape(prepared);
    const w: ChannelWeights = { weights, ...layout };
    const biasIndex = op.inputs[2];
    const bias = biasIndex !== undefined && biasIndex >= 0 ? g.tensors[biasIndex]!.data : undefined;
    const biasValues = bias instanceof Int32Array ? bias : undefined;
    const unsigned = prepared.dtype === 'u8';
    const biases = foldedBiases(w, biasValues, prepared.inputOffset);
    const ranges = accumulatorRanges(w, biasValues, prepared.inputOffset, unsigned);
    const bounds = accumulatorBounds(w, biasValues, prepared.inputOffset, unsigned);
    const stage = simdOutputStage(prepared, biases, w.channels, g.tensors[op.outputs[0]!]!.dtype, { bounds, foldable: w, ranges, foldShift, floatRounding });
    if (stage) stages.push({ opIndex, op, prepared, biases, ranges, stage });
  });
  return stages;
}
