/**
 * Golden files for the emitted C: the generated header, kernels, weights
 * and example program of a few small models (int8, float, depthwise, int16
 * with int64 bias), compared byte for byte, so any change to generated code
 * shows up as a reviewed diff. Regenerate with INGOT_UPDATE_GOLDEN=1.
 */
import test from 'ava';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileOracleModel } from '../helpers/c-bundles.js';
import { repoRoot } from '../helpers/paths.js';

const MODELS = [
  'tflm-hello-world__hello_world_int8',
  'tflm-hello-world__hello_world_float',
  'tflm-network-tester-dwconv__network_model',
  'tflm-seanet-layer-tests__conv0',
];
const GENERATED = /^(include\/|src\/|example\/main\.c$|Makefile$|CMakeLists\.txt$)/;
const update = process.env['INGOT_UPDATE_GOLDEN'] === '1';

for (const id of MODELS) {
  test(`generated C equals the golden files: ${id}`, (t) => {
    const { bundle } = compileOracleModel(id);
    const files = bundle.files.filter((f) => GENERATED.test(f.path));
    t.true(files.length >= 6);
    for (const f of files) {
      const golden = join(repoRoot, 'test', 'golden', 'c', bundle.name, f.path);
      const text = new TextDecoder().decode(f.bytes);
      if (update) {
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, text);
      }
      t.true(existsSync(golden), `${golden} is missing; run the tests with INGOT_UPDATE_GOLDEN=1 and review the new files`);
      t.is(text, existsSync(golden) ? readFileSync(golden, 'utf8') : '', f.path);
    }
  });
}
