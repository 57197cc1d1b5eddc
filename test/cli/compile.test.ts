/**
 * `ingot compile`, `ingot run BUNDLE` and `ingot targets` end to end: bundle
 * folders and tars, outputs equal to TFLite Micro's, deterministic tars
 * across folders and time zones, and one-line diagnostics with stable codes
 * for every way it can go wrong, with nothing half-written.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sha256 } from '../../compiler/bundle/manifest.js';
import { compareFiles, testCacheDir } from '../helpers/c-bundles.js';
import { oracleDir, repoRoot, sharedDir } from '../helpers/paths.js';
import { scratchDir } from '../helpers/scratch.js';
import { buildTflite, unsignedTensorModel } from '../helpers/tflite-builder.js';

const PERSON = join(repoRoot, 'fixtures', 'demo', 'person_detect.tflite');
const CASES = join(oracleDir, 'tflm-person-detection__person_detect');
const env = { ...process.env, INGOT_CACHE_DIR: join(testCacheDir, 'cli') };
const ingot = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8', cwd: opts.cwd, env: opts.env ?? env });
const fresh = (): string => scratchDir('ingot-cli-');

test('compile writes a bundle folder that `ingot run` builds and runs like TFLite Micro', (t) => {
  const dir = join(fresh(), 'pd');
  const c = ingot(['compile', PERSON, '-o', dir]);
  t.is(c.status, 0, c.stderr);
  t.regex(c.stdout, /^wrote .*: 31 layers in \d+ kernels, arena \d+ B \(lower bound \d+ B\), weights \d+ B, code ~\d+ B\n$/);
  for (const f of ['include/person_detect.h', 'src/person_detect.c', 'src/person_detect_weights.c', 'runtime/ingot_runtime.h', 'runtime/ingot_fixed_point.h', 'example/main.c', 'Makefile', 'CMakeLists.txt', 'manifest.json']) {
    t.true(existsSync(join(dir, f)), f);
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Array<{ path: string; sha256: string }> };
  for (const f of manifest.files) t.is(sha256(new Uint8Array(readFileSync(join(dir, f.path)))), f.sha256, f.path);
  for (const name of ['real_person', 'real_no_person']) {
    const out = join(fresh(), 'scores.npy');
    const r = ingot(['run', dir, '--input', join(CASES, `${name}.in0.npy`), '--output', out]);
    t.is(r.status, 0, r.stderr);
    t.deepEqual(compareFiles([out], [join(CASES, `${name}.out0.npy`)], name), []);
  }
});

test('compile to .tar is byte-identical across folders and time zones, and runs', (t) => {
  const a = fresh();
  const b = fresh();
  const r1 = ingot(['compile', PERSON, '-o', 'bundle.tar'], { cwd: a, env: { ...env, TZ: 'Pacific/Kiritimati' } });
  const r2 = ingot(['compile', PERSON, '-o', join(b, 'nested', 'bundle.tar')], { cwd: b, env: { ...env, TZ: 'America/Adak', LANG: 'de_DE.UTF-8' } });
  t.is(r1.status, 0, r1.stderr);
  t.is(r2.status, 0, r2.stderr);
  const tar1 = readFileSync(join(a, 'bundle.tar'));
  t.true(tar1.equals(readFileSync(join(b, 'nested', 'bundle.tar'))));
  const out = join(fresh(), 'o.npy');
  const r = ingot(['run', join(a, 'bundle.tar'), '-i', join(CASES, 'real_person.in0.npy'), '-o', out]);
  t.is(r.status, 0, r.stderr);
  t.deepEqual(compareFiles([out], [join(CASES, 'real_person.out0.npy')], 'tar'), []);
});

test('`ingot run BUNDLE` checks inputs exactly as the reference run does, and writes nothing on failure', (t) => {
  const dir = join(fresh(), 'pd');
  t.is(ingot(['compile', PERSON, '-o', dir]).status, 0);
  const out = join(fresh(), 'never.npy');
  const wrong = join(oracleDir, 'tflm-hello-world__hello_world_int8', 'rand_0.in0.npy');
  const bundle = ingot(['run', dir, '-i', wrong, '-o', out]);
  const reference = ingot(['run', PERSON, '-i', wrong, '-o', out]);
  t.is(bundle.status, 1);
  t.regex(bundle.stderr, /^error\[input\/shape\]: input 0 'input' has shape \[1,96,96,1\], the given array has \[1,1\]/);
  t.is(bundle.stderr, reference.stderr);
  t.regex(ingot(['run', dir, '-o', out]).stderr, /^error\[input\/count\]/);
  t.false(existsSync(out));
});

test('a compiler error becomes build/failed with the first error line', (t) => {
  const dir = join(fresh(), 'pd');
  t.is(ingot(['compile', PERSON, '-o', dir]).status, 0);
  const src = join(dir, 'src', 'person_detect.c');
  writeFileSync(src, readFileSync(src, 'utf8') + '\nthis is not C;\n');
  // Keep the manifest consistent, as a deliberately patched bundle would be.
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Array<{ path: string; bytes: number; sha256: string }> };
  const entry = manifest.files.find((f) => f.path === 'src/person_detect.c')!;
  const bytes = new Uint8Array(readFileSync(src));
  entry.bytes = bytes.length;
  entry.sha256 = sha256(bytes);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const r = ingot(['run', dir, '-i', join(CASES, 'real_person.in0.npy'), '-o', join(fresh(), 'x.npy')]);
  t.is(r.status, 1);
  t.regex(r.stderr, /^error\[build\/failed\]: building bundle 'person_detect' failed: src\/person_detect\.c:\d+:\d+: error: .* — the full compiler output is in /);
});

test('a bundle edited without its manifest is refused', (t) => {
  const dir = join(fresh(), 'pd');
  t.is(ingot(['compile', PERSON, '-o', dir]).status, 0);
  writeFileSync(join(dir, 'src', 'person_detect_weights.c'), '/* emptied */\n');
  const r = ingot(['run', dir, '-i', join(CASES, 'real_person.in0.npy'), '-o', join(fresh(), 'x.npy')]);
  t.is(r.status, 1);
  t.regex(r.stderr, /^error\[bundle\/invalid\]: bundle '.*': 'src\/person_detect_weights\.c' differs from the manifest's sha256/);
});

