/*
 * The integer helpers of the audio front-end kernels (TFLite Micro's signal
 * library): the most significant bit, rounded square roots of uint32 and
 * uint64 values, the fixed-point natural log, and the Q15 rounding and
 * int16 wrap of the fixed-point FFT. Twins of
 * compiler/ops/signal/fixed-math.ts and kissfft.ts; all arithmetic on
 * values that may pass 2^31 is done in uint32_t or uint64_t, so nothing
 * overflows a signed type.
 */
#ifndef INGOT_SIGNAL_H
#define INGOT_SIGNAL_H

#include <stdint.h>

#include "ingot_fixed_point.h"

/* Bits needed for x (floor(log2 x) + 1), and 32 for 0: the builtin leading-zero count's result there, as TFLite Micro's. */
static inline int ingot_msb32(uint32_t x) {
  return x == 0 ? 32 : 32 - ingot_clz32(x);
}

/* The same for a uint64; 64 for 0. */
static inline int ingot_msb64(uint64_t x) {
  const uint32_t hi = (uint32_t)(x >> 32);
  if (x == 0) return 64;
  return hi != 0 ? 64 - ingot_clz32(hi) : 32 - ingot_clz32((uint32_t)x);
}

/* Square root of a uint32 rounded to the nearest integer, a bit pair per step from the leading one, capped at 0xFFFF. */
static inline uint32_t ingot_sqrt32(uint32_t value) {
  uint32_t rem = value;
  uint32_t root = 0;
  int lead;
  uint32_t bit;
  int steps;
  if (rem == 0) return 0;
  lead = (32 - ingot_msb32(rem)) | 1;
  bit = 1u << (31 - lead);
  for (steps = ((31 - lead) >> 1) + 1; steps > 0; steps--) {
    const uint32_t trial = root + bit;
    if (rem >= trial) {
      rem -= trial;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  if (rem > root && root != 0xFFFFu) root += 1;
  return root & 0xFFFFu;
}

/* Square root of a uint64, rounded the same way (a uint32 result); values below 2^32 take ingot_sqrt32. */
static inline uint32_t ingot_sqrt64(uint64_t value) {
  uint64_t rem = value;
  uint64_t root = 0;
  int lead;
  uint64_t bit;
  int steps;
  if ((rem >> 32) == 0) return ingot_sqrt32((uint32_t)rem);
  lead = (64 - ingot_msb64(rem)) | 1;
  bit = (uint64_t)1 << (63 - lead);
  for (steps = ((63 - lead) >> 1) + 1; steps > 0; steps--) {
    const uint64_t trial = root + bit;
    if (rem >= trial) {
      rem -= trial;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  if (rem > root && root != 0xFFFFFFFFu) root += 1;
  return (uint32_t)root;
}

/* The log's correction over the mantissa [1, 2) in Q16: 128 segments and a closing entry (fixed-math.ts's LOG_CORRECTION). */
static const int16_t ingot_log_correction[130] = {
  0, 224, 442, 654, 861, 1063, 1259, 1450, 1636, 1817, 1992, 2163,
  2329, 2490, 2646, 2797, 2944, 3087, 3224, 3358, 3487, 3611, 3732, 3848,
  3960, 4068, 4172, 4272, 4368, 4460, 4549, 4633, 4714, 4791, 4864, 4934,
  5001, 5063, 5123, 5178, 5231, 5280, 5326, 5368, 5408, 5444, 5477, 5507,
  5533, 5557, 5578, 5595, 5610, 5622, 5631, 5637, 5640, 5641, 5638, 5633,
  5626, 5615, 5602, 5586, 5568, 5547, 5524, 5498, 5470, 5439, 5406, 5370,
  5332, 5291, 5249, 5203, 5156, 5106, 5054, 5000, 4944, 4885, 4825, 4762,
  4697, 4630, 4561, 4490, 4416, 4341, 4264, 4184, 4103, 4020, 3935, 3848,
  3759, 3668, 3575, 3481, 3384, 3286, 3186, 3084, 2981, 2875, 2768, 2659,
  2549, 2437, 2323, 2207, 2090, 1971, 1851, 1729, 1605, 1480, 1353, 1224,
  1094, 963, 830, 695, 559, 421, 282, 142, 0, 0,
};

/*
 * ln(x) * out_scale for x > 1: log2(x) in Q16 (the exponent, the 16
 * mantissa bits below the leading one, plus the interpolated correction),
 * times ln 2 (45426 in Q16) rounded back to Q16 — a product past 2^32, so
 * in 64 bits — then times out_scale rounded from Q16, wrapping in uint32
 * before the shift as TFLite Micro's does.
 */
static inline uint32_t ingot_log32(uint32_t x, uint32_t out_scale) {
  const int e = ingot_msb32(x) - 1;
  uint32_t f = x - (1u << e);
  int32_t seg, a, b, log2;
  uint32_t ln;
  f = e < 16 ? f << (16 - e) : f >> (e - 16);
  seg = (int32_t)(f >> 9);
  a = ingot_log_correction[seg];
  b = ingot_log_correction[seg + 1];
  /* (b - a) may be negative: the shift is arithmetic, as in TFLite Micro's C. */
  log2 = e * 65536 + (int32_t)f + a + (((b - a) * ((int32_t)f - seg * 512)) >> 16);
  ln = (uint32_t)(((uint64_t)45426u * (uint32_t)log2 + 32768u) >> 16);
  return (out_scale * ln + 32768u) >> 16;
}

/* An int32 value kept to its low 16 bits, as an int16 store does. */
static inline int16_t ingot_wrap16(int32_t v) {
  return (int16_t)(uint16_t)(uint32_t)v;
}

/* (p + 2^14) >> 15 of a Q30 product sum p (taken modulo 2^32), stored to int16: kissfft's rounding from Q15 products. */
static inline int16_t ingot_q15_round(uint32_t p) {
  return ingot_wrap16((int32_t)(p + 16384u) >> 15);
}

/* The Q15 product sum a·c − b·s (the real part of (a + ib)(c + is)), wrapping in 32 bits, rounded to int16. */
static inline int16_t ingot_q15_mul_re(int32_t a, int32_t b, int32_t c, int32_t s) {
  return ingot_q15_round((uint32_t)(a * c) - (uint32_t)(b * s));
}

/* The imaginary part a·s + b·c, the same way. */
static inline int16_t ingot_q15_mul_im(int32_t a, int32_t b, int32_t c, int32_t s) {
  return ingot_q15_round((uint32_t)(a * s) + (uint32_t)(b * c));
}

#endif
