/**
 * The graph rewrite float → quantized: given int8 parameters for every
 * activation (plan-params.ts) and a weight width per layer, it builds the
 * graph the existing int8 kernels run unchanged.
 *
 * - activations become int8 tensors with their planned parameters;
 * - weights become per-channel symmetric int8/int4/int2 constants, biases
 *   int32 constants with scale s_in · s_w[c];
 * - other float constants (an ADD's constant operand, say) become per-tensor
 *   int8 — with the input's parameters for ops that do not rescale;
 * - with float I/O, QUANTIZE ops are placed after the inputs and DEQUANTIZE
 *   ops before the outputs, so the model keeps its float interface (the
 *   int8 tensors are then named `<name>_int8`); with int8 I/O the graph's
 *   inputs and outputs are the int8 tensors themselves.
 *
 * Tensors are kept at their float indices while rewriting (so per-layer
 * comparisons can pair them), then unused ones are dropped; `tensorMap`
 * tells where each float tensor ended up.
 */
import { elementCount, fail, verifyGraph, type AnyOp, type Graph, type QuantParams, type Tensor } from '../ir/index.js';
import { asymmetricParams } from './activation-params.js';
import { roundHalfAway } from './fixed-point.js';
import { QUANT_RULES, type WeightSlot } from './rules.js';
import { correctedBias, tapCoverage, type LayerGeometry } from './bias-correction.js';
import { dequantizeWeights, minWeightScales, quantizeBias, quantizeWeights, weightImportance, type QuantizedWeights, type WeightBits } from './weights.js';

export interface RewriteOptions {
  /** Weight width of the layer at this op index. */
  weightBits(opIndex: number): WeightBits;
  io: 'float' | 'int8';
  /** Per-channel weights for fully-connected layers too (else per-tensor, as older TFLite converters did). */
  perChannelDense: boolean;
  /** Memo of quantized weights by key `op:bits`, shared between rewrites of one model. */
  cache?: Map<string, QuantizedWeights>;
  /**
   * Mean input per channel of each layer (from calibration): when given,
   * every layer's bias is corrected for the systematic shift its weight
   * rounding causes (bias-correction.ts) — large at 4 and 2 bits, and still
   * worth a dB or two of output SQNR at 8.
   */
  inputMeans?: Map<number, Float64Array>;
  /** Input variance per channel of each layer: weights the 4-/2-bit scale search by what each weight multiplies. */
  inputVariances?: Map<number, Float64Array>;
}

export interface RewriteResult {
  graph: Graph;
  /** Index in the quantized graph of each float tensor, or -1 when it was dropped. */
  tensorMap: number[];
  /** Index in the quantized graph of each float op. */
  opMap: number[];
}

