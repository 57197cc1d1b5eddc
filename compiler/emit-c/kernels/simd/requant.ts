/**
 * Requantization for the target kernels, with the arithmetic facts that
 * make each form equal to TFLite's `MultiplyByQuantizedMultiplier`
 * (SRDHM, then a rounding divide by a power of two that rounds half away
 * from zero), plus the output offset and clamp.
 *
 * Scalar Arm DSP form (SMMLAR): see `ingot_dsp_requant` in
 * runtime-c/ingot_arm_dsp.h. It needs m >= 0, a right shift n >= 1, an
 * accumulator bound |x| < 2^30 and no overflow when the rounding term and
 * the offset are added; `dspRequantConstants` checks all of it from the
 * layer's constants and an accumulator bound computed from its weights and
 * bias, and returns undefined otherwise (the kernel then uses the general
 * `ingot_mbqm`).
 *
 * Vector form (Helium VQRDMULH, NEON SQRDMULH): the doubling high multiply
 * with rounding, (2·x·m + 2^31) >> 32 saturated, is SRDHM exactly (both
 * round half up, and both saturate only for INT32_MIN · INT32_MIN). The
 * rounding shift right (VRSHL/SRSHL by −n) rounds half up, RDBP half away
 * from zero; subtracting 1 from negative values first (saturating, so
 * INT32_MIN stays put, which cannot change its result) turns one into the
 * other for n >= 1, and n = 0 must skip that step. Left shifts (shift > 0)
 * wrap before the multiply, as the reference's `Math.imul` does.
 * `vectorRequantModel` states this in TypeScript; tests compare it with the
 * reference on edge values.
 */
import { multiplyByQuantizedMultiplier } from '../../../quant/fixed-point.js';
import type { Requantization } from '../common.js';

const TWO_30 = 2 ** 30;
const TWO_31 = 2 ** 31;

/** The largest |accumulator| a conv-like layer can reach: |bias| + maxInput · Σ|w| per channel. */
export function accumulatorBound(bias: ArrayLike<number | bigint> | undefined, weights: ArrayLike<number>, channels: number, taps: number, maxAbsInput = 255): number {
  let bound = 0;
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let t = 0; t < taps; t++) s += Math.abs(weights[c * taps + t]!);
    bound = Math.max(bound, Math.abs(Number(bias?.[c] ?? 0)) + maxAbsInput * s);
  }
  return bound;
}

/** Per-channel constants of the SMMLAR form: multiplier, 2^(n-1) + offset·2^n, and n. */
export interface DspRequantConstants {
  multipliers: number[];
  roundOffsets: number[];
  rightShifts: number[];
}

/** The SMMLAR-form constants, or undefined when this layer's constants or bound fall outside its proof. */
export function dspRequantConstants(r: Requantization, accBound: number): DspRequantConstants | undefined {
  if (r.wideAccumulator || accBound >= TWO_30) return undefined;
  const out: DspRequantConstants = { multipliers: [], roundOffsets: [], rightShifts: [] };
  for (let c = 0; c < r.multipliers.length; c++) {
    const m = r.multipliers[c]!;
    const n = -r.shifts[c]!;
    if (m < 0 || n < 1 || n > 30) return undefined;
    const roundOffset = 2 ** (n - 1) + r.outputOffset * 2 ** n;
    // |SRDHM(x, m)| <= accBound·m/2^31 + 1; the sum with the round offset (and the −1) must fit int32.
    if (Math.floor((accBound * m) / TWO_31) + 2 + Math.abs(roundOffset) >= TWO_31) return undefined;
    out.multipliers.push(m);
    out.roundOffsets.push(roundOffset);
    out.rightShifts.push(n);
  }
  return out;
}

/** What `ingot_dsp_requant` computes (SMMLAR's 64-bit arithmetic), before the clamp. */
export function dspRequantModel(x: number, m: number, roundOffset: number, n: number): number {
  const ra = BigInt(roundOffset - (x < 0 ? 1 : 0));
  const t = BigInt.asIntN(32, ((ra << 32n) + BigInt(2 * x) * BigInt(m) + 2147483648n) >> 32n);
  return Number(t >> BigInt(n));
}

/** What the VQRDMULH / fix-up / VRSHL sequence computes, before the offset and clamp. */
export function vectorRequantModel(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const n = shift > 0 ? 0 : -shift;
  const shifted = BigInt(Math.imul(x, 2 ** left));
  // VQRDMULH: (2·a·b + 2^31) >> 32, saturating.
  let high = (2n * shifted * BigInt(m) + 2147483648n) >> 32n;
  if (high > 2147483647n) high = 2147483647n;
  // Fix-up: negative values minus one (saturating), only when there is a right shift.
  let v = high;
  if (n >= 1 && v < 0n) v = v - 1n < -2147483648n ? -2147483648n : v - 1n;
  // VRSHL by −n: (v + 2^(n−1)) >> n without overflow.
  return n === 0 ? Number(v) : Number((v + (1n << BigInt(n - 1))) >> BigInt(n));
}

/** The reference result (before offset and clamp), for tests. */
export function referenceRequant(x: number, m: number, shift: number): number {
  return multiplyByQuantizedMultiplier(x, m, shift);
}
