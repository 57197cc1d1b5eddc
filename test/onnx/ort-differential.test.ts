/**
 * Whole models against ONNX Runtime on random inputs: small float and QDQ
 * networks (test/helpers/onnx-models.ts) written to disk, run by both.
 * Float outputs agree within 1e-4 relative (+1e-5 absolute); quantized
 * outputs within 1 LSB on ≥ 99.9 % of values (the exact rate is logged),
 * and a QDQ model must compile to integer kernels only.
 */
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
import { floatCnn, floatResidual, qdqResidual, random, uniform, type TestModel } from '../helpers/onnx-models.js';
import { ortSession } from '../helpers/onnxruntime.js';

const RUNS = 100;

async function both(m: TestModel, name: string, check: (ours: Float32Array, theirs: Float32Array) => void): Promise<ReturnType<typeof runPipeline>> {
  const path = join(mkdtempSync(join(tmpdir(), 'ingot-ort-')), `${name}.onnx`);
  writeFileSync(path, m.bytes);
  const graph = runPipeline(importModel(m.bytes, name));
  requireBackendKinds(graph);
  const exec = new ReferenceExecutor(graph);
  const ort = await ortSession(path);
  const rand = random(42);
  const n = m.inputShape.reduce((a, d) => a * d, 1);
  for (let run = 0; run < RUNS; run++) {
    const x = uniform(rand, n, -1, 1);
    check(exec.run([{ dtype: 'f32', shape: m.inputShape, data: x }])[0] as Float32Array, await ort.run(x, m.inputShape));
  }
  return graph;
}

for (const [name, make] of [['float-cnn', floatCnn], ['float-residual', floatResidual]] as const) {
  test(`${name}: float outputs match ONNX Runtime on ${RUNS} random inputs`, async (t) => {
    // The largest |ours − theirs| as a fraction of the tolerance 1e-5 + 1e-4·|theirs|.
    let worst = 0;
    await both(make(), name, (ours, theirs) => {
      t.is(ours.length, theirs.length);
      for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!) / (1e-5 + 1e-4 * Math.abs(theirs[i]!)));
    });
    t.log(`worst difference: ${(worst * 100).toFixed(2)} % of the tolerance`);
    t.true(worst <= 1);
  });
}

test(`qdq-residual (uint8 QDQ): integer kernels, within 1 LSB of ONNX Runtime on ${RUNS} random inputs`, async (t) => {
  const scale = 16 / 255;
  let exact = 0;
  let within = 0;
  let total = 0;
  const graph = await both(qdqResidual(), 'qdq-residual', (ours, theirs) => {
    for (let i = 0; i < theirs.length; i++) {
      const lsb = Math.abs(Math.round(ours[i]! / scale) - Math.round(theirs[i]! / scale));
      total++;
      if (lsb === 0) exact++;
      if (lsb <= 1) within++;
    }
  });
  const floatOps = graph.ops.filter((op) => op.kind !== 'quantize_linear' && op.kind !== 'dequantize' && graph.tensors[op.outputs[0]!]!.dtype === 'f32');
  t.deepEqual(floatOps.map((op) => op.kind), []);
  t.log(`exact match ${(100 * exact / total).toFixed(2)} %, within 1 LSB ${(100 * within / total).toFixed(2)} % of ${total} values`);
  t.true(within / total >= 0.999);
});
