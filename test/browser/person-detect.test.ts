/**
 * The person_detect wasm bundle in a real browser: Debian's Chromium,
 * headless, driven by playwright-core (never a downloaded browser), loads
 * the bundle with its own loader from a page served on 127.0.0.1 and must
 * produce TensorFlow Lite Micro's output for the person image.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { emitWasmBundle } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleCases, oracleEntry } from '../helpers/oracle.js';
import { CHROMIUM, runPage } from './page.js';

const ID = 'tflm-person-detection__person_detect';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Ingot wasm bundle</title>
<script type="module">
  import { loadBundle, relaxedSimdSupported, simdSupported } from './ingot-loader.js';
  try {
    const model = await loadBundle(new URL('./', location.href));
    const input = new Int8Array(await (await fetch('./input.bin')).arrayBuffer());
    const [output] = model.predict([input]);
    const simdModel = await loadBundle(new URL('./', location.href), { relaxed: false });
    const [simdOutput] = simdModel.predict([input]);
    window.result = { output: Array.from(output), simd: model.simd, relaxed: model.relaxed, simdSupported: simdSupported(),
      relaxedSupported: relaxedSimdSupported(), simdOutput: Array.from(simdOutput), simdModelRelaxed: simdModel.relaxed };
  } catch (e) {
    window.result = { error: String(e && e.message || e) };
  }
</script>`;

test('Chromium runs the person_detect bundle (its relaxed-SIMD module, then its SIMD one) and gets TFLite Micro\'s output for the person image', async (t) => {
  t.timeout(120_000);
  if (!existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing: install Debian's chromium (scripts/install-toolchains.sh does)`);
    return;
  }
  const bundle = await emitWasmBundle(importModel(modelBytes(oracleEntry(ID)), 'person_detect'), { name: 'person_detect' });
  const person = oracleCases(ID).find((c) => c.name === 'real_person')!;
  const input = person.inputs[0]!.data as Int8Array;
  const files = new Map<string, Uint8Array>(bundle.files.map((f) => [f.path, f.bytes]));
  files.set('index.html', new TextEncoder().encode(PAGE));
  files.set('input.bin', new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  const result = await runPage<{
    output?: number[]; error?: string; simd?: boolean; relaxed?: boolean; simdSupported?: boolean; relaxedSupported?: boolean;
    simdOutput?: number[]; simdModelRelaxed?: boolean;
  }>(files, 'result', 60_000);
  t.is(result.error, undefined);
  const want = Array.from(person.outputs[0]!.data as Int8Array);
  t.deepEqual(result.output, want);
  t.true(result.simd, 'Chromium supports SIMD128, so the loader must pick a SIMD module');
  t.true(result.simdSupported);
  t.true(result.relaxedSupported, 'Chromium has relaxed SIMD');
  t.true(result.relaxed, 'so the loader picks the relaxed-SIMD module');
  t.deepEqual(result.simdOutput, want, 'the SIMD module, asked for, gives the same bytes');
  t.false(result.simdModelRelaxed);
});