test('a bundle whose manifest names a target Ingot does not know is refused by `ingot run`', (t) => {
  const dir = join(fresh(), 'pd');
  t.is(ingot(['compile', PERSON, '-o', dir]).status, 0);
  // The manifest is the one file not covered by its own hashes; pretend it came from a target this Ingot lacks.
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { target: { id: string; hosted: boolean } };
  manifest.target = { ...manifest.target, id: 'pdp-11', hosted: false };
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const out = join(fresh(), 'x.npy');
  const r = ingot(['run', dir, '-i', join(CASES, 'real_person.in0.npy'), '-o', out]);
  t.is(r.status, 1);
  t.regex(r.stderr, /^error\[target\/unknown\]: there is no target 'pdp-11'/);
  t.false(existsSync(out));
});

test('compile refuses an unknown target, a non-bundle output folder and an unsupported model, writing nothing', (t) => {
  const base = fresh();
  const target = ingot(['compile', PERSON, '--target', 'pdp-11', '-o', join(base, 'a')]);
  t.is(target.status, 1);
  t.regex(target.stderr, /^error\[target\/unknown\]: there is no target 'pdp-11' — known targets: host/);

  const occupied = join(base, 'occupied');
  mkdirSync(occupied);
  writeFileSync(join(occupied, 'notes.txt'), 'mine');
  const exists = ingot(['compile', PERSON, '-o', occupied]);
  t.is(exists.status, 1);
  t.regex(exists.stderr, /^error\[output\/exists\]/);
  t.deepEqual(readdirSync(occupied), ['notes.txt']);

  const unsignedModel = join(fresh(), 'uint32.tflite');
  writeFileSync(unsignedModel, buildTflite(unsignedTensorModel()));
  const unsigned = ingot(['compile', unsignedModel, '-o', join(base, 'uint32.tar')]);
  t.is(unsigned.status, 1);
  t.regex(unsigned.stderr, /^error\[tflite\/unsupported-type\]: tensor 0 'in' has element type UINT32, which Ingot does not support as a model input or output/);
  t.deepEqual(readdirSync(base).sort(), ['occupied']);
});

