/**
 * Random single-op int8 graphs for the target kernels' property tests:
 * convolutions, depthwise convolutions and fully connected layers with
 * seeded random geometry (odd channel counts, strides, padding, dilation,
 * depth multipliers, batches), per-channel or per-tensor scales — some
 * large enough for left shifts —, zero points anywhere in the int8 range,
 * with and without bias, and weights that sometimes reach −128 (or packed
 * int4 / int2 weights over their whole range). Each case
 * carries its inputs and the reference executor's outputs.
 */
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { elementCount, type FusedActivation, type Graph, type TensorData } from '../../compiler/ir/index.js';
import { packSubByte, type SubByteDType } from '../../compiler/quant/packing.js';
import { GraphBuilder, perTensor, Random, randomData } from './op-graphs.js';

export interface KernelCase {
  name: string;
  graph: Graph;
  /** Input and expected output bytes per run. */
  runs: Array<{ inputs: Uint8Array[]; outputs: Uint8Array[] }>;
}

const ACTIVATIONS: FusedActivation[] = ['none', 'relu', 'relu6', 'none'];

function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

/** Per-channel (or per-tensor) weight scales; now and then large, so some multipliers need a left shift. */
function weightScales(r: Random, channels: number): number[] {
  const big = r.next() < 0.15;
  const one = r.next() < 0.3;
  const scale = (): number => (big ? r.float(0.5, 4) : r.float(0.002, 0.03));
  return one ? [scale()] : Array.from({ length: channels }, scale);
}

/** Weight storage of a case: int8, or packed int4 / int2. */
export type CaseWeights = 'i8' | SubByteDType;

const WEIGHT_RANGES: Record<CaseWeights, [number, number]> = { i8: [-127, 127], i4: [-8, 7], i2: [-2, 1] };

/** Random weights of `dtype` (int8 now and then reaching −128; sub-byte ones packed). */
function weightsData(r: Random, count: number, dtype: CaseWeights = 'i8'): TensorData {
  const data = randomData(r, 'i8', count, WEIGHT_RANGES[dtype]) as Int8Array;
  if (dtype !== 'i8') return packSubByte(data, dtype);
  if (r.next() < 0.3) data[r.int(0, count - 1)] = -128;
  return data;
}

function withRuns(name: string, graph: Graph, r: Random, runs: number): KernelCase {
  const exec = new ReferenceExecutor(graph);
  const cases = Array.from({ length: runs }, () => {
    const inputs = graph.inputs.map((i) => randomData(r, 'i8', elementCount(graph.tensors[i]!.shape)));
    const outputs = exec.run(inputs.map((data, k) => ({ dtype: 'i8' as const, shape: graph.tensors[graph.inputs[k]!]!.shape, data })));
    return { inputs: inputs.map(bytesOf), outputs: outputs.map(bytesOf) };
  });
  return { name, graph, runs: cases };
}