export function rewriteQuantized(g: Graph, params: ReadonlyArray<QuantParams | undefined>, options: RewriteOptions): RewriteResult {
  const tensors: Tensor[] = g.tensors.map((t, i) => {
    const p = params[i];
    return p ? { name: t.name, dtype: 'i8', shape: t.shape.slice(), quant: p } : { ...t };
  });
  const add = (t: Tensor): number => tensors.push(t) - 1;
  const ops: AnyOp[] = [];

  g.ops.forEach((op, index) => {
    const rule = QUANT_RULES[op.kind];
    const inputs = op.inputs.slice();
    const w = rule.weights;
    if (w) quantizeLayer({ g, params, options, add }, op, index, w, inputs);
    // Remaining float constants: per-tensor int8 (the input's parameters when the op does not rescale).
    op.inputs.forEach((idx, k) => {
      const t = g.tensors[idx];
      if (idx < 0 || !t || t.data === undefined || t.dtype !== 'f32' || inputs[k] !== idx) return;
      const shareInput = rule.output.kind === 'same' || rule.output.kind === 'shared';
      const inputParams = shareInput ? params[op.inputs[0]!] : undefined;
      inputs[k] = add(quantizeConstant(t, inputParams));
    });
    ops.push({ ...op, inputs, outputs: op.outputs.slice(), attrs: op.attrs } as AnyOp);
  });

  let opOffset = 0;
  let graphInputs = g.inputs.slice();
  let graphOutputs = g.outputs.slice();
  if (options.io === 'float') {
    const front: AnyOp[] = [];
    graphInputs = g.inputs.map((i) => {
      const t = tensors[i]!;
      if (g.tensors[i]!.dtype !== 'f32') return i;
      const external = add({ name: t.name, dtype: 'f32', shape: t.shape.slice() });
      t.name = `${t.name}_int8`;
      front.push({ kind: 'quantize', name: t.name, inputs: [external], outputs: [i], attrs: {}, source: 'QUANTIZE' });
      return external;
    });
    graphOutputs = g.outputs.map((i) => {
      const t = tensors[i]!;
      if (g.tensors[i]!.dtype !== 'f32') return i;
      const external = add({ name: t.name, dtype: 'f32', shape: t.shape.slice() });
      t.name = `${t.name}_int8`;
      ops.push({ kind: 'dequantize', name: g.tensors[i]!.name, inputs: [i], outputs: [external], attrs: {}, source: 'DEQUANTIZE' });
      return external;
    });
    ops.unshift(...front);
    opOffset = front.length;
  }
  const result = compact({ name: g.name, source: g.source, tensors, ops, inputs: graphInputs, outputs: graphOutputs }, g.tensors.length);
  return { ...result, opMap: g.ops.map((_, i) => i + opOffset) };
}

interface RewriteContext {
  g: Graph;
  params: ReadonlyArray<QuantParams | undefined>;
  options: RewriteOptions;
  add(t: Tensor): number;
}

/**
 * A layer's weights at its width (per channel, scales raised where the bias
 * needs it, sub-byte scales searched with each weight's importance) and its
 * int32 bias (bias-corrected when input means are known), written into the
 * op's `inputs`.
 */
function quantizeLayer(ctx: RewriteContext, op: AnyOp, index: number, w: WeightSlot, inputs: number[]): void {
  const { g, params, options, add } = ctx;
  const weights = g.tensors[op.inputs[w.input]!]!;
  if (weights.data === undefined || weights.dtype !== 'f32') {
    fail('quant/non-constant-weights', `op ${index} (${op.kind} '${op.name}'): weights '${weights.name}' are not a float32 constant`, { opIndex: index, tensor: weights.name });
  }
  const bits = options.weightBits(index);
  const perTensor = op.kind === 'fully_connected' && !options.perChannelDense;
  const biasIndex = op.inputs[w.bias] ?? -1;
  const bias = biasIndex >= 0 ? g.tensors[biasIndex]! : undefined;
  if (bias && (bias.data === undefined || bias.dtype !== 'f32')) {
    fail('quant/non-constant-weights', `op ${index} (${op.kind} '${op.name}'): bias '${bias.name}' is not a float32 constant`, { opIndex: index, tensor: bias.name });
  }
  const inScale = params[op.inputs[0]!]?.scale[0] ?? 1;
  const coverage = convCoverage(op, g);
  const variance = options.inputVariances?.get(index);
  const key = `${index}:${bits}:${perTensor ? 't' : 'c'}`;
  let q = options.cache?.get(key);
  if (!q) {
    const shape = perTensor ? [1, elementCount(weights.shape)] : weights.shape;
    const channels = perTensor ? 1 : weights.shape[w.axis]!;
    const biasData = bias?.data as Float32Array | undefined;
    const floor = perTensor ? [Math.max(0, ...minWeightScales(biasData, inScale, biasData?.length ?? 0))] : minWeightScales(biasData, inScale, channels);
    const importance = variance && bits < 8 ? weightImportance(op.kind, weights.shape, variance, coverage) : undefined;
    q = quantizeWeights(weights.data as Float32Array, shape, perTensor ? 0 : w.axis, bits, floor, importance);
    options.cache?.set(key, q);
  }
  inputs[w.input] = add({ name: weights.name, dtype: q.dtype, shape: weights.shape.slice(), quant: q.quant, data: q.data });
  let biasValues = bias?.data as Float32Array | undefined;
  const mean = options.inputMeans?.get(index);
  if (mean) {
    const input = g.tensors[op.inputs[0]!]!;
    const geometry: LayerGeometry = { kind: op.kind, weightShape: weights.shape, inputChannels: op.kind === 'fully_connected' ? mean.length : input.shape[input.shape.length - 1]! };
    if (coverage) geometry.tapCoverage = coverage;
    biasValues = correctedBias(geometry, weights.data as Float32Array, dequantizeWeights(q, perTensor ? [1, elementCount(weights.shape)] : weights.shape), mean, biasValues);
  }
  if (biasValues) {
    const b = quantizeBias(biasValues, inScale, q.quant.scale);
    inputs[w.bias] = add({ name: bias?.name ?? `${op.name}/bias`, dtype: 'i32', shape: [biasValues.length], quant: b.quant, data: b.data });
  }
}

