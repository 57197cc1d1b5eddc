/**
 * The float clean-up before quantization, on a small graph shaped like an
 * ONNX export: a bias ADD after a convolution, a separate RELU, and
 * fully-connected weights computed by a RESHAPE of a constant. Folding must
 * leave the float results unchanged, and the folded graph must quantize.
 */
import test from 'ava';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { AnyOp, Graph, Tensor } from '../../compiler/ir/index.js';
import { foldForQuantization } from '../../compiler/quant/fold.js';
import { quantizeModel } from '../../compiler/quant/quantize-model.js';
import type { Sample } from '../../compiler/quant/calibrate.js';
import { prng } from '../helpers/quant-data.js';

function onnxLikeGraph(): Graph {
  const rand = prng(7);
  const floats = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => (rand() - 0.5) * scale);
  const tensors: Tensor[] = [
    { name: 'x', dtype: 'f32', shape: [1, 6, 6, 2] },
    { name: 'conv_w', dtype: 'f32', shape: [4, 3, 3, 2], data: floats(72, 1) },
    { name: 'conv_out', dtype: 'f32', shape: [1, 6, 6, 4] },
    { name: 'conv_b', dtype: 'f32', shape: [4], data: floats(4, 0.5) },
    { name: 'biased', dtype: 'f32', shape: [1, 6, 6, 4] },
    { name: 'act', dtype: 'f32', shape: [1, 6, 6, 4] },
    { name: 'flat', dtype: 'f32', shape: [1, 144] },
    { name: 'fc_w_raw', dtype: 'f32', shape: [3, 144, 1], data: floats(432, 0.2) },
    { name: 'fc_w', dtype: 'f32', shape: [3, 144] },
    { name: 'y', dtype: 'f32', shape: [1, 3] },
  ];
  const pads = { top: 1, left: 1, bottom: 1, right: 1 };
  const ops = [
    { kind: 'conv2d', name: 'conv', inputs: [0, 1, -1], outputs: [2], attrs: { pads, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'none' } },
    { kind: 'add', name: 'bias', inputs: [2, 3], outputs: [4], attrs: { activation: 'none', potScaleInt16: true } },
    { kind: 'relu', name: 'relu', inputs: [4], outputs: [5], attrs: {} },
    { kind: 'reshape', name: 'flatten', inputs: [5], outputs: [6], attrs: {} },
    { kind: 'reshape', name: 'weights', inputs: [7], outputs: [8], attrs: {} },
    { kind: 'fully_connected', name: 'fc', inputs: [6, 8, -1], outputs: [9], attrs: { activation: 'none', keepNumDims: false } },
  ] as AnyOp[];
  return { name: 'onnx-like', source: 'test', tensors, ops, inputs: [0], outputs: [9] };
}

const samples = (n: number, seed: number): Sample[] => {
  const rand = prng(seed);
  return Array.from({ length: n }, () => [{ dtype: 'f32', shape: [1, 6, 6, 2], data: Float32Array.from({ length: 72 }, () => rand() * 2 - 1) }]);
};

test('bias adds, relus and constant reshapes fold away without changing float results', (t) => {
  const g = onnxLikeGraph();
  const folded = foldForQuantization(g);
  t.deepEqual(folded.ops.map((o) => o.kind), ['conv2d', 'reshape', 'fully_connected']);
  const conv = folded.ops[0]! as AnyOp & { kind: 'conv2d' };
  t.is(conv.attrs.activation, 'relu');
  t.deepEqual(Array.from(folded.tensors[conv.inputs[2]!]!.data as Float32Array), Array.from(g.tensors[3]!.data as Float32Array));
  t.truthy(folded.tensors[8]!.data, 'the reshaped weights are a constant');
  const a = new ReferenceExecutor(g);
  const b = new ReferenceExecutor(folded);
  for (const s of samples(5, 1)) t.deepEqual(Array.from(b.run(s)[0] as Float32Array), Array.from(a.run(s)[0] as Float32Array));
  t.is(g.ops.length, 6, 'the input graph is not changed');
});

test('the ONNX-like graph quantizes to int8 conv and fully-connected kernels', (t) => {
  const { graph, report } = quantizeModel(onnxLikeGraph(), samples(32, 2), { mode: 'int8', evalSamples: samples(50, 3) });
  t.deepEqual(graph.ops.map((o) => o.kind), ['quantize', 'conv2d', 'reshape', 'fully_connected', 'dequantize']);
  t.true(report.outputs[0]!.stats.sqnrDb! > 25, `SQNR ${report.outputs[0]!.stats.sqnrDb}`);
});
