/**
 * The wasm loader on real bundles: picking the module, typed views with
 * quantization, quantize/dequantize, and clear errors for truncated or
 * corrupt modules and for a model.json that does not belong to the module.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { emitWasmBundle, moduleFile } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { dequantize, IngotLoadError, loadBundle, quantize, relaxedSimdSupported, sha256, simdSupported, type BundleBytes } from '../../runtime-wasm/ingot-loader.js';
import { modelBytes, oracleCases, oracleEntry } from '../helpers/oracle.js';

const ID = 'tflm-hello-world__hello_world_int8';
const NAME = 'hello';

async function bundleFiles(): Promise<Record<string, Uint8Array>> {
  const bundle = await emitWasmBundle(importModel(modelBytes(oracleEntry(ID)), NAME), { name: NAME });
  return Object.fromEntries(bundle.files.map((f) => [f.path, f.bytes]));
}

const files = bundleFiles();

async function loadError(source: BundleBytes, simd = true): Promise<IngotLoadError> {
  const e = await loadBundle(source, { simd }).then(() => undefined, (err: unknown) => err);
  if (!(e instanceof IngotLoadError)) throw new Error(`expected an IngotLoadError, got ${String(e)}`);
  return e;
}

test('Node has SIMD128 and the loader picks each module on request', async (t) => {
  t.true(simdSupported());
  const f = await files;
  t.true((await loadBundle({ files: f })).simd);
  t.false((await loadBundle({ files: f }, { simd: false })).simd);
});

test('the relaxed-SIMD module is taken where the engine validates relaxed SIMD, and only on its own terms', async (t) => {
  const f = await files;
  const relaxedFile = moduleFile(NAME, true, true);
  t.truthy(f[relaxedFile], 'an int8 model with float-rounding output stages gets a relaxed module');
  const auto = await loadBundle({ files: f });
  t.true(auto.simd);
  t.is(auto.relaxed, relaxedSimdSupported());
  const kept = await loadBundle({ files: f }, { relaxed: false });
  t.true(kept.simd);
  t.false(kept.relaxed);
  t.false((await loadBundle({ files: f }, { simd: false, relaxed: true })).relaxed, 'no SIMD means no relaxed SIMD either');
  // A bundle whose kernels gain nothing from relaxed SIMD has no such module: asking for one is a clear error.
  const spec = JSON.parse(new TextDecoder().decode(f['model.json']!)) as { modules: Array<{ relaxed?: boolean }> };
  spec.modules = spec.modules.filter((m) => m.relaxed !== true);
  const { [relaxedFile]: _dropped, ...rest } = f;
  const e = await loadBundle({ files: { ...rest, 'model.json': JSON.stringify(spec) } }, { relaxed: true }).then(() => undefined, (err: unknown) => err);
  t.true(e instanceof IngotLoadError);
  t.is((e as IngotLoadError).code, 'no-module');
  t.regex((e as IngotLoadError).message, /no relaxed-SIMD module/);
  t.false((await loadBundle({ files: { ...rest, 'model.json': JSON.stringify(spec) } })).relaxed, 'auto falls back to the SIMD module');
});

test('predict quantizes float inputs and matches TFLite Micro on every case', async (t) => {
  const model = await loadBundle({ files: await files });
  const spec = model.inputs[0]!;
  t.is(spec.dtype, 'i8');
  t.deepEqual(spec.shape, [1, 1]);
  for (const c of oracleCases(ID)) {
    const q = c.inputs[0]!.data as Int8Array;
    // Dequantize the oracle input, let the loader quantize it back: same int8 values.
    const real = dequantize(q, spec);
    t.deepEqual(Array.from(quantize(real, spec) as Int8Array), Array.from(q));
    const [out] = model.predict([real]);
    t.deepEqual(Array.from(out as Int8Array), Array.from(c.outputs[0]!.data as Int8Array), c.name);
  }
});

test('a truncated module is refused before compiling, naming the file', async (t) => {
  const f = await files;
  const file = moduleFile(NAME, true);
  const e = await loadError({ files: { ...f, [file]: f[file]!.subarray(0, f[file]!.length - 7) } });
  t.is(e.code, 'module-size');
  t.regex(e.message, new RegExp(`${file.replace('.', '\\.')} is \\d+ bytes, model.json expects \\d+: the file is truncated or corrupt`));
});

test('a corrupt module of the right size fails the SHA-256 check', async (t) => {
  const f = await files;
  const file = moduleFile(NAME, false);
  const bad = f[file]!.slice();
  bad[bad.length - 3] = bad[bad.length - 3]! ^ 0x55;
  const e = await loadError({ files: { ...f, [file]: bad } }, false);
  t.is(e.code, 'module-hash');
  t.regex(e.message, /does not match model\.json/);
});

test('with verification off, a broken module still fails with a clear compile error', async (t) => {
  const f = await files;
  const file = moduleFile(NAME, true);
  const broken = f[file]!.slice(0, 40);
  const e = await loadBundle({ files: { ...f, [file]: broken } }, { verify: false }).then(() => undefined, (err: unknown) => err);
  t.true(e instanceof IngotLoadError);
  t.is((e as IngotLoadError).code, 'module-compile');
});

test('a truncated or foreign model.json is refused', async (t) => {
  const f = await files;
  const json = f['model.json']!;
  t.is((await loadError({ files: { ...f, 'model.json': json.subarray(0, json.length / 2) } })).code, 'model-json');
  t.is((await loadError({ files: { ...f, 'model.json': '{"format":"something-else"}' } })).code, 'model-json');
  const e = await loadError({ files: { ...f, 'model.json': '{"format":"ingot-wasm","formatVersion":1,"name":"x"}' } });
  t.regex(e.message, /missing fields/);
});

test('model.json from another build is caught: hash mismatch, or addresses outside memory', async (t) => {
  const f = await files;
  const spec = JSON.parse(new TextDecoder().decode(f['model.json']!));
  spec.outputs[0].offset = 1 << 30;
  const e1 = await loadError({ files: { ...f, 'model.json': JSON.stringify(spec) } });
  t.is(e1.code, 'module-exports');
  t.regex(e1.message, /model\.json belongs to another build/);
  const other = JSON.parse(new TextDecoder().decode(f['model.json']!));
  other.modules[0].sha256 = createHash('sha256').update('another module').digest('hex');
  t.is((await loadError({ files: { ...f, 'model.json': JSON.stringify(other) } })).code, 'module-hash');
});

test('a missing file is named', async (t) => {
  const f = await files;
  const { [moduleFile(NAME, true)]: _dropped, ...rest } = f;
  const e = await loadError({ files: rest });
  t.is(e.code, 'fetch');
  t.regex(e.message, /no file 'hello\.wasm'/);
});

test('wrong inputs to predict get clear errors', async (t) => {
  const model = await loadBundle({ files: await files });
  t.throws(() => model.predict([]), { instanceOf: IngotLoadError, message: /takes 1 input\(s\), 0 given/ });
  t.throws(() => model.predict([new Int8Array(3)]), { instanceOf: IngotLoadError, message: /holds 1 values \[1,1\], 3 given/ });
  t.throws(() => model.input('nope'), { instanceOf: IngotLoadError, message: /no input "nope"/ });
});

test('the built-in SHA-256 agrees with Node\'s on several lengths', (t) => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 1000, 70000]) {
    const data = new Uint8Array(n).map((_, i) => (i * 131 + 7) & 0xff);
    const ours = Array.from(sha256(data), (b) => b.toString(16).padStart(2, '0')).join('');
    t.is(ours, createHash('sha256').update(data).digest('hex'), `length ${n}`);
  }
});

test('quantize rounds half away from zero and saturates; dequantize inverts it', (t) => {
  const spec = { dtype: 'i8' as const, scale: [0.5], zeroPoint: [-3] };
  t.deepEqual(Array.from(quantize([0.25, -0.25, 0.75, 100, -100], spec) as Int8Array), [-2, -4, -1, 127, -128]);
  t.deepEqual(Array.from(dequantize([-3, -1, 127], spec)), [0, 1, 65]);
});
