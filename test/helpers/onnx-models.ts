/**
 * Small ONNX models with seeded random weights for differential tests
 * against ONNX Runtime: a float CNN (conv, batch norm, depthwise conv, clip,
 * pooling, hard swish, gemm, softmax), a float residual block with a
 * transpose convolution and a matmul, and a uint8 QDQ network (conv + relu,
 * residual add, max pool, gemm) in the form ONNX Runtime's quantizer writes.
 */
import { roundHalfEven } from '../../compiler/quant/float-requant.js';
import { ONNX_TYPES, rawOf, writeOnnxModel, type NodeSpec, type TensorSpec } from '../../scripts/fixtures/onnx-writer.js';

/** mulberry32: a small deterministic PRNG, uniform in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uniform(rand: () => number, count: number, lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: count }, () => lo + (hi - lo) * rand());
}

const F = ONNX_TYPES.float;
const count = (dims: number[]): number => dims.reduce((n, d) => n * d, 1);

class Weights {
  readonly tensors: TensorSpec[] = [];
  constructor(private readonly rand: () => number) {}
  float(name: string, dims: number[], lo = -0.5, hi = 0.5): string {
    this.tensors.push({ name, type: F, dims, raw: rawOf(uniform(this.rand, count(dims), lo, hi)) });
    return name;
  }
  values(name: string, type: number, dims: number[], data: ArrayBufferView): string {
    this.tensors.push({ name, type, dims, raw: rawOf(data) });
    return name;
  }
}

export interface TestModel {
  bytes: Uint8Array;
  inputShape: number[];
}

export function floatCnn(): TestModel {
  const w = new Weights(random(1));
  const nodes: NodeSpec[] = [
    { op: 'Conv', inputs: ['x', w.float('w1', [8, 3, 3, 3]), w.float('b1', [8])], outputs: ['c1'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'BatchNormalization', inputs: ['c1', w.float('bn_scale', [8], 0.5, 1.5), w.float('bn_bias', [8]), w.float('bn_mean', [8]), w.float('bn_var', [8], 0.5, 2)], outputs: ['bn'] },
    { op: 'Relu', inputs: ['bn'], outputs: ['r1'] },
    { op: 'Conv', inputs: ['r1', w.float('w2', [8, 1, 3, 3]), w.float('b2', [8])], outputs: ['c2'], attrs: { group: 8, strides: [2, 2], pads: [1, 1, 1, 1] } },
    { op: 'Clip', inputs: ['c2', w.values('lo', F, [], new Float32Array([0])), w.values('hi', F, [], new Float32Array([6]))], outputs: ['r2'] },
    { op: 'AveragePool', inputs: ['r2'], outputs: ['p'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
    { op: 'Conv', inputs: ['p', w.float('w3', [16, 8, 1, 1])], outputs: ['c3'] },
    { op: 'HardSwish', inputs: ['c3'], outputs: ['h'] },
    { op: 'GlobalAveragePool', inputs: ['h'], outputs: ['g'] },
    { op: 'Flatten', inputs: ['g'], outputs: ['f'] },
    { op: 'Gemm', inputs: ['f', w.float('fc_w', [10, 16]), w.float('fc_b', [10])], outputs: ['logits'], attrs: { transB: 1 } },
    { op: 'Softmax', inputs: ['logits'], outputs: ['y'] },
  ];
  return {
    bytes: writeOnnxModel({ opset: 14, nodes, initializers: w.tensors, inputs: [{ name: 'x', type: F, dims: [1, 3, 16, 16] }], outputs: [{ name: 'y', type: F, dims: [1, 10] }] }),
    inputShape: [1, 3, 16, 16],
  };
}

export function floatResidual(): TestModel {
  const w = new Weights(random(2));
  const nodes: NodeSpec[] = [
    { op: 'Conv', inputs: ['x', w.float('w1', [4, 4, 3, 3])], outputs: ['a'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['a'], outputs: ['ar'] },
    { op: 'Conv', inputs: ['ar', w.float('w2', [4, 4, 3, 3]), w.float('b2', [4])], outputs: ['b'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'Add', inputs: ['b', 'x'], outputs: ['s'] },
    { op: 'Relu', inputs: ['s'], outputs: ['sr'] },
    { op: 'MaxPool', inputs: ['sr'], outputs: ['m'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
    { op: 'ConvTranspose', inputs: ['m', w.float('wt', [4, 2, 2, 2]), w.float('bt', [2])], outputs: ['u'], attrs: { strides: [2, 2] } },
    { op: 'Sigmoid', inputs: ['u'], outputs: ['y'] },
    { op: 'Reshape', inputs: ['y', w.values('shape', ONNX_TYPES.int64, [3], new BigInt64Array([1n, 2n, 64n]))], outputs: ['flat'] },
    { op: 'MatMul', inputs: ['flat', w.float('mm', [64, 5])], outputs: ['z'] },
  ];
  return {
    bytes: writeOnnxModel({ opset: 13, nodes, initializers: w.tensors, inputs: [{ name: 'x', type: F, dims: [1, 4, 8, 8] }], outputs: [{ name: 'z', type: F, dims: [1, 2, 5] }] }),
    inputShape: [1, 4, 8, 8],
  };
}

/** uint8 activations, int8 weights (per channel for convs), int32 biases: QDQ as ONNX Runtime's quantizer emits it. */
export function qdqResidual(): TestModel {
  const rand = random(3);
  const w = new Weights(rand);
  const nodes: NodeSpec[] = [];
  const params = new Map<string, [string, string]>();
  const act = (name: string, scale: number, zp: number): [string, string] => {
    const known = params.get(name);
    if (known) return known;
    const p: [string, string] = [w.values(`${name}_s`, F, [], new Float32Array([scale])), w.values(`${name}_z`, ONNX_TYPES.uint8, [], new Uint8Array([zp]))];
    params.set(name, p);
    return p;
  };
  const qdq = (x: string, p: [string, string], name: string): string => {
    nodes.push({ op: 'QuantizeLinear', inputs: [x, ...p], outputs: [`${name}_q`] }, { op: 'DequantizeLinear', inputs: [`${name}_q`, ...p], outputs: [`${name}_dq`] });
    return `${name}_dq`;
  };
  const weights = (name: string, dims: number[], perChannel: boolean, inScale: number): { w: string; b: string } => {
    const channels = dims[0]!;
    const real = uniform(rand, count(dims), -0.5, 0.5);
    const scales = Float32Array.from({ length: perChannel ? channels : 1 }, () => Math.fround(0.5 / 127));
    const per = count(dims) / channels;
    const q = Int8Array.from(real, (v, i) => Math.max(-127, Math.min(127, roundHalfEven(v / scales[perChannel ? Math.floor(i / per) : 0]!))));
    const bScale = Float32Array.from({ length: channels }, (_, c) => Math.fround(inScale * scales[perChannel ? c : 0]!));
    const bias = Int32Array.from({ length: channels }, (_, c) => roundHalfEven((rand() - 0.5) / bScale[c]!));
    w.values(`${name}_w`, ONNX_TYPES.int8, dims, q);
    w.values(`${name}_ws`, F, perChannel ? [channels] : [], scales);
    w.values(`${name}_wz`, ONNX_TYPES.int8, perChannel ? [channels] : [], new Int8Array(scales.length));
    w.values(`${name}_b`, ONNX_TYPES.int32, [channels], bias);
    w.values(`${name}_bs`, F, [channels], bScale);
    w.values(`${name}_bz`, ONNX_TYPES.int32, [channels], new Int32Array(channels));
    nodes.push(
      { op: 'DequantizeLinear', inputs: [`${name}_w`, `${name}_ws`, `${name}_wz`], outputs: [`${name}_wdq`], attrs: { axis: 0 } },
      { op: 'DequantizeLinear', inputs: [`${name}_b`, `${name}_bs`, `${name}_bz`], outputs: [`${name}_bdq`], attrs: { axis: 0 } },
    );
    return { w: `${name}_wdq`, b: `${name}_bdq` };
  };
  const xs = 1 / 127;
  let x = qdq('x', act('in', xs, 128), 'in');
  const c1 = weights('conv1', [4, 4, 3, 3], true, xs);
  nodes.push({ op: 'Conv', inputs: [x, c1.w, c1.b], outputs: ['c1'], attrs: { pads: [1, 1, 1, 1] } }, { op: 'Relu', inputs: ['c1'], outputs: ['r1'] });
  const a = qdq('r1', act('a', 4 / 255, 0), 'a');
  const c2 = weights('conv2', [4, 4, 3, 3], true, 4 / 255);
  nodes.push({ op: 'Conv', inputs: [a, c2.w, c2.b], outputs: ['c2'], attrs: { pads: [1, 1, 1, 1] } });
  const b = qdq('c2', act('b', 8 / 255, 128), 'b');
  nodes.push({ op: 'Add', inputs: [a, b], outputs: ['s'] });
  x = qdq('s', act('s', 10 / 255, 100), 's');
  nodes.push({ op: 'MaxPool', inputs: [x], outputs: ['m'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } });
  x = qdq('m', act('s', 10 / 255, 100), 'm');
  nodes.push({ op: 'Flatten', inputs: [x], outputs: ['f'] });
  x = qdq('f', act('s', 10 / 255, 100), 'f');
  const fc = weights('fc', [10, 64], false, 10 / 255);
  nodes.push({ op: 'Gemm', inputs: [x, fc.w, fc.b], outputs: ['g'], attrs: { transB: 1 } });
  const out = act('out', 16 / 255, 128);
  nodes.push({ op: 'QuantizeLinear', inputs: ['g', ...out], outputs: ['g_q'] }, { op: 'DequantizeLinear', inputs: ['g_q', ...out], outputs: ['y'] });
  return {
    bytes: writeOnnxModel({ opset: 13, nodes, initializers: w.tensors, inputs: [{ name: 'x', type: F, dims: [1, 4, 8, 8] }], outputs: [{ name: 'y', type: F, dims: [1, 10] }] }),
    inputShape: [1, 4, 8, 8],
  };
}
