/**
 * `ingot run --stream`: frames stacked on a first axis run in order from one
 * reset, the state carrying over — TFLite Micro's consecutive invokes. The
 * audio front end's noise estimate makes every frame after the first depend
 * on those before, so its recorded stream (49 frames of yes_1000ms.wav) must
 * come out equal to TFLite Micro's through the reference executor, a host C
 * bundle, a wasm bundle and a Cortex-M4 bundle under QEMU; wrong input
 * shapes are refused with a diagnostic, writing nothing.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import { testCacheDir } from '../helpers/c-bundles.js';
import { compareOutput } from '../helpers/compare.js';
import { oracleDir, repoRoot, sharedDir } from '../helpers/paths.js';
import { scratchDir } from '../helpers/scratch.js';

const MODEL = join(sharedDir, 'models', 'tflm-micro-speech', 'audio_preprocessor_int8.tflite');
const CASES = join(oracleDir, 'tflm-micro-speech__audio_preprocessor_int8');
const FRAMES = join(CASES, 'real_stream_yes_1000ms.in0.npy');
const env = { ...process.env, INGOT_CACHE_DIR: join(testCacheDir, 'cli') };
const ingot = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8', env });
const npy = (path: string) => parseNpy(new Uint8Array(readFileSync(path)), path);

function checkStream(t: import('ava').ExecutionContext, target: string): void {
  const out = join(scratchDir('ingot-stream-'), 'features.npy');
  const r = ingot(['run', target, '--stream', '-i', FRAMES, '-o', out]);
  t.is(r.status, 0, r.stderr);
  const got = npy(out);
  const want = npy(join(CASES, 'real_stream_yes_1000ms.out0.npy'));
  t.deepEqual(got.shape, [49, 40]);
  t.is(compareOutput(got.data, want.data), undefined);
}

test('the reference executor runs a stream of frames as TFLite Micro does', (t) => {
  checkStream(t, MODEL);
});

test('a host C bundle, a wasm bundle and a Cortex-M4 bundle run the stream the same way', (t) => {
  const dir = scratchDir('ingot-stream-bundles-');
  for (const [name, extra] of [['host', []], ['web', ['--target', 'wasm']], ['m4', ['--target', 'cortex-m4']]] as const) {
    const c = ingot(['compile', MODEL, ...extra, '-o', join(dir, name)]);
    t.is(c.status, 0, c.stderr);
    checkStream(t, join(dir, name));
  }
});

test('one frame per run is not the stream: each run starts from the reset state', (t) => {
  const frames = npy(FRAMES);
  const dir = scratchDir('ingot-stream-single-');
  const second = join(dir, 'frame1.npy');
  writeFileSync(second, serializeNpy({ dtype: frames.dtype, shape: frames.shape.slice(1), data: frames.data.subarray(480, 960) as typeof frames.data }));
  const r = ingot(['run', MODEL, '-i', second, '-o', join(dir, 'out.npy')]);
  t.is(r.status, 0, r.stderr);
  const streamed = npy(join(CASES, 'real_stream_yes_1000ms.out0.npy')).data.subarray(40, 80);
  t.notDeepEqual(Array.from(npy(join(dir, 'out.npy')).data as Int8Array), Array.from(streamed as Int8Array), 'frame 1 alone equals frame 1 of the stream');
});

test('stream inputs of the wrong shape are refused, writing nothing', (t) => {
  const dir = scratchDir('ingot-stream-bad-');
  const out = join(dir, 'out.npy');
  const plain = ingot(['run', MODEL, '-i', FRAMES, '-o', out]);
  t.is(plain.status, 1);
  t.regex(plain.stderr, /^error\[input\/shape\]: input 0 'serving_default_audio_frame:0' has shape \[1,480\], the given array has \[49,1,480\]/);
  const short = join(dir, 'short.npy');
  writeFileSync(short, serializeNpy({ dtype: 'i16', shape: [3, 100], data: new Int16Array(300) }));
  const wrong = ingot(['run', MODEL, '--stream', '-i', short, '-o', out]);
  t.is(wrong.status, 1);
  t.regex(wrong.stderr, /^error\[input\/shape\]: input 0 '[^']+' of a stream must be frames stacked on a first axis, \[frames, …\[1,480\]\]; the given array has \[3,100\]/);
  t.false(existsSync(out));
});
