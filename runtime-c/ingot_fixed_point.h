/*
 * TFLite's and gemmlowp's fixed-point arithmetic in C99, bit for bit.
 *
 * Every function here is the twin of one in compiler/quant/fixed-point.ts or
 * compiler/quant/gemmlowp.ts (the reference the compiler's tests run), and a
 * test checks the two agree on random values. Where C would have undefined
 * behaviour (signed overflow, shifting a negative number left, shifting by
 * 32 or more) the code computes in uint32_t and takes the shift count modulo
 * 32, which is exactly what the TypeScript twin does, so both wrap the same
 * way; right shifts of negative values are arithmetic on every supported
 * compiler, as TFLite itself assumes.
 */
#ifndef INGOT_FIXED_POINT_H
#define INGOT_FIXED_POINT_H

#include <limits.h>
#include <stdint.h>

/*
 * The small helpers below sit in every inner requantization; forcing them
 * inline (where the compiler supports it) keeps a call out of each output
 * element. Elsewhere they are ordinary static inline functions.
 */
#ifndef INGOT_INLINE
#if defined(__GNUC__) || defined(__clang__)
#define INGOT_INLINE static inline __attribute__((always_inline))
#else
#define INGOT_INLINE static inline
#endif
#endif

/* Two's complement int32 arithmetic without undefined behaviour. */
INGOT_INLINE int32_t ingot_wrap_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
INGOT_INLINE int32_t ingot_wrap_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
INGOT_INLINE int32_t ingot_wrap_neg(int32_t a) { return (int32_t)(0u - (uint32_t)a); }
INGOT_INLINE int32_t ingot_wrap_mul(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
/* a << (s mod 32), wrapping (Math.imul(a, 1 << s) in the TypeScript twin). */
INGOT_INLINE int32_t ingot_wrap_shl(int32_t a, int s) { return (int32_t)((uint32_t)a << (s & 31)); }
/* The low 32 bits of an int64 as int32 (`x | 0`). */
INGOT_INLINE int32_t ingot_wrap32(int64_t x) { return (int32_t)(uint32_t)(uint64_t)x; }

/* Leading zero bits of a uint32 (32 for zero). */
static inline int ingot_clz32(uint32_t x) {
#if (defined(__GNUC__) || defined(__clang__)) && UINT_MAX == 0xFFFFFFFFu
  return x == 0 ? 32 : __builtin_clz(x);
#else
  int n = 0;
  if (x == 0) return 32;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    n++;
  }
  return n;
#endif
}

/*
 * gemmlowp SaturatingRoundingDoublingHighMul. Its nudged, truncating
 * division by 2^31 equals adding 2^30 and shifting right arithmetically
 * (floor) for both signs, which needs no sign fix-up.
 */
INGOT_INLINE int32_t ingot_srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  return (int32_t)(((int64_t)a * b + ((int64_t)1 << 30)) >> 31);
}

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounded half away from zero. */
INGOT_INLINE int32_t ingot_rdbp(int32_t x, int exponent) {
  const int32_t mask = exponent >= 31 ? INT32_MAX : (int32_t)((1u << (exponent & 31)) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> (exponent & 31)) + (remainder > threshold ? 1 : 0);
}

/* TFLite MultiplyByQuantizedMultiplier (int32 accumulator). */
INGOT_INLINE int32_t ingot_mbqm(int32_t x, int32_t multiplier, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return ingot_rdbp(ingot_srdhm(ingot_wrap_shl(x, left), multiplier), right);
}

/* TFLite MultiplyByQuantizedMultiplierSmallerThanOneExp (shift <= 0). */
INGOT_INLINE int32_t ingot_mbqm_smaller_than_one(int32_t x, int32_t multiplier, int shift) {
  return ingot_rdbp(ingot_srdhm(x, multiplier), -shift);
}

/* TFLite MultiplyByQuantizedMultiplierGreaterThanOne (left_shift >= 0). */
INGOT_INLINE int32_t ingot_mbqm_greater_than_one(int32_t x, int32_t multiplier, int left_shift) {
  return ingot_srdhm(ingot_wrap_shl(x, left_shift), multiplier);
}

