/**
 * Operators whose inputs moved between attributes and inputs across opsets
 * (Clip bounds, Pad pads, Slice starts/ends, Squeeze/Unsqueeze axes,
 * ReduceMean axes), or whose meaning changed (Softmax before opset 13
 * normalises the flattened trailing block, as does LogSoftmax; Reshape's
 * allowzero), and operators Ingot lowers at import, each in its
 * old and new form, run by Ingot and by ONNX Runtime on the same input.
 */
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { ONNX_TYPES, rawOf, writeOnnxModel, type NodeSpec, type TensorSpec } from '../../scripts/fixtures/onnx-writer.js';
import { random, uniform } from '../helpers/onnx-models.js';
import { ortSession } from '../helpers/onnxruntime.js';

const F = ONNX_TYPES.float;
const i64 = (name: string, values: number[]): TensorSpec => ({ name, type: ONNX_TYPES.int64, dims: [values.length], raw: rawOf(BigInt64Array.from(values, BigInt)) });
const fsc = (name: string, values: number[]): TensorSpec => ({ name, type: F, dims: [values.length], raw: rawOf(new Float32Array(values)) });
const f32 = (name: string, values: number[]): TensorSpec => ({ name, type: F, dims: [], raw: rawOf(new Float32Array(values)) });

interface Form {
  name: string;
  opset: number;
  node: NodeSpec;
  initializers?: TensorSpec[];
  input: number[];
}

