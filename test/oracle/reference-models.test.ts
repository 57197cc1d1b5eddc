/**
 * The reference executor against TFLite Micro's recorded outputs, one test
 * per whole model, every case (a stream case frame by frame, its state
 * carried over): integer outputs byte for byte, float outputs within 1e-5
 * relative + 1e-6 absolute.
 */
import test from 'ava';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleCases, oracleEntry, oracleIndex, runCaseFrames } from '../helpers/oracle.js';
import { UNSUPPORTED_MODELS, WHOLE_MODELS } from '../helpers/oracle-models.js';

for (const id of WHOLE_MODELS) {
  test(`reference matches TFLite Micro: ${id}`, async (t) => {
    const graph = importModel(modelBytes(oracleEntry(id)), id);
    const exec = new ReferenceExecutor(graph);
    const cases = oracleCases(id);
    t.true(cases.length > 0);
    for (const c of cases) {
      // Each case starts from the model's reset state; a stream case's frames then share it.
      exec.reset();
      t.deepEqual(await runCaseFrames(c, (inputs) => exec.run(inputs)), []);
    }
  });
}

test('every oracle model is either covered or listed as unsupported', (t) => {
  const known = new Set<string>([...WHOLE_MODELS, ...UNSUPPORTED_MODELS]);
  const missing = oracleIndex()
    .map((e) => e.id)
    .filter((id) => !id.startsWith('tflm-seanet-layer-tests__') && !known.has(id));
  t.deepEqual(missing, []);
});
