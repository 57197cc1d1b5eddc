/*
 * ONNX's integer arithmetic in C99, bit for bit with Ingot's reference
 * (compiler/quant/float-requant.ts): ONNX Runtime requantizes through
 * float32 and rounds half to even, where TFLite uses a fixed-point
 * multiplier and rounds half away from zero.
 *
 * Rounding is done here with integer steps rather than rintf/nearbyintf, so
 * it needs no libm and does not depend on the FPU's rounding mode.
 */
#ifndef INGOT_ONNX_H
#define INGOT_ONNX_H

#include <stdint.h>

#include "ingot_fixed_point.h"

/* x rounded to the nearest integer, ties to even (inf, NaN and |x| >= 2^23 come back unchanged). */
INGOT_INLINE float ingot_round_half_even_f32(float x) {
  int32_t t;
  float frac;
  if (!(x > -8388608.0f && x < 8388608.0f)) return x; /* already integral, or not a number */
  t = (int32_t)x;      /* truncation toward zero: exact here */
  frac = x - (float)t; /* exact: both share x's exponent range */
  if (frac > 0.5f || (frac == 0.5f && (t & 1) != 0)) return (float)(t + 1);
  if (frac < -0.5f || (frac == -0.5f && (t & 1) != 0)) return (float)(t - 1);
  return (float)t;
}

/*
 * r (an integer-valued float, from ingot_round_half_even_f32) plus the zero
 * point, saturated to [lo, hi]. The bounds are compared as floats after
 * moving them by the zero point: for 8- and 16-bit outputs both are small
 * integers, exact in float32, so the result equals the reference's
 * saturate(r + zero_point). A NaN gives lo.
 */
INGOT_INLINE int32_t ingot_saturate_rounded(float r, int32_t zero_point, int32_t lo, int32_t hi) {
  if (!(r > (float)(lo - zero_point))) return lo;
  if (r >= (float)(hi - zero_point)) return hi;
  return (int32_t)r + zero_point;
}

/*
 * ONNX requantization of an int32 accumulator (QLinearConv, QLinearMatMul):
 * float32(acc) * scale in float32, rounded half to even, plus the zero
 * point, saturated to [lo, hi].
 */
INGOT_INLINE int32_t ingot_requant_float(int32_t acc, float scale, int32_t zero_point, int32_t lo, int32_t hi) {
  return ingot_saturate_rounded(ingot_round_half_even_f32((float)acc * scale), zero_point, lo, hi);
}

#endif /* INGOT_ONNX_H */
