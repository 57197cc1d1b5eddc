/**
 * `ingot compile MODEL --quantize MODE --calib SAMPLES` end to end: the
 * quantized bundle computes exactly what the reference executor computes
 * on the quantized model it also writes (--emit-tflite), for C and
 * WebAssembly targets; mixed widths make the bundle fit a flash budget the
 * all-int8 bundle does not; the accuracy report is printed and travels in
 * the bundle, listed in its manifest, equal to `ingot quantize`'s; tars are
 * byte-identical; every bad input is one diagnostic line, exit status 1,
 * and nothing written.
 */
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256, type Manifest } from '../../compiler/bundle/manifest.js';
import { loadBundle } from '../../compiler/bundle/read.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { parseNpy, serializeNpy, type NpyArray } from '../../compiler/io/npy.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import type { FlashFit } from '../../compiler/quant/fit-flash.js';
import type { QuantReport } from '../../compiler/quant/quantize-model.js';
import { testCacheDir } from '../helpers/c-bundles.js';
import { mnistDigits } from '../helpers/mnist.js';
import { repoRoot, sharedDir } from '../helpers/paths.js';
import { sineInputs } from '../helpers/quant-data.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeZip } from '../helpers/zip.js';

const HELLO = join(sharedDir, 'models', 'tflm-hello-world', 'hello_world_float.tflite');
const HELLO_INT8 = join(sharedDir, 'models', 'tflm-hello-world', 'hello_world_int8.tflite');
const MNIST = join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx');
const env = { ...process.env, INGOT_CACHE_DIR: join(testCacheDir, 'cli') };
const ingot = (args: string[], cwd?: string) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8', env, cwd });
const fresh = (): string => scratchDir('ingot-compile-quant-');

/** Writes `array` as an .npy file in `dir` and returns its path. */
function npy(dir: string, name: string, array: NpyArray): string {
  const path = join(dir, name);
  writeFileSync(path, serializeNpy(array));
  return path;
}

/** 32 evenly spaced x in [0, 2π] as one [32,1] batch: hello world's calibration set. */
function helloCalib(dir: string): string {
  const data = Float32Array.from(sineInputs(32).map((s) => s[0]!.data[0] as number));
  return npy(dir, 'calib.npy', { dtype: 'f32', shape: [32, 1], data });
}

/** Runs a bundle with `ingot run` on one input file and returns its output. */
function runBundle(bundle: string, input: string, dir: string, tag: string): NpyArray {
  const out = join(dir, `${tag}.npy`);
  const r = ingot(['run', bundle, '-i', input, '-o', out]);
  if (r.status !== 0) throw new Error(`ingot run ${bundle}: ${r.stderr}`);
  return parseNpy(new Uint8Array(readFileSync(out)), out);
}

const bytesOf = (data: NpyArray['data']): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * Asserts that the bundle's output equals, bit for bit, the reference
 * executor's on the emitted .tflite read back (as `ingot run MODEL` runs it).
 */
function assertSameOutputs(t: ExecutionContext, bundle: string, tflite: string, inputs: readonly NpyArray[], dir: string): void {
  const reference = new ReferenceExecutor(runPipeline(importModel(new Uint8Array(readFileSync(tflite)), 'quantized')));
  inputs.forEach((input, k) => {
    const path = join(dir, `in${k}.npy`);
    writeFileSync(path, serializeNpy(input));
    const got = runBundle(bundle, path, dir, `out${k}`);
    const want = reference.run([input])[0]!;
    t.true(bytesOf(got.data).equals(bytesOf(want)), `input ${k}: the bundle and the reference executor differ`);
  });
}

function sineProbes(): NpyArray[] {
  return [0.3, 4.4].map((x) => ({ dtype: 'f32', shape: [1, 1], data: Float32Array.of(x) }));
}

