/**
 * The wasm emitter's contract beyond numerics: identical bytes for the same
 * model, the bundle's files and model.json, size figures, diagnostics for
 * ops without a kernel and for bad inputs, and per-step exports.
 */
import { instantiateWasm } from '../helpers/wasm-instance.js';
import test from 'ava';
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { emitWasmBundle, moduleFile, runWasmBundle, wasmSections } from '../../compiler/emit-wasm/index.js';
import { WASM_KERNELS } from '../../compiler/emit-wasm/kernels/index.js';
import { importModel } from '../../compiler/import/index.js';
import { IngotError } from '../../compiler/ir/index.js';
import { parseModelJson } from '../../runtime-wasm/ingot-loader.js';
import { modelBytes, oracleCases, oracleEntry } from '../helpers/oracle.js';

const KWS = 'mlperf-tiny-kws-dscnn__kws_ref_model';
const graphOf = (id: string) => importModel(modelBytes(oracleEntry(id)), id);

test('compiling twice gives byte-identical bundles', async (t) => {
  const a = await emitWasmBundle(graphOf(KWS), { name: 'kws' });
  const b = await emitWasmBundle(graphOf(KWS), { name: 'kws' });
  t.deepEqual(a.files.map((f) => f.path), b.files.map((f) => f.path));
  a.files.forEach((f, i) => t.true(Buffer.from(f.bytes).equals(Buffer.from(b.files[i]!.bytes)), f.path));
});

test('the bundle holds its three modules, the loader, model.json and a README', async (t) => {
  const bundle = await emitWasmBundle(graphOf(KWS), { name: 'kws' });
  t.is(bundle.target, 'wasm');
  t.deepEqual(bundle.files.map((f) => f.path).sort(), ['README.md', 'ingot-loader.d.ts', 'ingot-loader.js', 'kws.nosimd.wasm', 'kws.relaxed.wasm', 'kws.wasm', 'model.json']);
  const spec = parseModelJson(bundle.files.find((f) => f.path === 'model.json')!.bytes);
  t.deepEqual(spec.inputs.map((i) => [i.dtype, i.shape]), [['i8', [1, 49, 10, 1]]]);
  t.deepEqual(spec.outputs.map((o) => [o.dtype, o.shape, o.zeroPoint]), [['i8', [1, 12], [-128]]]);
  t.deepEqual(spec.modules.map((m) => [m.file, m.simd, m.relaxed ?? false]),
    [[moduleFile('kws', true), true, false], [moduleFile('kws', false), false, false], [moduleFile('kws', true, true), true, true]]);
  const loader = new TextDecoder().decode(bundle.files.find((f) => f.path === 'ingot-loader.js')!.bytes);
  t.false(/sourceMappingURL|from ['"]node:|require\(/.test(loader), 'the loader is self-contained and has no Node imports');
  const readme = new TextDecoder().decode(bundle.files.find((f) => f.path === 'README.md')!.bytes);
  t.regex(readme, /loadBundle/);
});

test('code and data sections are measured from the binary', async (t) => {
  const bundle = await emitWasmBundle(graphOf(KWS), { name: 'kws' });
  for (const f of bundle.files.filter((x) => x.path.endsWith('.wasm'))) {
    const s = wasmSections(f.bytes);
    t.true(s.code > 1000 && s.code < 60_000, `${f.path} code ${s.code}`);
    t.true(s.data > 20_000, `${f.path} holds the weights: ${s.data}`);
    t.is(s.total, s.code + s.data + s.other);
  }
});

test('an op without a wasm kernel is a diagnostic naming op, index and target', async (t) => {
  const { fully_connected: _fc, ...withoutFc } = WASM_KERNELS;
  const e = await t.throwsAsync(emitWasmModules(graphOf(KWS), { kernels: withoutFc }), { instanceOf: IngotError });
  t.is(e!.code, 'backend/unsupported-op');
  t.is(e!.diagnostic.opIndex, 11);
  t.regex(e!.message, /operator 11 \(FULLY_CONNECTED '.*'\) has no WebAssembly kernel for target wasm/);
});

test('runWasmBundle checks inputs against model.json', async (t) => {
  const bundle = await emitWasmBundle(graphOf(KWS), { name: 'kws' });
  const input = oracleCases(KWS)[0]!.inputs[0]!;
  await t.throwsAsync(runWasmBundle(bundle, []), { instanceOf: IngotError, message: /takes 1 input/ });
  await t.throwsAsync(runWasmBundle(bundle, [{ ...input, dtype: 'f32' }]), { instanceOf: IngotError, message: /is i8, the given array is f32/ });
  await t.throwsAsync(runWasmBundle(bundle, [{ ...input, shape: [2, 3] }]), { instanceOf: IngotError, message: /has shape/ });
  const broken = bundle.files.map((f) => (f.path === 'kws.wasm' ? { ...f, bytes: f.bytes.subarray(0, 100) } : f));
  const e = await t.throwsAsync(runWasmBundle(broken, [input]), { instanceOf: IngotError });
  t.is(e!.code, 'bundle/invalid');
});

test('per-step exports run the model one op at a time with the same result', async (t) => {
  const g = graphOf(KWS);
  const e = await emitWasmModules(g, { builds: [true], stepExports: true });
  const ex = await instantiateWasm(e.modules[0]!.bytes);
  const c = oracleCases(KWS)[0]!;
  const inAt = e.layout.tensorAddress[g.inputs[0]!]!;
  const outAt = e.layout.tensorAddress[g.outputs[0]!]!;
  new Int8Array(ex.memory.buffer, inAt, 490).set(c.inputs[0]!.data as Int8Array);
  e.plan.order.forEach((_, k) => ex[`step_${k}`]!());
  t.deepEqual(Array.from(new Int8Array(ex.memory.buffer, outAt, 12)), Array.from(c.outputs[0]!.data as Int8Array));
});
