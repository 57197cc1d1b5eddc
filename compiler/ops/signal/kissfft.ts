/**
 * The int16 real FFT TFLite Micro's SignalRfft runs: kissfft (1.3.0) in
 * Q15 fixed point, a complex FFT of half the length over the samples taken
 * as complex pairs, then the real-FFT split. Its plan is fixed at compile
 * time, so every backend bakes the same tables:
 *
 * - twiddles floor(0.5 + 32767·cos φ), floor(0.5 + 32767·sin φ) with
 *   φ = −2πi/n, and the split's super twiddles with φ = −π((i+1)/n + 1/2);
 * - the factors, radix 4 first then 2 (kissfft's order). Lengths with other
 *   factors are refused: kissfft's generic butterfly needs a scratch buffer
 *   TFLite Micro does not give it, and its radix 3 and 5 are not built here;
 * - kissfft recurses depth-first, each call copying its inputs (m = 1) or
 *   recursing, then running its butterflies; the butterflies of one level
 *   touch disjoint outputs, so the same arithmetic runs as one permuting
 *   copy (`order`) and then the levels innermost first (`stages`).
 *
 * Arithmetic: products of int16 in int32 (a sum of two wraps like the C),
 * sround(p) = (p + 2^14) >> 15 stored to int16, each butterfly input first
 * divided by the radix as sround(x · ⌊32767 / radix⌋), sums stored to int16.
 */
import { fail } from '../../ir/index.js';

export interface FftStage {
  radix: 2 | 4;
  /** Butterfly span: the outputs of one butterfly are m apart. */
  m: number;
  /** Twiddle index step of the stage. */
  stride: number;
}

export interface RfftPlan {
  /** Samples per transform (the zero-padded frame). */
  fftLength: number;
  /** Complex points of the inner FFT (fftLength / 2). */
  points: number;
  /** For each complex point of the first stage's input, the complex pair of the frame it copies. */
  order: number[];
  /** Butterfly levels, innermost (applied first) to outermost. */
  stages: FftStage[];
  /** Q15 twiddles, `points` of each. */
  cos: number[];
  sin: number[];
  /** Q15 super twiddles of the real split, points / 2 of each. */
  superCos: number[];
  superSin: number[];
}

const q15 = (v: number): number => Math.floor(0.5 + 32767 * v);

/** kissfft's factor list for n: [radix, remaining length] pairs, radix 4 first, then 2. */
function factors(n: number, label: string): Array<[2 | 4, number]> {
  const out: Array<[2 | 4, number]> = [];
  let rest = n;
  while (rest > 1) {
    const radix = rest % 4 === 0 ? 4 : rest % 2 === 0 ? 2 : 0;
    if (radix === 0) {
      fail('op/bad-attribute', `${label}: fft_length ${2 * n} is not a power of two, which Ingot's real FFT needs`, { hint: 'use a power-of-two fft_length (TFLite Micro\'s kissfft cannot run most other lengths either)' });
    }
    rest /= radix;
    out.push([radix as 2 | 4, rest]);
  }
  return out;
}

/** The plan of a real FFT of `fftLength` samples (`label` names the op in errors). */
export function rfftPlan(fftLength: number, label: string): RfftPlan {
  if (!Number.isInteger(fftLength) || fftLength < 4 || fftLength > 1 << 16) {
    fail('op/bad-attribute', `${label}: fft_length ${fftLength} is outside 4…65536`, { hint: 'use a power-of-two fft_length from 4 to 65536' });
  }
  const points = fftLength / 2;
  const levels = factors(points, label);
  const cos: number[] = [];
  const sin: number[] = [];
  for (let i = 0; i < points; i++) {
    const phase = (-2 * Math.PI * i) / points;
    cos.push(q15(Math.cos(phase)));
    sin.push(q15(Math.sin(phase)));
  }
  const superCos: number[] = [];
  const superSin: number[] = [];
  for (let i = 0; i < points / 2; i++) {
    const phase = -Math.PI * ((i + 1) / points + 0.5);
    superCos.push(q15(Math.cos(phase)));
    superSin.push(q15(Math.sin(phase)));
  }
  // The recursion's copies: output position o + q·m (level by level) reads input i + q·stride.
  const order = new Array<number>(points).fill(0);
  const walk = (o: number, i: number, stride: number, level: number): void => {
    const [radix, m] = levels[level]!;
    for (let q = 0; q < radix; q++) {
      if (m === 1) order[o + q] = i + q * stride;
      else walk(o + q * m, i + q * stride, stride * radix, level + 1);
    }
  };
  walk(0, 0, 1, 0);
  const stages: FftStage[] = [];
  let stride = 1;
  for (const [radix, m] of levels) {
    stages.unshift({ radix, m, stride });
    stride *= radix;
  }
  return { fftLength, points, order, stages, cos, sin, superCos, superSin };
}

const wrap16 = (v: number): number => (v << 16) >> 16;
/** (p + 2^14) >> 15 of an int32 product sum (wrapping), stored to int16. */
const sround = (p: number): number => wrap16(((p + 16384) | 0) >> 15);
const divide = (x: number, radix: number): number => sround(x * Math.trunc(32767 / radix));

