/**
 * Calibration data in the forms users have it (folder of .npy, .npz stored
 * or deflated, .npy batch, raw files with a shape) and the diagnostics for
 * data that does not fit the model: each names the input and the expected
 * and given shape, dtype or count.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importModel } from '../../compiler/import/index.js';
import { IngotError, type Graph } from '../../compiler/ir/index.js';
import { serializeNpy } from '../../compiler/io/npy.js';
import { parseNpz } from '../../compiler/io/npz.js';
import { quantizeModel } from '../../compiler/quant/quantize-model.js';
import { loadSamples } from '../../compiler/quant/sample-files.js';
import { sharedDir } from '../helpers/paths.js';
import { magicWandSamples } from '../helpers/quant-data.js';
import { writeZip } from '../helpers/zip.js';

const model = (rel: string): Graph => importModel(new Uint8Array(readFileSync(join(sharedDir, 'models', rel))), rel);
const magicWand = (): Graph => model('tflm-magic-wand/magic_wand.tflite');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'ingot-calib-'));

function code(t: { throws: (fn: () => unknown) => unknown }, fn: () => unknown): IngotError {
  const e = t.throws(fn) as IngotError;
  if (!(e instanceof IngotError)) throw new Error(`expected an IngotError, got ${String(e)}`);
  return e;
}

test('a folder of .npy files gives one sample per file (batches split), in name order', (t) => {
  const dir = tmp();
  const s = magicWandSamples(5, 3);
  writeFileSync(join(dir, 'a.npy'), serializeNpy(s[0]![0]!));
  const batch = new Float32Array(4 * 384);
  s.slice(1).forEach((x, i) => batch.set(x[0]!.data as Float32Array, i * 384));
  writeFileSync(join(dir, 'b.npy'), serializeNpy({ dtype: 'f32', shape: [4, 1, 128, 3, 1], data: batch }));
  const samples = loadSamples(magicWand(), dir);
  t.is(samples.length, 5);
  samples.forEach((x, i) => t.deepEqual(Array.from(x[0]!.data as Float32Array), Array.from(s[i]![0]!.data as Float32Array)));
});

for (const deflate of [false, true]) {
  test(`an .npz (${deflate ? 'savez_compressed' : 'savez'}) is read member by member`, (t) => {
    const s = magicWandSamples(3, 4);
    const zip = writeZip(s.map((x, i) => ({ name: `arr_${i}.npy`, data: serializeNpy(x[0]!) })), deflate);
    const members = parseNpz(zip, 'test.npz');
    t.deepEqual(members.map((m) => m.name), ['arr_0', 'arr_1', 'arr_2']);
    const dir = tmp();
    writeFileSync(join(dir, 's.npz'), zip);
    const samples = loadSamples(magicWand(), join(dir, 's.npz'));
    t.is(samples.length, 3);
    t.deepEqual(Array.from(samples[2]![0]!.data as Float32Array), Array.from(s[2]![0]!.data as Float32Array));
  });
}

test('a real numpy .npz (float64, deflated) is read and converted to float32', (t) => {
  const members = parseNpz(new Uint8Array(readFileSync(join(sharedDir, 'models/mlperf-tiny-sww/calibration_samples.npz'))), 'sww', { float64ToFloat32: true });
  const specs = members.find((m) => m.name === 'specs')!;
  t.deepEqual(specs.array.shape, [45, 30, 1, 40]);
  t.is(specs.array.dtype, 'f32');
  const values = Array.from(specs.array.data as Float32Array);
  t.true(values.every((v) => v >= 0 && v <= 1));
  t.true(Math.max(...values) > 0.5);
});

test('a corrupt .npz is a diagnostic, not a crash', (t) => {
  const zip = writeZip([{ name: 'x.npy', data: serializeNpy({ dtype: 'f32', shape: [2], data: Float32Array.of(1, 2) }) }], true);
  const e = code(t, () => parseNpz(zip.subarray(0, zip.length - 30), 'cut.npz'));
  t.is(e.code, 'npz/invalid');
  t.regex(e.message, /cut\.npz/);
});

test('raw files need the sample shape and a size that is a whole number of samples', (t) => {
  const dir = tmp();
  const one = magicWandSamples(2, 5);
  const bytes = new Uint8Array(2 * 384 * 4);
  one.forEach((x, i) => bytes.set(new Uint8Array((x[0]!.data as Float32Array).buffer), i * 384 * 4));
  writeFileSync(join(dir, 'two.bin'), bytes);
  t.is(loadSamples(magicWand(), join(dir, 'two.bin'), { rawShape: [1, 128, 3, 1] }).length, 2);
  const noShape = code(t, () => loadSamples(magicWand(), join(dir, 'two.bin')));
  t.is(noShape.code, 'calib/shape');
  t.regex(noShape.diagnostic.hint ?? '', /--calib-shape 1,128,3,1/);
  writeFileSync(join(dir, 'odd.bin'), bytes.subarray(0, 1000));
  const odd = code(t, () => loadSamples(magicWand(), join(dir, 'odd.bin'), { rawShape: [1, 128, 3, 1] }));
  t.is(odd.code, 'calib/shape');
  t.regex(odd.message, /1000 bytes, not a multiple of one f32 sample of shape \[1,128,3,1\] \(1536 bytes\)/);
});

test('samples of the wrong shape name the input, the expected and the given shape', (t) => {
  const dir = tmp();
  writeFileSync(join(dir, 'bad.npy'), serializeNpy({ dtype: 'f32', shape: [1, 64, 3, 1], data: new Float32Array(192) }));
  const e = code(t, () => loadSamples(magicWand(), dir));
  t.is(e.code, 'calib/shape');
  t.is(e.message, "calibration data for input 0 'conv2d_input' from bad.npy has shape [1,64,3,1]; the model expects [1,128,3,1] (or [N,1,128,3,1] for N samples)");
});

test('samples of the wrong dtype name the input, both dtypes and the shape', (t) => {
  const dir = tmp();
  writeFileSync(join(dir, 'ints.npy'), serializeNpy({ dtype: 'i8', shape: [1, 128, 3, 1], data: new Int8Array(384) }));
  const e = code(t, () => loadSamples(magicWand(), dir));
  t.is(e.code, 'calib/dtype');
  t.is(e.message, "calibration data for input 0 'conv2d_input' from ints.npy is i8; the model expects f32 [1,128,3,1]");
});

test('a wrong sample count is named: none at all, or inputs that disagree', (t) => {
  const g = magicWand();
  const none = code(t, () => quantizeModel(g, [], { mode: 'int8' }));
  t.is(none.code, 'calib/count');
  t.regex(none.message, /no calibration samples/);
  const extra = code(t, () => quantizeModel(g, [[...magicWandSamples(1, 1)[0]!, ...magicWandSamples(1, 2)[0]!]], { mode: 'int8' }));
  t.is(extra.code, 'calib/count');
  t.regex(extra.message, /sample 0 has 2 array\(s\); the model has 1 input/);
  const dir = tmp();
  mkdirSync(join(dir, 'empty'));
  t.is(code(t, () => loadSamples(g, join(dir, 'empty'))).code, 'calib/not-found');
  t.is(code(t, () => loadSamples(g, join(dir, 'missing'))).code, 'calib/not-found');
});

test('a NaN or an infinity in a calibration or evaluation sample is refused, naming the sample, input and element', (t) => {
  const g = magicWand();
  const samples = magicWandSamples(3, 4);
  const poisoned = (value: number, at: number) => samples.map((sample, n) => sample.map((a) => {
    if (n !== 2) return a;
    const data = Float32Array.from(a.data as Float32Array);
    data[at] = value;
    return { ...a, data };
  }));
  const nan = code(t, () => quantizeModel(g, poisoned(Number.NaN, 17), { mode: 'int8' }));
  t.is(nan.code, 'calib/invalid');
  t.is(nan.message, "calibration sample 2 for input 0 'conv2d_input' holds NaN at element 17");
  const inf = code(t, () => quantizeModel(g, samples, { mode: 'int8', evalSamples: poisoned(-Infinity, 0) }));
  t.is(inf.code, 'calib/invalid');
  t.is(inf.message, "evaluation sample 2 for input 0 'conv2d_input' holds an infinity at element 0");
});

test('a model that is already quantized is refused before calibration', (t) => {
  const e = code(t, () => quantizeModel(model('tflm-hello-world/hello_world_int8.tflite'), [], { mode: 'int8' }));
  t.is(e.code, 'quant/not-float');
  t.regex(e.message, /'tflm-hello-world\/hello_world_int8.tflite' is not a float model/);
});

test('a float model with an op that has no int8 form is refused before calibration, naming the op', (t) => {
  const e = code(t, () => quantizeModel(model('tflm-mnist-lstm/trained_lstm.tflite'), [], { mode: 'int8' }));
  t.is(e.code, 'quant/unsupported-op');
  t.regex(e.message, /^op 0 \(UNIDIRECTIONAL_SEQUENCE_LSTM '.*'\) cannot be quantized/);
  t.is(e.diagnostic.opIndex, 0);
});
