/**
 * The 127 SEANet single-layer models (int16 activations, int8 weights,
 * int64 biases) as wasm bundles against TFLite Micro, SIMD and plain, one
 * test per model, bit-exact.
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { compareOutput } from '../helpers/compare.js';
import { modelBytes, oracleCases } from '../helpers/oracle.js';
import { seanetModels } from '../helpers/oracle-models.js';

for (const entry of seanetModels()) {
  test(`wasm matches TFLite Micro: ${entry.id.replace('tflm-seanet-layer-tests__', 'seanet ')}`, async (t) => {
    const bundle = await emitWasmBundle(importModel(modelBytes(entry), entry.id), { name: 'layer' });
    for (const simd of [true, false]) {
      for (const c of oracleCases(entry.id)) {
        const outs = await runWasmBundle(bundle, c.inputs, { simd });
        outs.forEach((o, i) => t.is(compareOutput(o, c.outputs[i]!.data), undefined, `${simd ? 'SIMD' : 'plain'} ${c.name} output ${i}`));
      }
    }
  });
}
