/**
 * gemmlowp's fixed-point transcendental functions on int32 raw values, as
 * TFLite's reference softmax, logistic and tanh use them.
 *
 * A FixedPoint<int32, I> holds a real value r as raw = r · 2^(31-I). Products
 * of two raws are saturating rounding doubling high multiplies; sums wrap.
 * The constants are gemmlowp's own (they are the rounded Q31 values of the
 * quantities named beside them).
 */
import { roundingDivideByPOT, saturatingRoundingDoublingHighMul as mul } from './fixed-point.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const add = (a: number, b: number): number => (a + b) | 0;
const sub = (a: number, b: number): number => (a - b) | 0;

/** SaturatingRoundingMultiplyByPOT<exponent>: shifts left with saturation or right with rounding. */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  const threshold = (1 << (31 - exponent)) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x << exponent;
}

/** Converts a raw value from `fromBits` integer bits to `toBits` integer bits. */
export function rescale(x: number, fromBits: number, toBits: number): number {
  return saturatingRoundingMultiplyByPOT(x, fromBits - toBits);
}

/** RoundingHalfSum: (a + b) / 2 rounded half away from zero, without overflow. */
export function roundingHalfSum(a: number, b: number): number {
  const sum = a + b;
  const sign = sum >= 0 ? 1 : -1;
  return Math.trunc((sum + sign) / 2);
}

/** exp(x) for x in [-1/4, 0), Q0.31 in and out. */
function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const constantTerm = 1895147668; // exp(-1/8)
  const constantOneOver3 = 715827883; // 1/3
  const x = add(a, 1 << 28); // a + 1/8
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT(add(mul(add(x4Over4, x3), constantOneOver3), x2), 1);
  return add(constantTerm, mul(constantTerm, add(x, poly)));
}

/** exp(a) for a <= 0; `a` has `integerBits` integer bits, the result is Q0.31. */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 1 << (fractionalBits - 2);
  const mask = oneQuarter - 1;
  const aModQuarterMinusOneQuarter = sub(a & mask, oneQuarter);
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(rescale(aModQuarterMinusOneQuarter, integerBits, 0));
  const remainder = sub(aModQuarterMinusOneQuarter, a);
  const barrel: Array<[number, number]> = [
    [-2, 1672461947], [-1, 1302514674], [0, 790015084], [1, 290630308],
    [2, 39332535], [3, 720401], [4, 242],
  ];
  for (const [exponent, multiplier] of barrel) {
    if (integerBits > exponent) {
      const shiftAmount = fractionalBits + exponent;
      if (remainder & (1 << shiftAmount)) result = mul(result, multiplier);
    }
  }
  if (integerBits > 5) {
    const clampB = 36 - integerBits;
    if (a < -(1 << clampB)) result = 0;
  }
  if (a === 0) result = INT32_MAX;
  return result;
}

/** Newton-Raphson core shared by 1/(1+x) and (1-x)/(1+x); returns x ≈ 1/half_denominator in Q2.29. */
function newtonReciprocalQ2(halfDenominator: number): number {
  const constant48Over17 = 1515870810;
  const constantNeg32Over17 = -1010580540;
  const oneQ2 = 1 << 29;
  let x = add(constant48Over17, mul(halfDenominator, constantNeg32Over17));
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = mul(halfDenominator, x);
    const oneMinus = sub(oneQ2, halfDenominatorTimesX);
    x = add(x, rescale(mul(x, oneMinus), 4, 2));
  }
  return x;
}

/** 1 / (1 + a) for a in [0, 1], Q0.31 in and out. */
export function oneOverOnePlusXForXIn01(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX);
  const x = newtonReciprocalQ2(halfDenominator);
  // ExactMulByPot<-1> keeps the raw and drops an integer bit: Q2 raw read as Q1.
  return rescale(x, 1, 0);
}

/** (1 - a) / (1 + a) for a in [0, 1], Q0.31 in and out. */
export function oneMinusXOverOnePlusXForXIn01(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX);
  const x = newtonReciprocalQ2(halfDenominator);
  return rescale(sub(x, 1 << 29), 2, 0);
}

/** gemmlowp logistic: input with `integerBits` integer bits, output Q0.31. */
export function logistic(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30;
  const absInput = a > 0 ? a : -a | 0;
  const positive = oneOverOnePlusXForXIn01(expOnNegativeValues(-absInput | 0, integerBits));
  return a > 0 ? positive : sub(INT32_MAX, positive);
}

/** gemmlowp tanh: input with `integerBits` integer bits, output Q0.31. */
export function tanh(a: number, integerBits: number): number {
  if (a === 0) return 0;
  const n = a < 0 ? a : -a | 0;
  // ExactMulByPot<1>: same raw, one more integer bit.
  const t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(n, integerBits + 1));
  return a < 0 ? -t | 0 : t;
}

/**
 * TFLite GetReciprocal: 1/x for a positive x with `integerDigits` integer bits.
 * Returns the Q0.31 reciprocal of x normalised into [1, 2) and how many bits
 * x had above 1.0.
 */
export function getReciprocal(x: number, integerDigits: number): { reciprocal: number; bitsOverUnit: number } {
  const headroomPlusOne = Math.clz32(x);
  const bitsOverUnit = integerDigits - headroomPlusOne;
  const shiftedSumMinusOne = ((x << headroomPlusOne) - INT32_MIN) | 0;
  // (uint32(x) << h) - (1 << 31), reinterpreted as int32.
  return { reciprocal: oneOverOnePlusXForXIn01(shiftedSumMinusOne), bitsOverUnit };
}
