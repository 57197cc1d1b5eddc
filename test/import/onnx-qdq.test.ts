/**
 * Which DequantizeLinear → op → QuantizeLinear groups become integer ops,
 * and which stay in float (where ONNX Runtime also leaves them unfused).
 * Numerics are checked against ONNX Runtime in test/onnx; here the shape of
 * the imported graph is checked.
 */
import test from 'ava';
import { importModel } from '../../compiler/import/index.js';
import type { Graph } from '../../compiler/ir/index.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { ONNX_TYPES, rawOf, writeOnnxModel, type NodeSpec, type TensorSpec } from '../../scripts/fixtures/onnx-writer.js';

const F = ONNX_TYPES.float;
const scalar = (name: string, type: number, value: number): TensorSpec => ({
  name, type, dims: [], raw: rawOf(type === F ? new Float32Array([value]) : type === ONNX_TYPES.int8 ? new Int8Array([value]) : new Uint8Array([value])),
});

interface Options {
  weightScales?: number;
  weightAxis?: number;
  secondReader?: boolean;
  poolOutputScale?: number;
}

/** x → Q → DQ → Conv(DQ(w)) → Q → DQ → MaxPool → Q → DQ → y, int8. */
function qdqModel(o: Options = {}): Graph {
  const channels = o.weightScales ?? 1;
  const init: TensorSpec[] = [
    scalar('s', F, 0.05), scalar('z', ONNX_TYPES.int8, 0), scalar('s2', F, o.poolOutputScale ?? 0.05),
    { name: 'w', type: ONNX_TYPES.int8, dims: [2, 2, 1, 1], raw: rawOf(new Int8Array([1, -2, 3, 4])) },
    { name: 'ws', type: F, dims: channels > 1 ? [channels] : [], raw: rawOf(new Float32Array(channels).fill(0.01)) },
    { name: 'wz', type: ONNX_TYPES.int8, dims: channels > 1 ? [channels] : [], raw: rawOf(new Int8Array(channels)) },
  ];
  const nodes: NodeSpec[] = [
    { op: 'QuantizeLinear', inputs: ['x', 's', 'z'], outputs: ['xq'] },
    { op: 'DequantizeLinear', inputs: ['xq', 's', 'z'], outputs: ['xd'] },
    { op: 'DequantizeLinear', inputs: ['w', 'ws', 'wz'], outputs: ['wd'], ...(o.weightAxis !== undefined ? { attrs: { axis: o.weightAxis } } : {}) },
    { op: 'Conv', inputs: ['xd', 'wd'], outputs: ['c'], name: 'conv' },
    { op: 'QuantizeLinear', inputs: ['c', 's', 'z'], outputs: ['cq'] },
    { op: 'DequantizeLinear', inputs: ['cq', 's', 'z'], outputs: ['cd'] },
    { op: 'MaxPool', inputs: ['cd'], outputs: ['p'], name: 'pool', attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
    { op: 'QuantizeLinear', inputs: ['p', 's2', 'z'], outputs: ['pq'] },
    { op: 'DequantizeLinear', inputs: ['pq', 's2', 'z'], outputs: ['y'] },
  ];
  const outputs = [{ name: 'y', type: F, dims: [1, 2, 2, 2] }];
  if (o.secondReader) {
    nodes.push({ op: 'Relu', inputs: ['c'], outputs: ['side'] });
    outputs.push({ name: 'side', type: F, dims: [1, 2, 4, 4] });
  }
  return runPipeline(importModel(writeOnnxModel({ opset: 13, nodes, initializers: init, inputs: [{ name: 'x', type: F, dims: [1, 2, 4, 4] }], outputs }), 'qdq'));
}

const kinds = (g: Graph): string[] => g.ops.map((op) => `${op.kind}:${g.tensors[op.outputs[0]!]!.dtype}`);

test('conv and max pool groups become integer ops with ONNX rounding', (t) => {
  const g = qdqModel({ weightScales: 2, weightAxis: 0 });
  t.deepEqual(kinds(g), ['quantize_linear:i8', 'transpose:i8', 'conv2d:i8', 'max_pool2d:i8', 'transpose:i8', 'dequantize:f32']);
  t.is((g.ops.find((op) => op.kind === 'conv2d')!.attrs as { rounding?: string }).rounding, 'onnx');
});

test('per-channel weights quantized along the wrong axis stay in float', (t) => {
  const g = qdqModel({ weightScales: 2 });
  t.true(g.ops.some((op) => op.kind === 'conv2d' && g.tensors[op.outputs[0]!]!.dtype === 'f32'));
});

test('a conv result read by more than its QuantizeLinear stays in float', (t) => {
  const g = qdqModel({ secondReader: true });
  t.true(g.ops.some((op) => op.kind === 'conv2d' && g.tensors[op.outputs[0]!]!.dtype === 'f32'));
});

test('max pool between different scales is not run on the integers', (t) => {
  const g = qdqModel({ poolOutputScale: 0.1 });
  t.true(g.ops.some((op) => op.kind === 'max_pool2d' && g.tensors[op.outputs[0]!]!.dtype === 'f32'));
  t.true(g.ops.some((op) => op.kind === 'conv2d' && g.tensors[op.outputs[0]!]!.dtype === 'i8'));
});