/** For convolutions, the share of output positions where each filter tap reads the image. */
function convCoverage(op: AnyOp, g: Graph): Float64Array | undefined {
  if (op.kind !== 'conv2d' && op.kind !== 'depthwise_conv2d') return undefined;
  const a = op.attrs;
  const input = g.tensors[op.inputs[0]!]!;
  const weights = g.tensors[op.inputs[1]!]!;
  const out = g.tensors[op.outputs[0]!]!;
  return tapCoverage({
    inH: input.shape[1]!, inW: input.shape[2]!, outH: out.shape[1]!, outW: out.shape[2]!, kH: weights.shape[1]!, kW: weights.shape[2]!,
    strideH: a.strideH, strideW: a.strideW, dilationH: a.dilationH, dilationW: a.dilationW, padTop: a.pads.top, padLeft: a.pads.left,
  });
}

/** A float constant as per-tensor int8: with given parameters, or from its own range. */
function quantizeConstant(t: Tensor, params: QuantParams | undefined): Tensor {
  const data = t.data as Float32Array;
  let min = 0;
  let max = 0;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const quant = params ?? asymmetricParams({ min, max });
  const s = quant.scale[0]!;
  const zp = quant.zeroPoint[0]!;
  const q = new Int8Array(data.length);
  data.forEach((v, i) => {
    const r = roundHalfAway(v / s) + zp;
    q[i] = r < -128 ? -128 : r > 127 ? 127 : r;
  });
  return { name: t.name, dtype: 'i8', shape: t.shape.slice(), quant, data: q };
}

/** Drops tensors nothing refers to; returns the map from old indices (the first `floatCount` are the float graph's). */
function compact(g: Graph, floatCount: number): Omit<RewriteResult, 'opMap'> {
  const used = new Uint8Array(g.tensors.length);
  for (const op of g.ops) for (const i of [...op.inputs, ...op.outputs]) if (i >= 0) used[i] = 1;
  for (const i of [...g.inputs, ...g.outputs]) used[i] = 1;
  const map = new Array<number>(g.tensors.length).fill(-1);
  const tensors: Tensor[] = [];
  g.tensors.forEach((t, i) => {
    if (used[i]) map[i] = tensors.push(t) - 1;
  });
  const remap = (i: number): number => (i < 0 ? i : map[i]!);
  const graph: Graph = {
    ...g,
    tensors,
    ops: g.ops.map((op) => ({ ...op, inputs: op.inputs.map(remap), outputs: op.outputs.map(remap) }) as AnyOp),
    inputs: g.inputs.map(remap),
    outputs: g.outputs.map(remap),
  };
  verifyGraph(graph);
  return { graph, tensorMap: map.slice(0, floatCount) };
}
