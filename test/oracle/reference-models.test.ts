/**
 * The reference executor against TFLite Micro's recorded outputs, one test
 * per whole model, every case: integer outputs byte for byte, float outputs
 * within 1e-5 relative + 1e-6 absolute.
 */
import test from 'ava';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { compareOutput } from '../helpers/compare.js';
import { modelBytes, oracleCases, oracleEntry, oracleIndex } from '../helpers/oracle.js';
import { UNSUPPORTED_MODELS, WHOLE_MODELS } from '../helpers/oracle-models.js';

for (const id of WHOLE_MODELS) {
  test(`reference matches TFLite Micro: ${id}`, (t) => {
    const graph = importModel(modelBytes(oracleEntry(id)), id);
    const exec = new ReferenceExecutor(graph);
    const cases = oracleCases(id);
    t.true(cases.length > 0);
    for (const c of cases) {
      exec.reset();
      const outs = exec.run(c.inputs);
      t.is(outs.length, c.outputs.length);
      outs.forEach((o, i) => t.is(compareOutput(o, c.outputs[i]!.data), undefined, `${c.name} output ${i}`));
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
