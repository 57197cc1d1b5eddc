/**
 * The FlexBuffers reader of TFLite custom options: maps, scalars of every
 * width, vectors and strings as the flatbuffers package encodes them; the
 * audio front end's real options; and damaged buffers, which give a
 * diagnostic (never a hang or a stack trace).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'flatbuffers/mjs/flexbuffers.js';
import { readFlexbuffer } from '../../compiler/import/tflite/flexbuffers.js';
import { readTfliteModel } from '../../compiler/import/tflite/read-model.js';
import { IngotError } from '../../compiler/ir/index.js';
import { sharedDir } from '../helpers/paths.js';

test('values of every kind round-trip from the flatbuffers encoder', (t) => {
  const value = {
    small: 7, negative: -300, half: 0.5, yes: true, no: false, nothing: null,
    name: 'kissfft', list: [1, 2, 3], mixed: [1, 'two', 3.5, false], nested: { inner: { deep: [[-1, 70000]] } },
  };
  t.deepEqual(readFlexbuffer(encode(value), 'test options'), value);
  // 8-byte slots (kept apart from floats: the JavaScript encoder writes a float32 into a 64-bit slot, which its own reader misreads too).
  const wide = { wide: 2 ** 40, big: -(2 ** 50), list: [2 ** 33, -1] };
  t.deepEqual(readFlexbuffer(encode(wide), 'test options'), wide);
});

test('the audio front end\'s signal operators carry the options TFLite Micro reads', (t) => {
  const m = readTfliteModel(new Uint8Array(readFileSync(join(sharedDir, 'models', 'tflm-micro-speech', 'audio_preprocessor_int8.tflite'))));
  const options = Object.fromEntries(m.operators.flatMap((op) => {
    const code = m.operatorCodes[op.opcodeIndex]!;
    return code.custom && op.customOptions ? [[code.custom, readFlexbuffer(op.customOptions, code.custom)]] : [];
  }));
  t.deepEqual(options['SignalWindow'], { shift: 12 });
  t.deepEqual(options['SignalRfft'], { T: 7, fft_length: 512 });
  t.deepEqual(options['SignalEnergy'], { end_index: 241, start_index: 5 });
  t.deepEqual(options['SignalFilterBankSpectralSubtraction'], {
    alternate_one_minus_smoothing: 15401, alternate_smoothing: 983, clamping: false, min_signal_remaining: 819, num_channels: 40,
    one_minus_smoothing: 15975, smoothing: 409, smoothing_bits: 10, spectral_subtraction_bits: 14,
  });
  t.deepEqual(options['SignalFilterBankLog'], { input_correction_bits: 3, output_scale: 64 });
  t.deepEqual(options['SignalFftAutoScale'], {});
});

test('damaged buffers give tflite/bad-buffer naming the options', (t) => {
  const good = encode({ shift: 12, list: [1, 2, 3], name: 'x' });
  const damaged: Uint8Array[] = [new Uint8Array(0), good.subarray(0, 2), good.subarray(5)];
  // Every single-byte change of the root and its type: some still decode to another value, none may throw otherwise.
  for (let i = 0; i < good.length; i++) {
    for (const v of [0x00, 0xff, 0x7f, 0x24]) {
      const b = good.slice();
      b[i] = v;
      damaged.push(b);
    }
  }
  let diagnosed = 0;
  for (const b of damaged) {
    try {
      readFlexbuffer(b, 'operator 3\'s options');
    } catch (e) {
      t.true(e instanceof IngotError, String(e));
      t.is((e as IngotError).diagnostic.code, 'tflite/bad-buffer');
      t.regex((e as IngotError).diagnostic.message, /^operator 3's options: /);
      diagnosed++;
    }
  }
  t.true(diagnosed >= 3, `${diagnosed} of ${damaged.length} damaged buffers were diagnosed`);
});

test('vectors that share their children cannot make a small buffer decode forever', (t) => {
  // Thirty levels of two-element vectors, both elements pointing at the level below: 2^30 values in 155 bytes.
  const VECTOR_1 = (10 << 2) | 0;
  const bytes: number[] = [0];
  let below = bytes.length;
  for (let level = 0; level < 30; level++) {
    bytes.push(2);
    const start = bytes.length;
    bytes.push(start - below, start + 1 - below, VECTOR_1, VECTOR_1);
    below = start;
  }
  bytes.push(bytes.length - below, VECTOR_1, 1);
  const started = performance.now();
  const e = t.throws(() => readFlexbuffer(Uint8Array.from(bytes), 'operator 0\'s options'), { instanceOf: IngotError });
  t.is((e as IngotError).diagnostic.code, 'tflite/bad-buffer');
  t.regex((e as IngotError).diagnostic.message, /more values than its \d+ bytes can hold/);
  t.true(performance.now() - started < 1000);
});