test('an output place that cannot be written is output/unwritable, with nothing left behind and no hang', (t) => {
  const base = fresh();
  writeFileSync(join(base, 'model.tflite'), 'in the way');
  for (const output of [join(base, 'model.tflite', 'bundle'), join(base, 'model.tflite', 'bundle.tar'), '/proc/ingot-test-bundle']) {
    const r = ingot(['compile', PERSON, '-o', output]);
    t.is(r.status, 1, output);
    t.regex(r.stderr, /^error\[output\/unwritable\]: cannot (write|create the folder) '[^']*': .+ — choose a folder you can write to\n$/, output);
  }
  const run = ingot(['run', PERSON, '-i', join(CASES, 'real_person.in0.npy'), '-o', join(base, 'model.tflite', 'scores.npy')]);
  t.is(run.status, 1);
  t.regex(run.stderr, /^error\[output\/unwritable\]/);
  t.deepEqual(readdirSync(base), ['model.tflite']);
});

test('a .tar output that exists is replaced only when it is an Ingot bundle; -o must name something', (t) => {
  const base = fresh();
  const hello = join(sharedDir, 'models', 'tflm-hello-world', 'hello_world_int8.tflite');
  writeFileSync(join(base, 'backup.tar'), 'somebody else\'s archive');
  const foreign = ingot(['compile', hello, '-o', join(base, 'backup.tar')]);
  t.is(foreign.status, 1);
  t.regex(foreign.stderr, /^error\[output\/exists\]: '.*backup\.tar' exists and is not an Ingot bundle \.tar/);
  t.is(readFileSync(join(base, 'backup.tar'), 'utf8'), 'somebody else\'s archive');
  t.is(ingot(['compile', hello, '-o', join(base, 'hello.tar')]).status, 0);
  t.is(ingot(['compile', hello, '-o', join(base, 'hello.tar')]).status, 0, 'a bundle tar is replaced');
  const empty = ingot(['compile', hello, '-o', '']);
  t.is(empty.status, 2);
  t.regex(empty.stderr, /^error\[cli\/bad-argument\]: -o is empty/);
  t.is(ingot(['compile', hello, '-o', join(base, 'folder')]).status, 0);
  const inspect = ingot(['inspect', join(base, 'folder')]);
  t.is(inspect.status, 1);
  t.regex(inspect.stderr, /is an Ingot bundle folder, not a model — 'ingot run', 'ingot report' and 'ingot bench' take bundles/);
});

test('recompiling into an existing bundle folder replaces it', (t) => {
  const dir = join(fresh(), 'pd');
  t.is(ingot(['compile', PERSON, '-o', dir]).status, 0);
  writeFileSync(join(dir, 'stale.txt'), 'old');
  t.is(ingot(['compile', PERSON, '-o', dir, '--name', 'person']).status, 0);
  t.false(existsSync(join(dir, 'stale.txt')));
  t.true(existsSync(join(dir, 'include', 'person.h')));
});

test('`ingot targets` lists the host target; --json gives its definition', (t) => {
  const r = ingot(['targets']);
  t.is(r.status, 0);
  t.regex(r.stdout, /^host +this machine/m);
  const json = JSON.parse(ingot(['targets', '--json']).stdout) as Array<{ id: string; alignment: number; toolchain: { cc: string } }>;
  t.is(json[0]?.id, 'host');
  t.is(json[0]?.alignment, 16);
});


