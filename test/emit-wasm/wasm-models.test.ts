/**
 * Wasm bundles against TensorFlow Lite Micro's recorded outputs, one test
 * per whole model: the SIMD module, the plain module and, where the bundle
 * has one, the relaxed-SIMD module each run every oracle case in Node (an
 * engine without relaxed SIMD by default gets it switched on by its V8 flag
 * in this test's process) (a stream case frame by frame in one instance); integer outputs byte for byte, float outputs within
 * the project's tolerance.
 */
import test from 'ava';
import { emitWasmBundle, openWasmBundle } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleCases, oracleEntry, runCaseFrames } from '../helpers/oracle.js';
import { WHOLE_MODELS } from '../helpers/oracle-models.js';
import { bundleBuilds, enableRelaxedSimd } from '../helpers/relaxed-simd.js';

const relaxedSimd = enableRelaxedSimd();

test('this process runs relaxed-SIMD modules', (t) => {
  t.true(relaxedSimd);
});

for (const id of WHOLE_MODELS) {
  test(`wasm (SIMD, relaxed SIMD and plain) matches TFLite Micro: ${id}`, async (t) => {
    const graph = importModel(modelBytes(oracleEntry(id)), id);
    const bundle = await emitWasmBundle(graph, { name: 'model' });
    const cases = oracleCases(id);
    t.true(cases.length > 0);
    for (const build of bundleBuilds(bundle)) {
      const { label } = build;
      for (const c of cases) {
        // A fresh instance per case starts from the reset state; a stream case's frames share it.
        const runner = await openWasmBundle(bundle, build);
        t.is(runner.relaxed, build.relaxed, label);
        t.deepEqual(await runCaseFrames(c, (inputs) => runner.run(inputs), `${label} ${c.name}`), []);
      }
    }
  });
}
