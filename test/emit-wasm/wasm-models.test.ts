/**
 * Wasm bundles against TensorFlow Lite Micro's recorded outputs, one test
 * per whole model: the SIMD module and the plain module each run every
 * oracle case in Node (a stream case frame by frame in one instance); integer outputs byte for byte, float outputs within
 * the project's tolerance.
 */
import test from 'ava';
import { emitWasmBundle, openWasmBundle } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleCases, oracleEntry, runCaseFrames } from '../helpers/oracle.js';
import { WHOLE_MODELS } from '../helpers/oracle-models.js';

for (const id of WHOLE_MODELS) {
  test(`wasm (SIMD and plain) matches TFLite Micro: ${id}`, async (t) => {
    const graph = importModel(modelBytes(oracleEntry(id)), id);
    const bundle = await emitWasmBundle(graph, { name: 'model' });
    const cases = oracleCases(id);
    t.true(cases.length > 0);
    for (const simd of [true, false]) {
      for (const c of cases) {
        // A fresh instance per case starts from the reset state; a stream case's frames share it.
        const runner = await openWasmBundle(bundle, { simd });
        t.deepEqual(await runCaseFrames(c, (inputs) => runner.run(inputs), `${simd ? 'SIMD' : 'plain'} ${c.name}`), []);
      }
    }
  });
}