/**
 * One frame's transform: `frame` holds `inputLength` int16 samples (the rest
 * of the fftLength zero), `out` receives points + 1 complex bins, interleaved
 * (re, im), at `outAt`. The complex FFT runs in `out` itself.
 */
export function rfftFrame(plan: RfftPlan, frame: ArrayLike<number>, inputLength: number, out: Int16Array, outAt: number): void {
  const n = plan.points;
  const b = out.subarray(outAt, outAt + 2 * (n + 1));
  const sample = (k: number): number => (k < inputLength ? frame[k]! : 0);
  for (let k = 0; k < n; k++) {
    b[2 * k] = sample(2 * plan.order[k]!);
    b[2 * k + 1] = sample(2 * plan.order[k]! + 1);
  }
  const { cos, sin } = plan;
  // (xr + i·xi)·(cos + i·sin), each part rounded to int16.
  const mulRe = (xr: number, xi: number, t: number): number => sround((Math.imul(xr, cos[t]!) - Math.imul(xi, sin[t]!)) | 0);
  const mulIm = (xr: number, xi: number, t: number): number => sround((Math.imul(xr, sin[t]!) + Math.imul(xi, cos[t]!)) | 0);
  for (const { radix, m, stride } of plan.stages) {
    for (let o = 0; o < n; o += radix * m) {
      for (let u = 0; u < m; u++) {
        if (radix === 2) {
          const [a, c] = [2 * (o + u), 2 * (o + u + m)];
          const [ar, ai, cr, ci] = [divide(b[a]!, 2), divide(b[a + 1]!, 2), divide(b[c]!, 2), divide(b[c + 1]!, 2)];
          const [tr, ti] = [mulRe(cr, ci, u * stride), mulIm(cr, ci, u * stride)];
          b[c] = ar - tr; b[c + 1] = ai - ti;
          b[a] = ar + tr; b[a + 1] = ai + ti;
          continue;
        }
        const i0 = 2 * (o + u), i1 = 2 * (o + u + m), i2 = 2 * (o + u + 2 * m), i3 = 2 * (o + u + 3 * m);
        const f0r = divide(b[i0]!, 4), f0i = divide(b[i0 + 1]!, 4);
        const f1r = divide(b[i1]!, 4), f1i = divide(b[i1 + 1]!, 4);
        const f2r = divide(b[i2]!, 4), f2i = divide(b[i2 + 1]!, 4);
        const f3r = divide(b[i3]!, 4), f3i = divide(b[i3 + 1]!, 4);
        const [t1, t2, t3] = [u * stride, 2 * u * stride, 3 * u * stride];
        const s0r = mulRe(f1r, f1i, t1), s0i = mulIm(f1r, f1i, t1);
        const s1r = mulRe(f2r, f2i, t2), s1i = mulIm(f2r, f2i, t2);
        const s2r = mulRe(f3r, f3i, t3), s2i = mulIm(f3r, f3i, t3);
        const s5r = wrap16(f0r - s1r), s5i = wrap16(f0i - s1i);
        const g0r = wrap16(f0r + s1r), g0i = wrap16(f0i + s1i);
        const s3r = wrap16(s0r + s2r), s3i = wrap16(s0i + s2i);
        const s4r = wrap16(s0r - s2r), s4i = wrap16(s0i - s2i);
        b[i2] = g0r - s3r; b[i2 + 1] = g0i - s3i;
        b[i0] = g0r + s3r; b[i0 + 1] = g0i + s3i;
        b[i1] = s5r + s4i; b[i1 + 1] = s5i - s4r;
        b[i3] = s5r - s4i; b[i3 + 1] = s5i + s4r;
      }
    }
  }
  // The real split, in place: bin k and bin n − k from the complex points k and n − k.
  const dcr = divide(b[0]!, 2), dci = divide(b[1]!, 2);
  b[0] = dcr + dci; b[1] = 0;
  b[2 * n] = dcr - dci; b[2 * n + 1] = 0;
  for (let k = 1; k <= n / 2; k++) {
    const pkr = divide(b[2 * k]!, 2), pki = divide(b[2 * k + 1]!, 2);
    const pnr = divide(b[2 * (n - k)]!, 2), pni = divide(wrap16(-b[2 * (n - k) + 1]!), 2);
    const f1r = wrap16(pkr + pnr), f1i = wrap16(pki + pni);
    const f2r = wrap16(pkr - pnr), f2i = wrap16(pki - pni);
    const [wr, wi] = [plan.superCos[k - 1]!, plan.superSin[k - 1]!];
    const twr = sround((Math.imul(f2r, wr) - Math.imul(f2i, wi)) | 0);
    const twi = sround((Math.imul(f2r, wi) + Math.imul(f2i, wr)) | 0);
    b[2 * k] = (f1r + twr) >> 1; b[2 * k + 1] = (f1i + twi) >> 1;
    b[2 * (n - k)] = (f1r - twr) >> 1; b[2 * (n - k) + 1] = (twi - f1i) >> 1;
  }
}