/*
 * TFLite MultiplyByQuantizedMultiplier for int64 accumulators (16x8 kernels):
 * the multiplier is reduced to Q15 and the product rounded once. |x| < 2^47.
 * Returns the unsaturated result; callers clamp it.
 */
INGOT_INLINE int64_t ingot_mbqm64(int64_t x, int32_t multiplier, int shift) {
  const int32_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int total_shift = 15 - shift;
  const int64_t round = (int64_t)1 << (total_shift - 1);
  return (x * reduced + round) >> total_shift;
}

/*
 * ingot_mbqm for the common case of conv-like kernels, with the constants
 * prepared once: a multiplier >= 0 (so SRDHM cannot saturate) and a shift
 * in [-31, 0] given as right = -shift. Equal to ingot_mbqm(x, multiplier, -right).
 */
INGOT_INLINE int32_t ingot_mbqm_right(int32_t x, int32_t multiplier, int right) {
  const int32_t high = (int32_t)(((int64_t)x * multiplier + ((int64_t)1 << 30)) >> 31);
  /* right is in [0, 31], so the mask needs no special case (2^31 - 1 is RDBP's own). */
  const int32_t mask = (int32_t)((1u << right) - 1u);
  const int32_t remainder = high & mask;
  const int32_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> right) + (remainder > threshold ? 1 : 0);
}

/*
 * ingot_mbqm64 with its first steps done at compile time: reduced is the
 * Q15 multiplier ((multiplier + 2^15) >> 16, or 0x7FFF) and total_shift is
 * 15 - shift. Equal to ingot_mbqm64(x, multiplier, shift).
 */
INGOT_INLINE int64_t ingot_mbqm64_q15(int64_t x, int32_t reduced, int total_shift) {
  return (x * reduced + ((int64_t)1 << (total_shift - 1))) >> total_shift;
}

/* gemmlowp SaturatingRoundingMultiplyByPOT<exponent>. */
static inline int32_t ingot_sat_mul_pot(int32_t x, int exponent) {
  int32_t threshold;
  if (exponent == 0) return x;
  if (exponent < 0) return ingot_rdbp(x, -exponent);
  threshold = (int32_t)((1u << ((31 - exponent) & 31)) - 1u);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return ingot_wrap_shl(x, exponent);
}

/* Converts a fixed-point raw value from `from_bits` to `to_bits` integer bits. */
static inline int32_t ingot_rescale(int32_t x, int from_bits, int to_bits) {
  return ingot_sat_mul_pot(x, from_bits - to_bits);
}

/* gemmlowp RoundingHalfSum: (a + b) / 2 rounded half away from zero. */
static inline int32_t ingot_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

/* exp(x) for x in [-1/4, 0), Q0.31 in and out. */
static inline int32_t ingot_exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a) {
  const int32_t constant_term = 1895147668;   /* exp(-1/8) */
  const int32_t constant_1_over_3 = 715827883; /* 1/3 */
  const int32_t x = ingot_wrap_add(a, 1 << 28);
  const int32_t x2 = ingot_srdhm(x, x);
  const int32_t x3 = ingot_srdhm(x2, x);
  const int32_t x4 = ingot_srdhm(x2, x2);
  const int32_t x4_over_4 = ingot_rdbp(x4, 2);
  const int32_t poly = ingot_rdbp(ingot_wrap_add(ingot_srdhm(ingot_wrap_add(x4_over_4, x3), constant_1_over_3), x2), 1);
  return ingot_wrap_add(constant_term, ingot_srdhm(constant_term, ingot_wrap_add(x, poly)));
}