/** A random int8 CONV_2D or DEPTHWISE_CONV_2D case. */
export function convCase(r: Random, index: number, depthwise: boolean, wt: CaseWeights = 'i8'): KernelCase {
  const g = new GraphBuilder();
  const batches = r.next() < 0.15 ? 2 : 1;
  const kH = r.int(1, 5);
  const kW = r.next() < 0.3 ? 1 : r.int(1, 5);
  const drawn = r.next() < 0.15 ? [r.int(1, 2), r.int(1, 2)] : [1, 1];
  // Sub-byte depthwise cases stay undilated: that is the configuration the DSP kernel takes them in.
  const dilation = depthwise && wt !== 'i8' ? [1, 1] : drawn;
  const stride = [r.int(1, 3), r.int(1, 3)];
  const inC = depthwise ? r.int(1, 13) : r.next() < 0.3 ? 8 * r.int(1, 6) : r.int(1, 37);
  const multiplier = depthwise ? (r.next() < 0.3 ? [2, 3, 4, 8][r.int(0, 3)]! : 1) : 1;
  const outC = depthwise ? inC * multiplier : r.int(1, 21);
  const pad = (k: number, d: number): [number, number] => {
    const total = r.next() < 0.4 ? 0 : r.int(0, (k - 1) * d);
    const before = r.int(0, total);
    return [before, total - before];
  };
  const [top, bottom] = pad(kH, dilation[0]!);
  const [left, right] = pad(kW, dilation[1]!);
  // At least one output row and column.
  const inH = r.int(Math.max(1, (kH - 1) * dilation[0]! + 1 - top - bottom), 11);
  const inW = r.int(Math.max(1, (kW - 1) * dilation[1]! + 1 - left - right), 11);
  const inScale = r.float(0.01, 0.1);
  const x = g.input('i8', [batches, inH, inW, inC], perTensor(inScale, r.int(-128, 127)));
  const fShape = depthwise ? [1, kH, kW, outC] : [outC, kH, kW, inC];
  const scales = weightScales(r, outC);
  const f = g.constant(wt, fShape, weightsData(r, elementCount(fShape), wt), { scale: scales.map(Math.fround), zeroPoint: new Array<number>(scales.length).fill(0), axis: depthwise ? 3 : 0 });
  const inputs = [x, f];
  if (r.next() < 0.8) inputs.push(g.constant('i32', [outC], randomData(r, 'i32', outC, [-30000, 30000])));
  const taps = depthwise ? kH * kW : kH * kW * inC;
  const outScale = inScale * (scales[0] ?? 0.02) * Math.sqrt(taps) * r.float(20, 60);
  const attrs = {
    pads: { top, bottom, left, right }, strideH: stride[0]!, strideW: stride[1]!, dilationH: dilation[0]!, dilationW: dilation[1]!,
    activation: ACTIVATIONS[r.int(0, ACTIVATIONS.length - 1)]!,
  };
  const outQ = perTensor(outScale, r.int(-128, 127));
  const out = depthwise
    ? g.op('depthwise_conv2d', { ...attrs, depthMultiplier: multiplier }, inputs, { dtype: 'i8', quant: outQ })
    : g.op('conv2d', attrs, inputs, { dtype: 'i8', quant: outQ });
  return withRuns(`${depthwise ? 'dw' : 'conv'}${index}`, g.graph(`${depthwise ? 'dw' : 'conv'}${index}`, [out]), r, 2);
}

/** A random int8 FULLY_CONNECTED case. */
export function denseCase(r: Random, index: number, wt: CaseWeights = 'i8'): KernelCase {
  const g = new GraphBuilder();
  const batches = r.next() < 0.6 ? 1 : r.int(2, 5);
  const depth = r.next() < 0.3 ? 16 * r.int(1, 8) : r.int(1, 70);
  const units = r.int(1, 20);
  const inScale = r.float(0.01, 0.1);
  const x = g.input('i8', [batches, depth], perTensor(inScale, r.int(-128, 127)));
  const scales = r.next() < 0.5 ? [r.float(0.002, 0.03)] : weightScales(r, units);
  const w = g.constant(wt, [units, depth], weightsData(r, units * depth, wt), { scale: scales.map(Math.fround), zeroPoint: new Array<number>(scales.length).fill(0), axis: 0 });
  const inputs = [x, w];
  if (r.next() < 0.8) inputs.push(g.constant('i32', [units], randomData(r, 'i32', units, [-30000, 30000])));
  const outQ = perTensor(inScale * scales[0]! * Math.sqrt(depth) * r.float(20, 60), r.int(-128, 127));
  const out = g.op('fully_connected', { activation: ACTIVATIONS[r.int(0, ACTIVATIONS.length - 1)]!, keepNumDims: false }, inputs, { dtype: 'i8', quant: outQ });
  return withRuns(`fc${index}`, g.graph(`fc${index}`, [out]), r, 2);
}

/** `count` cases of each kind from one seed, with weights stored as `wt`. */
export function kernelCases(seed: number, count: { conv: number; depthwise: number; dense: number }, wt: CaseWeights = 'i8'): KernelCase[] {
  const r = new Random(seed);
  const tag = wt === 'i8' ? '' : wt;
  const named = (c: KernelCase): KernelCase => (tag ? { ...c, name: `${c.name}${tag}`, graph: { ...c.graph, name: `${c.graph.name}${tag}` } } : c);
  return [
    ...Array.from({ length: count.conv }, (_, i) => named(convCase(r, i, false, wt))),
    ...Array.from({ length: count.depthwise }, (_, i) => named(convCase(r, i, true, wt))),
    ...Array.from({ length: count.dense }, (_, i) => named(denseCase(r, i, wt))),
  ];
}
