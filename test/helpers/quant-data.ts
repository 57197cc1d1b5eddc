/**
 * Deterministic inputs for the quantization tests and benchmarks, made from
 * the real test vectors in ../shared with a seeded PRNG:
 *
 * - visual wake words: the two person-detection photos (person /
 *   no person, 96×96 grayscale), augmented — random shift, flip, zoom,
 *   brightness, contrast, per-channel tint and noise — into RGB images in
 *   [0, 1] (the range the int8 twin's input scale 1/255 implies);
 * - magic wand: the ring and slope accelerometer windows, time-shifted,
 *   rescaled, offset and with noise added;
 * - hello world: evenly spaced x in [0, 2π], the training domain.
 *
 * Different seeds give disjoint calibration and evaluation sets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sample } from '../../compiler/quant/calibrate.js';
import { parseNpy } from '../../compiler/io/npy.js';
import { sharedDir } from './paths.js';

/** mulberry32: a small, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function loadNpy(relative: string): Float32Array | Int8Array {
  return parseNpy(new Uint8Array(readFileSync(join(sharedDir, relative))), relative).data as Float32Array | Int8Array;
}

/** The two person-detection photos as grayscale in [0, 1]. */
function personPhotos(): Float32Array[] {
  return ['person_int8.npy', 'no_person_int8.npy'].map((f) => {
    const q = loadNpy(join('models/tflm-person-detection/testdata', f)) as Int8Array;
    return Float32Array.from(q, (v) => (v + 128) / 255);
  });
}

/** `count` RGB images [1,96,96,3] in [0, 1], augmented from the person-detection photos. */
export function vwwImages(count: number, seed: number): Sample[] {
  const photos = personPhotos();
  const rand = prng(seed);
  const size = 96;
  return Array.from({ length: count }, (_, n) => {
    const photo = photos[n % photos.length]!;
    const zoom = 0.8 + 0.4 * rand();
    const dx = (rand() - 0.5) * 24;
    const dy = (rand() - 0.5) * 24;
    const flip = rand() < 0.5;
    const contrast = 0.7 + 0.6 * rand();
    const brightness = (rand() - 0.5) * 0.3;
    const tint = [0.85 + 0.3 * rand(), 0.85 + 0.3 * rand(), 0.85 + 0.3 * rand()];
    const data = new Float32Array(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const sx = Math.min(size - 1, Math.max(0, Math.round(((flip ? size - 1 - x : x) - size / 2) / zoom + size / 2 + dx)));
        const sy = Math.min(size - 1, Math.max(0, Math.round((y - size / 2) / zoom + size / 2 + dy)));
        const g = (photo[sy * size + sx]! - 0.5) * contrast + 0.5 + brightness;
        for (let c = 0; c < 3; c++) {
          const v = g * tint[c]! + 0.02 * gaussian(rand);
          data[(y * size + x) * 3 + c] = Math.min(1, Math.max(0, v));
        }
      }
    }
    return [{ dtype: 'f32', shape: [1, size, size, 3], data }];
  });
}

/** The ring and slope accelerometer windows [1,128,3,1] from the magic-wand example. */
export function magicWandWindows(): Float32Array[] {
  return ['ring_float32.npy', 'slope_float32.npy'].map((f) => loadNpy(join('models/tflm-magic-wand', f)) as Float32Array);
}

/** `count` accelerometer windows augmented from the ring and slope recordings. */
export function magicWandSamples(count: number, seed: number): Sample[] {
  const windows = magicWandWindows();
  const rand = prng(seed);
  return Array.from({ length: count }, (_, n) => {
    const w = windows[n % windows.length]!;
    const shift = Math.floor(rand() * 32) - 16;
    const scale = 0.8 + 0.4 * rand();
    const offset = [(rand() - 0.5) * 100, (rand() - 0.5) * 100, (rand() - 0.5) * 100];
    const data = new Float32Array(128 * 3);
    for (let t = 0; t < 128; t++) {
      const src = Math.min(127, Math.max(0, t + shift));
      for (let a = 0; a < 3; a++) data[t * 3 + a] = w[src * 3 + a]! * scale + offset[a]! + 20 * gaussian(rand);
    }
    return [{ dtype: 'f32', shape: [1, 128, 3, 1], data }];
  });
}

/** `count` evenly spaced x in [start, start + 2π·span] as [1,1] samples. */
export function sineInputs(count: number, offset = 0): Sample[] {
  return Array.from({ length: count }, (_, i) => [{ dtype: 'f32', shape: [1, 1], data: Float32Array.of((2 * Math.PI * (i + offset)) / (count - 1)) }]);
}