/* gemmlowp exp_on_negative_values: a <= 0 with `integer_bits` integer bits; result Q0.31. */
static inline int32_t ingot_exp_on_negative_values(int32_t a, int integer_bits) {
  static const int32_t barrel_multipliers[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)(1u << (fractional_bits - 2));
  const int32_t mask = one_quarter - 1;
  const int32_t a_mod_quarter_minus_one_quarter = ingot_wrap_sub(a & mask, one_quarter);
  int32_t result = ingot_exp_on_interval_between_negative_one_quarter_and_0_excl(
      ingot_rescale(a_mod_quarter_minus_one_quarter, integer_bits, 0));
  const int32_t remainder = ingot_wrap_sub(a_mod_quarter_minus_one_quarter, a);
  int exponent;
  for (exponent = -2; exponent <= 4; exponent++) {
    if (integer_bits > exponent) {
      const int shift_amount = fractional_bits + exponent;
      if (((uint32_t)remainder & (1u << (shift_amount & 31))) != 0) {
        result = ingot_srdhm(result, barrel_multipliers[exponent + 2]);
      }
    }
  }
  if (integer_bits > 5) {
    const int clamp_b = 36 - integer_bits;
    if (a < -(int32_t)(1u << clamp_b)) result = 0;
  }
  if (a == 0) result = INT32_MAX;
  return result;
}

/* Newton-Raphson core of 1/(1+x) and (1-x)/(1+x): x ~ 1/half_denominator in Q2.29. */
static inline int32_t ingot_newton_reciprocal_q2(int32_t half_denominator) {
  const int32_t constant_48_over_17 = 1515870810;
  const int32_t constant_neg_32_over_17 = -1010580540;
  const int32_t one_q2 = 1 << 29;
  int32_t x = ingot_wrap_add(constant_48_over_17, ingot_srdhm(half_denominator, constant_neg_32_over_17));
  int i;
  for (i = 0; i < 3; i++) {
    const int32_t half_denominator_times_x = ingot_srdhm(half_denominator, x);
    const int32_t one_minus = ingot_wrap_sub(one_q2, half_denominator_times_x);
    x = ingot_wrap_add(x, ingot_rescale(ingot_srdhm(x, one_minus), 4, 2));
  }
  return x;
}

/* gemmlowp one_over_one_plus_x_for_x_in_0_1: Q0.31 in and out. */
static inline int32_t ingot_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = ingot_rounding_half_sum(a, INT32_MAX);
  return ingot_rescale(ingot_newton_reciprocal_q2(half_denominator), 1, 0);
}

/* gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1: Q0.31 in and out. */
static inline int32_t ingot_one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = ingot_rounding_half_sum(a, INT32_MAX);
  const int32_t x = ingot_newton_reciprocal_q2(half_denominator);
  return ingot_rescale(ingot_wrap_sub(x, 1 << 29), 2, 0);
}

/* gemmlowp logistic: input with `integer_bits` integer bits, output Q0.31. */
static inline int32_t ingot_logistic(int32_t a, int integer_bits) {
  int32_t abs_input;
  int32_t positive;
  if (a == 0) return 1 << 30;
  abs_input = a > 0 ? a : ingot_wrap_neg(a);
  positive = ingot_one_over_one_plus_x_for_x_in_0_1(ingot_exp_on_negative_values(ingot_wrap_neg(abs_input), integer_bits));
  return a > 0 ? positive : ingot_wrap_sub(INT32_MAX, positive);
}

/* gemmlowp tanh: input with `integer_bits` integer bits, output Q0.31. */
static inline int32_t ingot_tanh(int32_t a, int integer_bits) {
  int32_t n;
  int32_t t;
  if (a == 0) return 0;
  n = a < 0 ? a : ingot_wrap_neg(a);
  t = ingot_one_minus_x_over_one_plus_x_for_x_in_0_1(ingot_exp_on_negative_values(n, integer_bits + 1));
  return a < 0 ? ingot_wrap_neg(t) : t;
}

/*
 * TFLite GetReciprocal: the Q0.31 reciprocal of x (a positive value with
 * `integer_digits` integer bits) normalised into [1, 2), and in
 * *bits_over_unit how many bits x had above 1.0.
 */
static inline int32_t ingot_get_reciprocal(int32_t x, int integer_digits, int *bits_over_unit) {
  const int headroom_plus_one = ingot_clz32((uint32_t)x);
  const int32_t shifted_sum_minus_one = (int32_t)(((uint32_t)x << (headroom_plus_one & 31)) + 0x80000000u);
  *bits_over_unit = integer_digits - headroom_plus_one;
  return ingot_one_over_one_plus_x_for_x_in_0_1(shifted_sum_minus_one);
}

#endif /* INGOT_FIXED_POINT_H */
