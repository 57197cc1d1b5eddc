/**
 * Golden WAT files: the exact modules emitted for two small models (int8
 * and float32, SIMD and plain), so any change to generated code shows up as
 * a reviewed diff. Regenerate with INGOT_UPDATE_GOLDEN=1 and review the diff.
 * Data segments (weights and tables) are elided from the text: their bytes
 * come from the model, and the oracle tests check what they compute.
 */
import test from 'ava';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';
import { repoRoot } from '../helpers/paths.js';

const GOLDEN_DIR = join(repoRoot, 'test', 'emit-wasm', 'golden');
const MODELS = [['hello_world_int8', 'tflm-hello-world__hello_world_int8'], ['hello_world_float', 'tflm-hello-world__hello_world_float']] as const;

for (const [name, id] of MODELS) {
  test(`emitted WAT matches the golden files: ${name}`, async (t) => {
    const { modules } = await emitWasmModules(importModel(modelBytes(oracleEntry(id)), name), { wat: true });
    for (const mod of modules) {
      const file = join(GOLDEN_DIR, `${name}.${mod.simd ? 'simd' : 'nosimd'}.wat`);
      const wat = mod.wat!.replace(/\(data (\$\S+ )?\(i32\.const (\d+)\) "(?:[^"\\]|\\.)*"\)/g, '(data $1(i32.const $2) "…constants…")');
      if (process.env['INGOT_UPDATE_GOLDEN']) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, wat);
      }
      t.true(existsSync(file), `${file} is missing: run with INGOT_UPDATE_GOLDEN=1`);
      t.is(wat, readFileSync(file, 'utf8'), `${name} ${mod.simd ? 'SIMD' : 'plain'} differs from its golden WAT`);
    }
  });
}
