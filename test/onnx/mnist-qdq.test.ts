/**
 * The int8 QDQ mnist fixture against ONNX Runtime on all 10,000 digits:
 * Ingot imports the DequantizeLinear → op → QuantizeLinear groups as integer
 * ops with ONNX rounding; its quantized logits must be within 1 LSB of ONNX
 * Runtime's on at least 99.9 % of values (the exact-match rate is logged).
 * Also checks that the committed fixture is what the generator makes.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { buildMnistQdq, MNIST_FLOAT, MNIST_QDQ } from '../../scripts/fixtures/mnist-qdq.js';
import { mnistDigits } from '../helpers/mnist.js';
import { ortSession } from '../helpers/onnxruntime.js';

const SHAPE = [1, 1, 28, 28];

test('the QDQ fixture is what scripts/fixtures/mnist-qdq makes (deterministic)', (t) => {
  const rebuilt = buildMnistQdq(new Uint8Array(readFileSync(MNIST_FLOAT)));
  t.deepEqual(Buffer.from(rebuilt), readFileSync(MNIST_QDQ));
});

test('mnist-8 int8 QDQ: integer kernels only, within 1 LSB of ONNX Runtime on ≥ 99.9 % of logits', async (t) => {
  const graph = runPipeline(importModel(new Uint8Array(readFileSync(MNIST_QDQ)), 'mnist-8-qdq'));
  const floatOps = graph.ops.filter((op) => op.kind !== 'quantize_linear' && op.kind !== 'dequantize' && graph.tensors[op.outputs[0]!]!.dtype === 'f32');
  t.deepEqual(floatOps.map((op) => op.kind), [], 'everything between the input quantize and the output dequantize is integer');
  const final = graph.ops[graph.ops.length - 1]!;
  const q = graph.tensors[final.inputs[0]!]!.quant!;
  const exec = new ReferenceExecutor(graph);
  const ort = await ortSession(MNIST_QDQ);
  let exact = 0;
  let withinOne = 0;
  let total = 0;
  for (const digit of mnistDigits()) {
    const ours = exec.run([{ dtype: 'f32', shape: SHAPE, data: digit.pixels }])[0] as Float32Array;
    const theirs = await ort.run(digit.pixels, SHAPE);
    for (let i = 0; i < ours.length; i++) {
      const lsb = Math.abs(Math.round(ours[i]! / q.scale[0]!) - Math.round(theirs[i]! / q.scale[0]!));
      total++;
      if (lsb === 0) exact++;
      if (lsb <= 1) withinOne++;
    }
  }
  t.log(`exact match ${(100 * exact / total).toFixed(3)} % of ${total} logits; within 1 LSB ${(100 * withinOne / total).toFixed(3)} %`);
  t.true(withinOne / total >= 0.999);
});
