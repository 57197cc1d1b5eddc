/**
 * The pass pipeline: TFLite graphs come through with the same ops (they are
 * already NHWC and fused, so only unreferenced tensors go), ONNX graphs come
 * out with backend kinds only, and lowering never changes what a graph
 * computes — checked by running the imported graph (channels-first kinds,
 * evaluated as such) and the lowered one on the same inputs.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { FRONTEND_KINDS, type Graph } from '../../compiler/ir/index.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
import { importCase, runtimeInputs } from '../conformance/onnx-runner.js';
import { loadCase } from '../conformance/onnx-suite.js';
import { floatCnn, floatResidual } from '../helpers/onnx-models.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';
import { WHOLE_MODELS } from '../helpers/oracle-models.js';
import { sharedDir } from '../helpers/paths.js';

/** Each op as kind, attributes and the tensors it reads (by content), for comparing graphs across renumbering. */
function opSignature(g: Graph): string[] {
  return g.ops.map((op) => JSON.stringify([op.kind, op.attrs, op.inputs.map((i) => (i < 0 ? null : [g.tensors[i]!.name, g.tensors[i]!.shape, g.tensors[i]!.quant ?? null]))]));
}

for (const id of WHOLE_MODELS) {
  test(`TFLite graphs keep their ops: ${id}`, (t) => {
    const g = importModel(modelBytes(oracleEntry(id)), id);
    const lowered = runPipeline(g);
    t.deepEqual(opSignature(lowered), opSignature(g));
  });
}

test('onnx-mnist-8 lowers to NHWC kernels: bias adds folded, relus fused, no transposes left', (t) => {
  const g = runPipeline(importModel(new Uint8Array(readFileSync(join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx'))), 'mnist'));
  requireBackendKinds(g);
  t.deepEqual(g.ops.map((op) => op.kind), ['reshape', 'conv2d', 'max_pool2d', 'conv2d', 'max_pool2d', 'reshape', 'fully_connected']);
  t.deepEqual(g.ops.filter((op) => op.kind === 'conv2d').map((op) => (op.attrs as { activation: string }).activation), ['relu', 'relu']);
  t.false(g.ops.some((op) => FRONTEND_KINDS.includes(op.kind)));
});

/** Conformance cases that exercise every rewrite: layout (conv, depthwise, grouped, transpose conv, pools), folding, fusion. */
const LOWERING_CASES = [
  'node/test_basic_conv_with_padding', 'node/test_conv_with_strides_and_asymmetric_padding', 'node/test_conv_with_autopad_same',
  'pytorch/test_Conv2d_depthwise_with_multiplier', 'pytorch/test_Conv2d_groups', 'pytorch/test_Conv1d_dilated',
  'node/test_convtranspose_pads', 'node/test_convtranspose_output_shape', 'pytorch/test_ConvTranspose2d',
  'node/test_maxpool_2d_ceil', 'node/test_averagepool_2d_pads_count_include_pad', 'node/test_globalaveragepool',
  'node/test_batchnorm_example', 'pytorch/test_BatchNorm2d_eval', 'node/test_qlinearconv', 'node/test_convinteger_with_padding',
];

for (const id of LOWERING_CASES) {
  test(`lowering preserves results: ${id}`, (t) => {
    const c = loadCase(id);
    const set = c.dataSets[0]!;
    const imported = importCase(c, set);
    const lowered = runPipeline(imported);
    requireBackendKinds(lowered);
    const inputs = runtimeInputs(imported, set);
    const before = new ReferenceExecutor(imported).run(inputs);
    const after = new ReferenceExecutor(lowered).run(runtimeInputs(lowered, set));
    t.is(after.length, before.length);
    before.forEach((b, k) => {
      const a = after[k]!;
      t.is(a.length, b.length);
      for (let i = 0; i < b.length; i++) {
        const x = Number(a[i]);
        const y = Number(b[i]);
        // Integer results are identical; float ones only differ where folding reassociated (bias, batch norm).
        t.true(x === y || Math.abs(x - y) <= 1e-5 * Math.abs(y) + 1e-6, `${id} output ${k}[${i}]: ${x} vs ${y}`);
      }
    });
  });
}

test('a float CNN lowers to fused NHWC kernels with only the input transpose left', (t) => {
  const g = runPipeline(importModel(floatCnn().bytes, 'cnn'));
  const shown = g.ops.map((op) => op.kind + ((op.attrs as { activation?: string }).activation && (op.attrs as { activation: string }).activation !== 'none' ? `+${(op.attrs as { activation: string }).activation}` : ''));
  // Batch norm folded into the conv, relu/clip fused, the NCHW transposes cancelled or turned into reshapes.
  t.deepEqual(shown, ['transpose', 'conv2d+relu', 'depthwise_conv2d+relu6', 'avg_pool2d', 'conv2d', 'hard_swish', 'mean', 'reshape', 'fully_connected', 'softmax']);
});

test('a residual add reuses the NHWC copy of its skip input instead of transposing back', (t) => {
  const g = runPipeline(importModel(floatResidual().bytes, 'residual'));
  const kinds = g.ops.map((op) => op.kind);
  t.is(kinds.filter((k) => k === 'transpose').length, 2, kinds.join(' → '));
  t.deepEqual(kinds.slice(0, 5), ['transpose', 'conv2d', 'conv2d', 'add', 'max_pool2d']);
});
