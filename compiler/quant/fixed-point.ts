/**
 * TFLite's fixed-point requantization arithmetic, bit for bit.
 *
 * A real multiplier M is stored as a Q31 integer m and a power-of-two shift
 * (M ≈ m · 2^(shift-31)). Applying it is a saturating rounding doubling
 * high multiply followed by a rounding divide by a power of two, exactly as
 * gemmlowp and TFLite's reference kernels do (without TFLITE_SINGLE_ROUNDING,
 * which TFLite Micro's reference build does not define). Every function here
 * has a C twin in runtime-c/ingot_fixed_point.h; the two must agree.
 */

const TWO_POW_31 = 2147483648;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** std::round: halves go away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** std::frexp for finite non-zero x: x = m · 2^e with 0.5 <= |m| < 1. */
export function frexp(x: number): { mantissa: number; exponent: number } {
  if (x === 0 || !Number.isFinite(x)) return { mantissa: x, exponent: 0 };
  let e = Math.ceil(Math.log2(Math.abs(x)));
  let m = x / Math.pow(2, e);
  // log2 can be off by one near powers of two; settle into [0.5, 1).
  while (Math.abs(m) >= 1) { m /= 2; e += 1; }
  while (Math.abs(m) < 0.5) { m *= 2; e -= 1; }
  return { mantissa: m, exponent: e };
}

export interface QuantizedMultiplier {
  multiplier: number;
  shift: number;
}

/** TFLite QuantizeMultiplier: a double multiplier to (Q31 multiplier, shift). */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  const { mantissa, exponent } = frexp(real);
  let shift = exponent;
  let q = roundHalfAway(mantissa * TWO_POW_31);
  if (q === TWO_POW_31) {
    q /= 2;
    shift += 1;
  }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: q, shift };
}

/** gemmlowp SaturatingRoundingDoublingHighMul on int32 operands. */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = a * b;
  if (Math.abs(ab) < 4503599627370496) {
    // |ab| < 2^52: the product and the nudge are exact doubles.
    const nudge = ab >= 0 ? 1073741824 : 1 - 1073741824;
    return Math.trunc((ab + nudge) / TWO_POW_31) | 0;
  }
  const big = BigInt(a) * BigInt(b);
  const nudge = big >= 0n ? 1073741824n : 1n - 1073741824n;
  return Number((big + nudge) / 2147483648n);
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent, rounding half away from zero. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  const mask = exponent >= 31 ? INT32_MAX : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** TFLite MultiplyByQuantizedMultiplier (int32 accumulator). */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const leftShift = shift > 0 ? shift : 0;
  const rightShift = shift > 0 ? 0 : -shift;
  const shifted = leftShift === 0 ? x : Math.imul(x, 1 << leftShift);
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, multiplier), rightShift);
}

/** TFLite MultiplyByQuantizedMultiplierSmallerThanOneExp (shift <= 0). */
export function multiplyByQuantizedMultiplierSmallerThanOneExp(x: number, multiplier: number, shift: number): number {
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -shift);
}

/** TFLite MultiplyByQuantizedMultiplierGreaterThanOne (leftShift >= 0). */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, multiplier: number, leftShift: number): number {
  return saturatingRoundingDoublingHighMul(Math.imul(x, 1 << leftShift), multiplier);
}

/**
 * TFLite MultiplyByQuantizedMultiplier for int64 accumulators (16x8 kernels):
 * the multiplier is reduced to Q15 and the product rounded once.
 */
export function multiplyByQuantizedMultiplier64(x: number, multiplier: number, shift: number): number {
  const reduced = multiplier < 0x7fff0000 ? (multiplier + (1 << 15)) >> 16 : 0x7fff;
  const totalShift = 15 - shift;
  const product = x * reduced;
  if (Math.abs(product) < 2 ** 52) {
    return Math.floor((product + 2 ** (totalShift - 1)) / 2 ** totalShift);
  }
  const big = BigInt(x) * BigInt(reduced) + (1n << BigInt(totalShift - 1));
  return Number(big >> BigInt(totalShift));
}

/** Saturates to a signed integer range. */
export function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}

/** Wraps to int32 as C's two's complement arithmetic does. */
export function wrap32(x: number): number {
  return x | 0;
}

/** An exact integer stored into an element of `dtype` (int8, uint8, int16; anything else as int32), keeping its low bits as a C conversion does. */
export function wrapTo(dtype: string, v: number): number {
  switch (dtype) {
    case 'i8': return (v << 24) >> 24;
    case 'u8': return v & 0xff;
    case 'i16': return (v << 16) >> 16;
    default: return v | 0;
  }
}

/** Count of leading zero bits of a uint32. */
export function countLeadingZeros(x: number): number {
  return Math.clz32(x);
}
