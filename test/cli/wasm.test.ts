/**
 * WebAssembly bundles through the command line: `ingot compile --target
 * wasm` writes the modules, the loader, model.json, a usage README and a
 * manifest.json in the C bundles' format (every file's sha256); the .tar is
 * byte-identical across folders and time zones; `ingot run BUNDLE` runs
 * either module in Node with TensorFlow Lite Micro's outputs (and, for an
 * ONNX model, the reference executor's); a corrupt bundle is refused with
 * one line and nothing written. Also the library's side: `compileWasm`, and
 * `compile()` refusing a WebAssembly target.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../compiler/bundle/manifest.js';
import { compile } from '../../compiler/compile.js';
import { compileWasm } from '../../compiler/compile-wasm.js';
import { importModel } from '../../compiler/import/index.js';
import { IngotError } from '../../compiler/ir/index.js';
import { serializeNpy } from '../../compiler/io/npy.js';
import { compareFiles } from '../helpers/c-bundles.js';
import { oracleDir, repoRoot, sharedDir } from '../helpers/paths.js';
import { scratchDir } from '../helpers/scratch.js';

const PERSON = join(repoRoot, 'fixtures', 'demo', 'person_detect.tflite');
const CASES = join(oracleDir, 'tflm-person-detection__person_detect');
const MNIST = join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx');
const ingot = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8', cwd: opts.cwd, env: opts.env ?? process.env });
const fresh = (): string => scratchDir('ingot-wasm-cli-');

interface ManifestJson {
  target: { id: string; hosted: boolean };
  api: { loader: string; modules: Array<{ file: string; simd: boolean; relaxed?: boolean; codeBytes: number }> };
  inputs: Array<{ offset: number }>;
  layers: Array<{ function: string }>;
  files: Array<{ path: string; bytes: number; sha256: string }>;
}

test('compile --target wasm writes modules, loader, model.json, README and a manifest; run matches TFLite Micro with either module', (t) => {
  const dir = join(fresh(), 'pd');
  const c = ingot(['compile', PERSON, '--target', 'wasm', '-o', dir]);
  t.is(c.status, 0, c.stderr);
  t.regex(c.stdout, /^wrote .*: 31 layers in \d+ kernels, arena \d+ B \(lower bound \d+ B\), weights \d+ B, code ~\d+ B\n$/);
  const files = ['person_detect.wasm', 'person_detect.nosimd.wasm', 'person_detect.relaxed.wasm', 'ingot-loader.js', 'ingot-loader.d.ts', 'model.json', 'README.md', 'manifest.json'];
  for (const f of files) t.true(existsSync(join(dir, f)), f);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestJson;
  t.is(manifest.target.id, 'wasm');
  t.deepEqual(manifest.files.map((f) => f.path), files.filter((f) => f !== 'manifest.json').sort());
  for (const f of manifest.files) t.is(sha256(new Uint8Array(readFileSync(join(dir, f.path)))), f.sha256, f.path);
  t.deepEqual(manifest.api.modules.map((m) => [m.file, m.simd, m.relaxed ?? false]),
    [['person_detect.wasm', true, false], ['person_detect.nosimd.wasm', false, false], ['person_detect.relaxed.wasm', true, true]]);
  t.true(manifest.layers.every((l) => /^[a-z0-9_]+_\d+$/.test(l.function)));
  t.regex(readFileSync(join(dir, 'README.md'), 'utf8'), /loadBundle/);
  for (const simd of [[], ['--no-simd']]) {
    for (const name of ['real_person', 'real_no_person']) {
      const out = join(fresh(), 'scores.npy');
      const r = ingot(['run', dir, '--input', join(CASES, `${name}.in0.npy`), '--output', out, ...simd]);
      t.is(r.status, 0, r.stderr);
      t.deepEqual(compareFiles([out], [join(CASES, `${name}.out0.npy`)], `${name} ${simd.join('')}`), []);
    }
  }
});

test('compile --target wasm to .tar is byte-identical across folders and time zones, and runs', (t) => {
  const a = fresh();
  const b = fresh();
  const r1 = ingot(['compile', PERSON, '--target', 'wasm', '-o', 'bundle.tar'], { cwd: a, env: { ...process.env, TZ: 'Pacific/Kiritimati' } });
  const r2 = ingot(['compile', PERSON, '-t', 'wasm', '-o', join(b, 'nested', 'bundle.tar')], { cwd: b, env: { ...process.env, TZ: 'America/Adak', LANG: 'de_DE.UTF-8' } });
  t.is(r1.status, 0, r1.stderr);
  t.is(r2.status, 0, r2.stderr);
  const tar = readFileSync(join(a, 'bundle.tar'));
  t.true(tar.equals(readFileSync(join(b, 'nested', 'bundle.tar'))));
  const out = join(fresh(), 'o.npy');
  const r = ingot(['run', join(a, 'bundle.tar'), '-i', join(CASES, 'real_person.in0.npy'), '-o', out]);
  t.is(r.status, 0, r.stderr);
  t.deepEqual(compareFiles([out], [join(CASES, 'real_person.out0.npy')], 'tar'), []);
});

test('an ONNX model compiles to wasm and runs with the reference executor\'s exact output', (t) => {
  const dir = fresh();
  const input = join(dir, 'x.npy');
  const pixels = new Float32Array(784).map((_, i) => (i * 37) % 255);
  writeFileSync(input, serializeNpy({ dtype: 'f32', shape: [1, 1, 28, 28], data: pixels }));
  t.is(ingot(['compile', MNIST, '--target', 'wasm', '-o', join(dir, 'mnist.tar')]).status, 0);
  const ours = ingot(['run', join(dir, 'mnist.tar'), '-i', input, '-o', join(dir, 'wasm.npy')]);
  const reference = ingot(['run', MNIST, '-i', input, '-o', join(dir, 'ref.npy')]);
  t.is(ours.status, 0, ours.stderr);
  t.is(reference.status, 0, reference.stderr);
  t.true(readFileSync(join(dir, 'wasm.npy')).equals(readFileSync(join(dir, 'ref.npy'))));
});

test('a corrupt wasm bundle is refused with one line, and nothing is written', (t) => {
  const dir = join(fresh(), 'pd');
  t.is(ingot(['compile', PERSON, '--target', 'wasm', '-o', dir]).status, 0);
  const out = join(fresh(), 'never.npy');
  const run = (): ReturnType<typeof ingot> => ingot(['run', dir, '-i', join(CASES, 'real_person.in0.npy'), '-o', out]);
  // A flipped byte in a module: the manifest's sha256 catches it.
  const module = join(dir, 'person_detect.wasm');
  const original = readFileSync(module);
  const flipped = Buffer.from(original);
  flipped[1000] = flipped[1000]! ^ 0xff;
  writeFileSync(module, flipped);
  const r1 = run();
  t.is(r1.status, 1);
  t.is(r1.stderr, "error[bundle/invalid]: bundle '" + dir + "': 'person_detect.wasm' differs from the manifest's sha256 — regenerate the bundle with `ingot compile` instead of editing it\n");
  // The same with the manifest patched to match: the loader's check against model.json still catches it.
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestJson;
  manifest.files.find((f) => f.path === 'person_detect.wasm')!.sha256 = sha256(new Uint8Array(flipped));
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const r2 = run();
  t.is(r2.status, 1);
  t.regex(r2.stderr, /^error\[bundle\/invalid\]: person_detect\.wasm does not match model\.json \(SHA-256 [0-9a-f]+…, expected [0-9a-f]+…\): the file is corrupt or from another build — recompile/);
  // A truncated tar.
  const tarDir = fresh();
  t.is(ingot(['compile', PERSON, '--target', 'wasm', '-o', join(tarDir, 'b.tar')]).status, 0);
  writeFileSync(join(tarDir, 'cut.tar'), readFileSync(join(tarDir, 'b.tar')).subarray(0, 5000));
  const r3 = ingot(['run', join(tarDir, 'cut.tar'), '-i', join(CASES, 'real_person.in0.npy'), '-o', out]);
  t.is(r3.status, 1);
  t.regex(r3.stderr, /^error\[bundle\/invalid\]: .*cut\.tar/);
  t.is(r3.stderr.split('\n').length, 2, 'one line');
  t.false(existsSync(out));
});

const HELLO = join(sharedDir, 'models', 'tflm-hello-world', 'hello_world_int8.tflite');
const HELLO_CASES = join(oracleDir, 'tflm-hello-world__hello_world_int8');

interface WasmBenchJson {
  model: string;
  simd: boolean;
  codeBytes: number;
  macs: number;
  latencyMs: number;
  runs: number;
  layers: Array<{ layer: number; function: string; macs: number; micros: number }>;
}

test('`ingot report` on a wasm bundle gives each module\'s code and data bytes, read from the files', (t) => {
  const dir = join(fresh(), 'hello');
  t.is(ingot(['compile', HELLO, '--target', 'wasm', '-o', dir]).status, 0);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestJson & { api: { modules: Array<{ dataBytes: number }> } };
  const r = ingot(['report', dir, '--json']);
  t.is(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { modules: Array<{ file: string; bytes: number; code: number; data: number; matchesManifest: boolean }> };
  t.deepEqual(report.modules.map((m) => m.file), manifest.api.modules.map((m) => m.file));
  report.modules.forEach((m, i) => {
    t.is(m.bytes, readFileSync(join(dir, m.file)).length, m.file);
    t.is(m.code, manifest.api.modules[i]!.codeBytes, m.file);
    t.is(m.data, manifest.api.modules[i]!.dataBytes, m.file);
    t.true(m.matchesManifest);
  });
  const text = ingot(['report', dir]);
  t.is(text.status, 0, text.stderr);
  t.regex(text.stdout, /^hello_world_int8: WebAssembly bundle, 3 modules\n/);
  t.regex(text.stdout, /hello_world_int8\.relaxed\.wasm \(relaxed SIMD\) +[\d,]+ +[\d,]+ +[\d,]+ +\d+ +64 KiB +same\n/);
  t.regex(text.stdout, /hello_world_int8\.wasm \(SIMD128\) +[\d,]+ +[\d,]+ +[\d,]+ +\d+ +64 KiB +same\n/);
});

test('`ingot bench MODEL --target wasm` times every layer and the shipped module; a wasm bundle gets its latency', (t) => {
  const dir = join(fresh(), 'hello');
  t.is(ingot(['compile', HELLO, '--target', 'wasm', '-o', dir]).status, 0);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Omit<ManifestJson, 'layers'> & { layers: Array<{ function: string; macs: number }> };
  for (const [flags, simd] of [[[], true], [['--no-simd'], false]] as const) {
    const r = ingot(['bench', HELLO, '--target', 'wasm', '--json', ...flags]);
    t.is(r.status, 0, r.stderr);
    const b = JSON.parse(r.stdout) as WasmBenchJson;
    t.is(b.simd, simd);
    // The timed module is the one `compile` ships: same code, same layers and MACs.
    t.is(b.codeBytes, manifest.api.modules.find((m) => m.simd === simd && !m.relaxed)!.codeBytes);
    t.deepEqual(b.layers.map((l) => l.macs), manifest.layers.map((l) => l.macs));
    t.is(b.macs, manifest.layers.reduce((n, l) => n + l.macs, 0));
    t.true(b.layers.every((l) => l.micros > 0), JSON.stringify(b.layers));
    t.true(b.latencyMs > 0 && b.runs >= 20);
  }
  const text = ingot(['bench', HELLO, '-t', 'wasm']);
  t.is(text.status, 0, text.stderr);
  t.regex(text.stdout, /^hello_world_int8 as WebAssembly in Node [\d.]+, SIMD128 module \([\d,]+ B of code\)\nlatency per inference +[\d.]+ (ms|µs) \(median of [\d,]+ runs\)\n/);
  t.regex(text.stdout, /\n +2 +FULLY_CONNECTED +16 +[\d.]+ +[\d.]+ % /);

  const bundle = ingot(['bench', dir, '--json', '-i', join(HELLO_CASES, 'rand_0.in0.npy')]);
  t.is(bundle.status, 0, bundle.stderr);
  const b = JSON.parse(bundle.stdout) as WasmBenchJson;
  t.is(b.codeBytes, manifest.api.modules[0]!.codeBytes);
  t.deepEqual(b.layers, []);
  t.true(b.latencyMs > 0);

  const wrongInput = ingot(['bench', dir, '-i', join(CASES, 'real_person.in0.npy')]);
  t.is(wrongInput.status, 1);
  t.regex(wrongInput.stderr, /^error\[input\//);
  const wrongTarget = ingot(['bench', dir, '--target', 'cortex-m4']);
  t.is(wrongTarget.status, 1);
  t.regex(wrongTarget.stderr, /^error\[cli\/bad-argument\]: bundle 'hello_world_int8' was compiled for 'wasm', not 'cortex-m4'/);
});

test('`ingot targets` lists wasm with its backend', (t) => {
  const r = ingot(['targets']);
  t.is(r.status, 0);
  t.regex(r.stdout, /^wasm +WebAssembly/m);
  const json = JSON.parse(ingot(['targets', '--json']).stdout) as Array<{ id: string; backend?: string; features: string[] }>;
  const wasm = json.find((x) => x.id === 'wasm');
  t.is(wasm?.backend, 'wasm');
  t.deepEqual(wasm?.features, ['simd128']);
});

test('compileWasm gives the bundle, plan and manifest; each compile entry refuses the other backend\'s target', async (t) => {
  const graph = importModel(new Uint8Array(readFileSync(PERSON)), 'person_detect');
  const result = await compileWasm(graph, { name: 'pd' });
  t.is(result.bundle.target, 'wasm');
  t.is(result.manifest.layers.length, 31);
  t.is(result.sizes.arenaBytes, result.plan.arenaBytes);
  t.true(result.sizes.codeBytesEstimate > 0 && result.sizes.flashBytesEstimate > result.sizes.weightsBytes);
  const again = await compileWasm(graph, { name: 'pd' });
  t.deepEqual(again.bundle.files.map((f) => sha256(f.bytes)), result.bundle.files.map((f) => sha256(f.bytes)));
  const c = t.throws(() => compile(graph, { target: 'wasm' }), { instanceOf: IngotError });
  t.is(c?.code, 'target/wrong-backend');
  const w = await t.throwsAsync(compileWasm(graph, { target: 'host' }), { instanceOf: IngotError });
  t.is(w?.code, 'target/wrong-backend');
});
