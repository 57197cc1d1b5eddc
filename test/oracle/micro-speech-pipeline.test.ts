/**
 * TFLite Micro's micro_speech example end to end, as its own test states it:
 * 16 kHz WAV recordings through the audio front end (30 ms windows, 20 ms
 * stride, one stream, its noise estimate carried from window to window)
 * into the keyword model, whose top score must name the word said — yes,
 * no, silence, and silence for noise; and the two 30 ms recordings must
 * give exactly the feature slices that test lists. Both models run as Ingot
 * compiles them (the reference executor, which every backend matches on
 * the oracle), from the recordings themselves rather than recorded inputs.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { sharedDir } from '../helpers/paths.js';

const DIR = join(sharedDir, 'models', 'tflm-micro-speech');
const WINDOW = 480;
const STRIDE = 320;
const SLICES = 49;

interface Vectors {
  labels: string[];
  'audio_preprocessor_int8.tflite': Record<string, { expected_feature_int8: number[] }>;
}
const vectors = JSON.parse(readFileSync(join(DIR, 'test_vectors.json'), 'utf8')) as Vectors;

/** The 16-bit PCM samples of a WAV file (its `data` chunk). */
function wavSamples(file: string): Int16Array {
  const b = readFileSync(join(DIR, file));
  for (let at = 12; at + 8 <= b.length; ) {
    const size = b.readUInt32LE(at + 4);
    if (b.toString('latin1', at, at + 4) === 'data') return new Int16Array(b.buffer.slice(b.byteOffset + at + 8, b.byteOffset + at + 8 + size));
    at += 8 + size + (size % 2);
  }
  throw new Error(`${file} has no data chunk`);
}

const frontEnd = new ReferenceExecutor(importModel(new Uint8Array(readFileSync(join(DIR, 'audio_preprocessor_int8.tflite'))), 'audio_preprocessor_int8'));
const classifier = new ReferenceExecutor(importModel(new Uint8Array(readFileSync(join(DIR, 'micro_speech_quantized.tflite'))), 'micro_speech_quantized'));

/** One stream of windows through the front end from its reset: `count` feature slices of 40 int8 values. */
function features(samples: Int16Array, count: number): Int8Array {
  frontEnd.reset();
  const out = new Int8Array(count * 40);
  for (let k = 0; k < count; k++) {
    const window = samples.slice(k * STRIDE, k * STRIDE + WINDOW);
    out.set(frontEnd.run([{ dtype: 'i16', shape: [1, WINDOW], data: window }])[0] as Int8Array, k * 40);
  }
  return out;
}

test('the 30 ms recordings give TFLite Micro\'s feature slices exactly', (t) => {
  for (const word of ['yes', 'no']) {
    const file = `testdata/${word}_30ms.wav`;
    t.deepEqual(Array.from(features(wavSamples(file), 1)), vectors['audio_preprocessor_int8.tflite'][file]!.expected_feature_int8, file);
  }
});

test('one second of speech through the front end and the keyword model names the word', (t) => {
  for (const [recording, word] of [['yes', 'yes'], ['no', 'no'], ['silence', 'silence'], ['noise', 'silence']] as const) {
    const samples = wavSamples(`testdata/${recording}_1000ms.wav`);
    t.true(samples.length >= (SLICES - 1) * STRIDE + WINDOW, `${recording}: ${samples.length} samples`);
    const scores = classifier.run([{ dtype: 'i8', shape: [1, SLICES * 40], data: features(samples, SLICES) }])[0] as Int8Array;
    const best = scores.indexOf(Math.max(...scores));
    t.is(vectors.labels[best], word, `${recording}_1000ms.wav: scores ${Array.from(scores).join(', ')}`);
  }
});