const FORMS: Form[] = [
  { name: 'Clip-6 attributes', opset: 7, node: { op: 'Clip', inputs: ['x'], outputs: ['y'], attrs: { min: { float: -0.3 }, max: { float: 0.4 } } }, input: [2, 3, 4] },
  { name: 'Clip-13 inputs', opset: 13, node: { op: 'Clip', inputs: ['x', 'lo', 'hi'], outputs: ['y'] }, initializers: [f32('lo', [-0.3]), f32('hi', [0.4])], input: [2, 3, 4] },
  { name: 'Clip-13 max only', opset: 13, node: { op: 'Clip', inputs: ['x', '', 'hi'], outputs: ['y'] }, initializers: [f32('hi', [0.1])], input: [2, 3, 4] },
  { name: 'Pad-2 attributes', opset: 7, node: { op: 'Pad', inputs: ['x'], outputs: ['y'], attrs: { pads: [0, 1, 2, 0, 2, 1], value: { float: 0.5 } } }, input: [2, 3, 4] },
  { name: 'Pad-13 inputs', opset: 13, node: { op: 'Pad', inputs: ['x', 'pads', 'v'], outputs: ['y'] }, initializers: [i64('pads', [0, 1, 2, 0, 2, 1]), f32('v', [0.5])], input: [2, 3, 4] },
  { name: 'Slice-1 attributes', opset: 7, node: { op: 'Slice', inputs: ['x'], outputs: ['y'], attrs: { starts: [1, -3], ends: [1000, -1], axes: [0, 2] } }, input: [3, 4, 5] },
  { name: 'Slice-13 inputs with a negative step', opset: 13, node: { op: 'Slice', inputs: ['x', 's', 'e', 'a', 'st'], outputs: ['y'] }, initializers: [i64('s', [-1, 0]), i64('e', [-1000, 5]), i64('a', [2, 1]), i64('st', [-2, 2])], input: [3, 4, 5] },
  { name: 'Squeeze-11 attribute', opset: 11, node: { op: 'Squeeze', inputs: ['x'], outputs: ['y'], attrs: { axes: [-3] } }, input: [2, 1, 3, 4] },
  { name: 'Squeeze-13 input', opset: 13, node: { op: 'Squeeze', inputs: ['x', 'a'], outputs: ['y'] }, initializers: [i64('a', [1])], input: [2, 1, 3, 4] },
  { name: 'Unsqueeze-11 attribute', opset: 11, node: { op: 'Unsqueeze', inputs: ['x'], outputs: ['y'], attrs: { axes: [0, 3] } }, input: [2, 3] },
  { name: 'Unsqueeze-13 input', opset: 13, node: { op: 'Unsqueeze', inputs: ['x', 'a'], outputs: ['y'] }, initializers: [i64('a', [-1, 1])], input: [2, 3] },
  { name: 'Softmax-11 flattens from axis 1', opset: 11, node: { op: 'Softmax', inputs: ['x'], outputs: ['y'] }, input: [2, 3, 4] },
  { name: 'Softmax-13 on axis 1 only', opset: 13, node: { op: 'Softmax', inputs: ['x'], outputs: ['y'], attrs: { axis: 1 } }, input: [2, 3, 4] },
  { name: 'ReduceMean-13 attribute', opset: 13, node: { op: 'ReduceMean', inputs: ['x'], outputs: ['y'], attrs: { axes: [1], keepdims: 0 } }, input: [2, 3, 4] },
  { name: 'ReduceMean-18 input', opset: 18, node: { op: 'ReduceMean', inputs: ['x', 'a'], outputs: ['y'], attrs: { keepdims: 1 } }, initializers: [i64('a', [-1])], input: [2, 3, 4] },
  { name: 'Reshape-14 copies a 0 dim', opset: 14, node: { op: 'Reshape', inputs: ['x', 's'], outputs: ['y'] }, initializers: [i64('s', [0, -1])], input: [2, 3, 4] },
  { name: 'LogSoftmax-11 flattens from axis 1', opset: 11, node: { op: 'LogSoftmax', inputs: ['x'], outputs: ['y'] }, input: [2, 3, 4] },
  { name: 'LogSoftmax-13 on axis 1 only', opset: 13, node: { op: 'LogSoftmax', inputs: ['x'], outputs: ['y'], attrs: { axis: 1 } }, input: [2, 3, 4] },
  { name: 'ReduceLogSumExp-13 attribute', opset: 13, node: { op: 'ReduceLogSumExp', inputs: ['x'], outputs: ['y'], attrs: { axes: [1], keepdims: 0 } }, input: [2, 3, 4] },
  { name: 'ReduceLogSumExp-18 input', opset: 18, node: { op: 'ReduceLogSumExp', inputs: ['x', 'a'], outputs: ['y'], attrs: { keepdims: 1 } }, initializers: [i64('a', [-1, 0])], input: [2, 3, 4] },
  { name: 'ReduceL2-18 over every axis', opset: 18, node: { op: 'ReduceL2', inputs: ['x'], outputs: ['y'], attrs: { keepdims: 0 } }, input: [2, 3, 4] },
  { name: 'Resize-13 linear half_pixel ×2', opset: 13, node: { op: 'Resize', inputs: ['x', '', 'sc'], outputs: ['y'], attrs: { mode: 'linear' } }, initializers: [fsc('sc', [1, 1, 2, 2])], input: [1, 3, 4, 5] },
  { name: 'Resize-11 nearest asymmetric floor ×1.5', opset: 11, node: { op: 'Resize', inputs: ['x', 'roi', 'sc'], outputs: ['y'], attrs: { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' } }, initializers: [fsc('roi', []), fsc('sc', [1, 1, 1.5, 1.5])], input: [1, 2, 4, 6] },
  { name: 'Resize-13 cubic align_corners to sizes', opset: 13, node: { op: 'Resize', inputs: ['x', '', '', 'sz'], outputs: ['y'], attrs: { mode: 'cubic', coordinate_transformation_mode: 'align_corners' } }, initializers: [i64('sz', [1, 2, 7, 3])], input: [1, 2, 5, 6] },
  { name: 'Pow-13 squared (a LayerNorm decomposition)', opset: 13, node: { op: 'Pow', inputs: ['x', 'e'], outputs: ['y'] }, initializers: [f32('e', [2])], input: [2, 3, 4] },
  { name: 'Pow-13 cubed (a GELU approximation)', opset: 13, node: { op: 'Pow', inputs: ['x', 'e'], outputs: ['y'] }, initializers: [f32('e', [3])], input: [2, 3, 4] },
  { name: 'Pow-7 to the minus one half', opset: 7, node: { op: 'Pow', inputs: ['x', 'e'], outputs: ['y'] }, initializers: [f32('e', [-0.5])], input: [2, 3, 4] },
  { name: 'CumSum-14 along axis 1', opset: 14, node: { op: 'CumSum', inputs: ['x', 'ax'], outputs: ['y'] }, initializers: [{ name: 'ax', type: ONNX_TYPES.int64, dims: [], raw: rawOf(BigInt64Array.from([1n])) }], input: [2, 5, 3] },
  { name: 'CumSum-14 exclusive and reversed along the last axis', opset: 14, node: { op: 'CumSum', inputs: ['x', 'ax'], outputs: ['y'], attrs: { exclusive: 1, reverse: 1 } }, initializers: [{ name: 'ax', type: ONNX_TYPES.int64, dims: [], raw: rawOf(BigInt64Array.from([-1n])) }], input: [3, 6] },
  { name: 'Upsample-9 nearest ×2 ×3', opset: 9, node: { op: 'Upsample', inputs: ['x', 'sc'], outputs: ['y'], attrs: { mode: 'nearest' } }, initializers: [fsc('sc', [1, 1, 2, 3])], input: [1, 2, 3, 4] },
  { name: 'GroupNormalization-18 with one scale per group', opset: 18, node: { op: 'GroupNormalization', inputs: ['x', 'gs', 'gb'], outputs: ['y'], attrs: { num_groups: 2 } }, initializers: [fsc('gs', [0.5, 2]), fsc('gb', [0.25, -1])], input: [2, 4, 3, 3] },
  { name: 'InstanceNormalization-7', opset: 7, node: { op: 'InstanceNormalization', inputs: ['x', 'is', 'ib'], outputs: ['y'], attrs: { epsilon: { float: 0.01 } } }, initializers: [fsc('is', [0.5, 2, -1]), fsc('ib', [0.25, -1, 3])], input: [2, 3, 4, 5] },
  { name: 'DepthToSpace-13 CRD', opset: 13, node: { op: 'DepthToSpace', inputs: ['x'], outputs: ['y'], attrs: { blocksize: 2, mode: 'CRD' } }, input: [1, 8, 2, 3] },
  { name: 'Dropout-7 at inference', opset: 7, node: { op: 'Dropout', inputs: ['x'], outputs: ['y'], attrs: { ratio: { float: 0.5 } } }, input: [2, 3] },
  { name: 'Gemm-7 with alpha, beta and a row bias', opset: 7, node: { op: 'Gemm', inputs: ['x', 'b', 'c'], outputs: ['y'], attrs: { alpha: { float: 0.5 }, beta: { float: 2 }, transA: 1 } }, initializers: [{ name: 'b', type: F, dims: [2, 3], raw: rawOf(uniform(random(9), 6, -1, 1)) }, { name: 'c', type: F, dims: [1, 3], raw: rawOf(uniform(random(8), 3, -1, 1)) }], input: [2, 4] },
];

for (const form of FORMS) {
  test(`${form.name} (opset ${form.opset}) matches ONNX Runtime`, async (t) => {
    const bytes = writeOnnxModel({ opset: form.opset, nodes: [form.node], initializers: form.initializers ?? [], inputs: [{ name: 'x', type: F, dims: form.input }], outputs: [{ name: 'y', type: F }] });
    const path = join(mkdtempSync(join(tmpdir(), 'ingot-opset-')), 'm.onnx');
    writeFileSync(path, bytes);
    const x = uniform(random(form.opset), form.input.reduce((a, d) => a * d, 1), -1, 1);
    const graph = runPipeline(importModel(bytes, form.name));
    const ours = new ReferenceExecutor(graph).run([{ dtype: 'f32', shape: form.input, data: x }])[0] as Float32Array;
    const theirs = await (await ortSession(path)).run(x, form.input);
    t.is(ours.length, theirs.length);
    theirs.forEach((v, i) => t.true(Math.abs(ours[i]! - v) <= 1e-6 + 1e-5 * Math.abs(v) || (Number.isNaN(v) && Number.isNaN(ours[i]!)), `[${i}] ${ours[i]} vs ${v}`));
  });
}