test('int8 for the host: the bundle equals the emitted .tflite run by the reference executor; the report is printed and in the bundle', (t) => {
  const dir = fresh();
  const calib = helloCalib(dir);
  const bundle = join(dir, 'hello');
  const tflite = join(dir, 'hello_int8.tflite');
  const r = ingot(['compile', HELLO, '--quantize', 'int8', '--calib', calib, '--emit-tflite', tflite, '-o', bundle]);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, '', 'no progress output when stderr is not a terminal');
  t.regex(r.stdout, /^hello_world_float: int8 quantization, percentile activation ranges, float I\/O\n/);
  t.regex(r.stdout, /top-1 agree +SQNR +cosine +max \|err\|/);
  t.regex(r.stdout, /\nwrote .*hello: \d+ layers in \d+ kernels, .*; quantized model in .*hello_int8\.tflite\n$/);
  assertSameOutputs(t, bundle, tflite, sineProbes(), dir);

  const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
  const reportBytes = new Uint8Array(readFileSync(join(bundle, 'report', 'quantization.json')));
  t.is(manifest.files.find((f) => f.path === 'report/quantization.json')?.sha256, sha256(reportBytes));
  const report = JSON.parse(new TextDecoder().decode(reportBytes)) as QuantReport;
  t.deepEqual(report.layers.filter((l) => l.weightBits !== null).map((l) => l.weightBits), [8, 8, 8]);
  t.true(report.outputs[0]!.stats.sqnrDb! > 20, 'int8 hello world tracks the float sine');
  // The same report `ingot quantize` writes for the same model, samples and flags.
  const alone = ingot(['quantize', HELLO, '--calib', calib, '-o', join(dir, 'alone.tflite'), '--report', join(dir, 'alone.json')]);
  t.is(alone.status, 0, alone.stderr);
  t.deepEqual(report, JSON.parse(readFileSync(join(dir, 'alone.json'), 'utf8')));
  t.true(readFileSync(join(dir, 'alone.tflite')).equals(readFileSync(tflite)));
});