test('errors about the model file as a whole name the file as given, not only its stem', (t) => {
  const dir = fresh();
  const files = { 'empty.tflite': new Uint8Array(0), 'notes.onnx': new TextEncoder().encode('not a model at all'), 'cut.onnx': new Uint8Array(readFileSync(join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx'))).subarray(0, 5000) };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const cases: Array<[string, RegExp]> = [
    ['empty.tflite', /^error\[model\/unknown-format\]: model '[^']*empty\.tflite' has 0 bytes: the file is empty/],
    ['notes.onnx', /^error\[model\/unknown-format\]: '[^']*notes\.onnx' is neither a TFLite flatbuffer nor an ONNX model/],
    ['cut.onnx', /^error\[onnx\/corrupt\]: '[^']*cut\.onnx' is not a readable ONNX model/],
  ];
  for (const [name, message] of cases) {
    const r = ingot(['inspect', join(dir, name)]);
    t.is(r.status, 1, name);
    t.regex(r.stderr, message);
  }
});

test('gzip-compressed models, arrays and bundle tars are read as the files they hold; compressed output names are refused', (t) => {
  const dir = fresh();
  const hello = join(sharedDir, 'models', 'tflm-hello-world', 'hello_world_int8.tflite');
  const helloCases = join(oracleDir, 'tflm-hello-world__hello_world_int8');
  const input = join(dir, 'x.npy.gz');
  writeFileSync(input, gzipSync(readFileSync(join(helloCases, 'rand_0.in0.npy'))));
  writeFileSync(join(dir, 'hello.tflite.gz'), gzipSync(readFileSync(hello)));
  t.is(ingot(['compile', hello, '-o', join(dir, 'hello.tar')]).status, 0);
  writeFileSync(join(dir, 'hello.tar.gz'), gzipSync(readFileSync(join(dir, 'hello.tar'))));
  const want = join(helloCases, 'rand_0.out0.npy');
  for (const [what, model] of [['model', join(dir, 'hello.tflite.gz')], ['bundle', join(dir, 'hello.tar.gz')]] as const) {
    const out = join(dir, `${what}.npy`);
    const r = ingot(['run', model, '-i', input, '-o', out]);
    t.is(r.status, 0, r.stderr);
    t.deepEqual(compareFiles([out], [want], what), []);
  }
  const inspect = ingot(['inspect', join(dir, 'hello.tflite.gz')]);
  t.regex(inspect.stdout, /^model hello \(tflite\): 3 ops/, 'the .gz is not part of the model name');
  writeFileSync(join(dir, 'cut.tar.gz'), readFileSync(join(dir, 'hello.tar.gz')).subarray(0, 200));
  const cut = ingot(['run', join(dir, 'cut.tar.gz'), '-i', input, '-o', join(dir, 'never.npy')]);
  t.is(cut.status, 1);
  t.regex(cut.stderr, /^error\[file\/bad-gzip\]: '[^']*cut\.tar\.gz' is gzip data that cannot be decompressed/);
  for (const [args, flag] of [
    [['compile', hello, '-o', join(dir, 'hello.zip')], '-o'],
    [['compile', hello, '-t', 'wasm', '-o', join(dir, 'web.tar.gz')], '-o'],
    [['run', hello, '-i', input, '-o', join(dir, 'y.npy.gz')], '-o'],
    [['quantize', join(sharedDir, 'models', 'tflm-hello-world', 'hello_world_float.tflite'), '-o', join(dir, 'q.tflite.xz')], '-o'],
  ] as const) {
    const r = ingot([...args]);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, new RegExp(`^error\\[cli/bad-argument\\]: ${flag} '[^']*': Ingot does not write \\.(zip|gz|xz) files`));
  }
  t.deepEqual(readdirSync(dir).sort(), ['bundle.npy', 'cut.tar.gz', 'hello.tar', 'hello.tar.gz', 'hello.tflite.gz', 'model.npy', 'x.npy.gz']);
});
