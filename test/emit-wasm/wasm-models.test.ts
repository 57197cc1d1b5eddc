/**
 * Wasm bundles against TensorFlow Lite Micro's recorded outputs, one test
 * per whole model: the SIMD module and the plain module each run every
 * oracle case in Node; integer outputs byte for byte, float outputs within
 * the project's tolerance.
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { compareOutput } from '../helpers/compare.js';
import { modelBytes, oracleCases, oracleEntry } from '../helpers/oracle.js';
import { WHOLE_MODELS } from '../helpers/oracle-models.js';

for (const id of WHOLE_MODELS) {
  test(`wasm (SIMD and plain) matches TFLite Micro: ${id}`, async (t) => {
    const graph = importModel(modelBytes(oracleEntry(id)), id);
    const bundle = await emitWasmBundle(graph, { name: 'model' });
    const cases = oracleCases(id);
    t.true(cases.length > 0);
    for (const simd of [true, false]) {
      for (const c of cases) {
        const outs = await runWasmBundle(bundle, c.inputs, { simd });
        t.is(outs.length, c.outputs.length);
        outs.forEach((o, i) => t.is(compareOutput(o, c.outputs[i]!.data), undefined, `${simd ? 'SIMD' : 'plain'} ${c.name} output ${i}`));
      }
    }
  });
}