test('4-bit weights for WebAssembly: the bundle equals the emitted .tflite bit for bit', (t) => {
  const dir = fresh();
  const bundle = join(dir, 'hello-wasm');
  const tflite = join(dir, 'hello_w4.tflite');
  const r = ingot(['compile', HELLO, '--quantize', 'w4', '--calib', helloCalib(dir), '--emit-tflite', tflite, '-t', 'wasm', '-o', bundle]);
  t.is(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
  t.is(manifest.target.id, 'wasm');
  t.true(manifest.files.some((f) => f.path === 'report/quantization.json'));
  const report = JSON.parse(readFileSync(join(bundle, 'report', 'quantization.json'), 'utf8')) as QuantReport;
  t.deepEqual(report.layers.filter((l) => l.weightBits !== null).map((l) => l.weightBits), [4, 4, 4]);
  assertSameOutputs(t, bundle, tflite, sineProbes(), dir);
});

test('mixed widths make an ONNX model fit a flash budget its all-int8 bundle exceeds, and the widths are reported', (t) => {
  const dir = fresh();
  const digits = mnistDigits();
  const picks = Array.from({ length: 16 }, (_, i) => digits[Math.floor((i * digits.length) / 16)]!);
  const batch = new Float32Array(16 * 784);
  picks.forEach((d, i) => batch.set(d.pixels, i * 784));
  const calib = join(dir, 'digits.npz');
  writeFileSync(calib, writeZip([{ name: 'Input3.npy', data: serializeNpy({ dtype: 'f32', shape: [16, 1, 1, 28, 28], data: batch }) }], true));

  const int8 = ingot(['compile', MNIST, '--quantize', 'int8', '--calib', calib, '-o', join(dir, 'int8')]);
  t.is(int8.status, 0, int8.stderr);
  const int8Flash = (JSON.parse(readFileSync(join(dir, 'int8', 'manifest.json'), 'utf8')) as Manifest).sizes.flashBytesEstimate;
  // A budget the all-int8 bundle exceeds by 1.5 kB.
  const budget = int8Flash - 1500;

  const bundle = join(dir, 'mixed');
  const tflite = join(dir, 'mixed.tflite');
  const r = ingot(['compile', MNIST, '--quantize', 'mixed', '--calib', calib, '--max-flash', String(budget), '--emit-tflite', tflite, '-o', bundle]);
  t.is(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
  t.true(manifest.sizes.flashBytesEstimate <= budget, `${manifest.sizes.flashBytesEstimate} <= ${budget}`);
  const report = JSON.parse(readFileSync(join(bundle, 'report', 'quantization.json'), 'utf8')) as QuantReport & { flashFit: FlashFit };
  const widths = report.mixed!.layers.map((l) => l.bits);
  t.true(widths.some((b) => b < 8), `some layer narrower than 8 bits: ${widths.join(',')}`);
  t.is(report.flashFit.maxFlashBytes, budget);
  t.is(report.flashFit.flashBytes, manifest.sizes.flashBytesEstimate);
  t.true(r.stdout.includes(`flash budget ${budget} B`) && r.stdout.includes(`widths ${widths.join(',')}`), r.stdout);
  assertSameOutputs(t, bundle, tflite, [{ dtype: 'f32', shape: [1, 1, 28, 28], data: picks[3]!.pixels }], dir);
});

test('the same model, flags and samples give a byte-identical .tar holding the report', async (t) => {
  const a = fresh();
  const b = fresh();
  const calib = helloCalib(a);
  const r1 = ingot(['compile', HELLO, '--quantize', 'w2', '--calib', calib, '-o', 'hello.tar'], a);
  const r2 = ingot(['compile', HELLO, '--quantize', 'w2', '--calib', calib, '-o', join(b, 'nested', 'hello.tar')]);
  t.is(r1.status, 0, r1.stderr);
  t.is(r2.status, 0, r2.stderr);
  const tar = readFileSync(join(a, 'hello.tar'));
  t.true(tar.equals(readFileSync(join(b, 'nested', 'hello.tar'))));
  const loaded = await loadBundle(join(a, 'hello.tar'));
  const report = loaded!.files.find((f) => f.path === 'report/quantization.json');
  t.is((JSON.parse(new TextDecoder().decode(report!.bytes)) as QuantReport).mode, 'w2');
  t.true(loaded!.manifest.files.some((f) => f.path === 'report/quantization.json'));
});

test('bad flags and bad calibration data are one diagnostic line with exit status 1, and nothing is written', (t) => {
  const dir = fresh();
  const calib = helloCalib(dir);
  const out = fresh();
  const emit = ['--emit-tflite', join(out, 'q.tflite')];
  const cases: Array<{ args: string[]; stderr: RegExp }> = [
    { args: [HELLO, '--calib', calib], stderr: /^error\[cli\/bad-argument\]: --calib applies only with --quantize — add --quantize/ },
    { args: [HELLO, '--quantize', 'int8'], stderr: /^error\[cli\/bad-argument\]: --quantize int8 needs calibration samples — pass --calib/ },
    {
      args: [HELLO_INT8, '--quantize', 'int8', '--calib', calib],
      stderr: /^error\[quant\/not-float\]: 'hello_world_int8' is not a float model: .*; --quantize takes a float model — drop --quantize to compile it as it is/,
    },
    {
      args: [HELLO, '--quantize', 'int8', ...emit, '--calib', npy(dir, 'shape.npy', { dtype: 'f32', shape: [2, 3], data: new Float32Array(6) })],
      stderr: /^error\[calib\/shape\]: calibration data for input 0 'serving_default_dense_input:0' from .*shape\.npy has shape \[2,3\]; the model expects \[1,1\]/,
    },
    {
      args: [HELLO, '--quantize', 'int8', '--calib', npy(dir, 'dtype.npy', { dtype: 'i32', shape: [4, 1], data: new Int32Array(4) })],
      stderr: /^error\[calib\/dtype\]: calibration data for input 0 'serving_default_dense_input:0' from .*dtype\.npy is i32; the model expects f32 \[1,1\]/,
    },
    {
      args: [HELLO, '--quantize', 'int8', '--calib', npy(dir, 'empty.npy', { dtype: 'f32', shape: [0, 1], data: new Float32Array(0) })],
      stderr: /^error\[calib\/count\]: calibration data for input 0 'serving_default_dense_input:0' holds 0 sample\(s\)/,
    },
    {
      args: [join(sharedDir, 'models', 'tflm-mnist-lstm', 'trained_lstm.tflite'), '--quantize', 'int8', '--calib', calib],
      stderr: /^error\[quant\/unsupported-op\]: op 0 \(UNIDIRECTIONAL_SEQUENCE_LSTM '.*'\) cannot be quantized: Ingot runs LSTMs in float32 only/,
    },
    { args: [HELLO, '--quantize', 'mixed', '--calib', calib], stderr: /^error\[quant\/bad-option\]: --quantize mixed needs a flash budget .* — pass --max-flash BYTES/ },
    {
      args: [HELLO, '--quantize', 'mixed', '--calib', calib, '--max-flash', '1000', ...emit],
      stderr: /^error\[size\/over-flash\]: the bundle cannot fit --max-flash 1000 bytes even with every weight at 2 bits: .* — raise --max-flash to at least \d+/,
    },
    // A failure after quantizing (the RAM budget) writes neither the bundle nor the .tflite.
    { args: [HELLO, '--quantize', 'int8', '--calib', calib, '--max-ram', '10', ...emit], stderr: /^error\[size\/over-ram\]/ },
    { args: [HELLO, '--quantize', 'int8', '--calib', calib, '--emit-tflite', dir], stderr: /^error\[output\/exists\]: '.*' is a folder/ },
  ];
  for (const c of cases) {
    const r = ingot(['compile', ...c.args, '-o', join(out, 'bundle.tar')]);
    t.is(r.status, 1, c.args.join(' '));
    t.regex(r.stderr, c.stderr);
    t.is(r.stderr.split('\n').length, 2, 'one line');
    t.deepEqual(readdirSync(out), [], `nothing written for ${c.args.slice(1).join(' ')}`);
  }
});
