/**
 * The 127 SEANet single-layer models (int16 activations, int8 weights, int64
 * conv biases) against TFLite Micro, one test per model, bit-exact.
 */
import test from 'ava';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { compareOutput } from '../helpers/compare.js';
import { modelBytes, oracleCases } from '../helpers/oracle.js';
import { seanetModels } from '../helpers/oracle-models.js';

const models = seanetModels();

test('all 127 SEANet layer models are present', (t) => {
  t.is(models.length, 127);
});

for (const entry of models) {
  test(`reference matches TFLite Micro: ${entry.id.replace('tflm-seanet-layer-tests__', 'seanet ')}`, (t) => {
    const exec = new ReferenceExecutor(importModel(modelBytes(entry), entry.id));
    for (const c of oracleCases(entry.id)) {
      exec.reset();
      exec.run(c.inputs).forEach((o, i) => t.is(compareOutput(o, c.outputs[i]!.data), undefined, `${c.name} output ${i}`));
    }
  });
}
