/*
 * Building blocks of Ingot's kernels for Arm cores with the DSP extension
 * (Cortex-M4, M7, M33, M55: Armv7E-M / Armv8-M with DSP). Generated kernels
 * call these with literal sizes, so after inlining every loop bound and
 * offset is a constant.
 *
 * The dual 16-bit multiply-accumulate SMLAD does two int8 products per
 * instruction once both operands are int16 pairs. Inputs are widened once
 * per pixel into an int16 buffer with the input offset already added
 * (SXTAB16), in the lane order SXTB16 gives: bytes [b0 b1 b2 b3] become the
 * words [b0 b2] and [b1 b3]. Weights stay int8 in flash and are widened in
 * registers with the same two SXTB16s, so their order matches and no
 * shuffling is needed. Padding taps hold 0 (an input equal to the zero
 * point), exactly what the reference adds for them.
 *
 * Requantization uses SMMLAR (see ingot_dsp_requant for the exactness
 * argument); the compiler checks its preconditions per layer and otherwise
 * emits the general ingot_mbqm forms.
 */
#ifndef INGOT_ARM_DSP_H
#define INGOT_ARM_DSP_H

#include <stdint.h>
#include <string.h>

#if !defined(__ARM_FEATURE_DSP)
#error "this bundle uses Arm DSP kernels: build it for a Cortex-M4/M7/M33/M55 (e.g. -mcpu=cortex-m4), or compile the model with portable kernels"
#endif

#include <arm_acle.h>
#include "ingot_fixed_point.h"

/* Two int8 lanes of x (bytes 1 and 3) sign-extended to int16 lanes. */
INGOT_INLINE int32_t ingot_dsp_sxtb16_ror8(int32_t x) {
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}

/* a + bytes 1 and 3 of x, per int16 lane. */
INGOT_INLINE int32_t ingot_dsp_sxtab16_ror8(int32_t a, int32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}

/* (a·b + (c << 32) + 2^31) >> 32: the rounded high word of a 64-bit multiply-accumulate. */
INGOT_INLINE int32_t ingot_dsp_smmlar(int32_t a, int32_t b, int32_t c) {
  int32_t r;
  __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(c));
  return r;
}

/* Loads two words at p and advances p by 8 bytes (LDRD; p is word aligned). */
#define INGOT_DSP_LOAD2(lo, hi, p) \
  __asm__("ldrd %0, %1, [%2], #8" : "=r"(lo), "=r"(hi), "+r"(p) : "m"(*(const int32_t(*)[2])(p)))

/* A word from a possibly unaligned address. */
INGOT_INLINE int32_t ingot_dsp_load32(const void *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

/*
 * TFLite's requantization ingot_mbqm_right(x, m, n) plus the output offset,
 * in three instructions, for |x| < 2^30, m >= 0 and n >= 1. SRDHM(x, m) is
 * floor((x·m + 2^30) / 2^31) = floor((2x·m + 2^31) / 2^32), which SMMLAR
 * computes from 2x (exact while 2x fits); with round_offset =
 * 2^(n-1) + offset·2^n in its accumulate operand it adds RDBP's rounding
 * term and the offset at once. RDBP rounds half away from zero, so negative
 * values round from one less: that correction is taken from the sign of x
 * rather than of SRDHM(x, m), which differs only when SRDHM gives 0, where
 * both round to 0 for n >= 1. The compiler checks the sum cannot overflow.
 */
INGOT_INLINE int32_t ingot_dsp_requant(int32_t x, int32_t m, int32_t round_offset, int32_t n) {
  return ingot_dsp_smmlar(x * 2, m, round_offset - (int32_t)((uint32_t)x >> 31)) >> n;
}

/* Widens 4 int8 inputs at src into the two words SMLAD takes, adding the offset (both lanes of offset2). */
INGOT_INLINE void ingot_dsp_pack4(int32_t *dst, const int8_t *src, int32_t offset2) {
  const int32_t v = ingot_dsp_load32(src);
  dst[0] = __sxtab16(offset2, v);
  dst[1] = ingot_dsp_sxtab16_ror8(offset2, v);
}

/*
 * Packs elements [0, len) of a run of int8 inputs into groups of four:
 * group g goes to dst[g * stride] and dst[g * stride + 1]. Element e is
 * row[start + e] when lo <= e < hi and padding (0 after the offset)
 * otherwise; row[start + e] is only formed and read for e in [lo, hi), so
 * start may be negative at a left border. len is a multiple of 4 (runs are
 * padded with elements whose weights are 0).
 */
INGOT_INLINE void ingot_dsp_pack_run(int32_t *dst, int32_t stride, const int8_t *row, int32_t start, int32_t len, int32_t lo, int32_t hi, int32_t offset) {
  const int32_t offset2 = (int32_t)(((uint32_t)offset & 0xFFFFu) * 0x10001u);
  int32_t e;
  for (e = 0; e < len; e += 4, dst += stride) {
    if (e >= lo && e + 4 <= hi) {
      ingot_dsp_pack4(dst, row + (start + e), offset2);
    } else {
      int32_t v[4], j;
      for (j = 0; j < 4; j++) v[j] = e + j >= lo && e + j < hi ? row[start + e + j] + offset : 0;
      dst[0] = (int32_t)(((uint32_t)v[0] & 0xFFFFu) | ((uint32_t)v[2] << 16));
      dst[1] = (int32_t)(((uint32_t)v[1] & 0xFFFFu) | ((uint32_t)v[3] << 16));
    }
  }
}

/* Packs a whole run of len inputs (a multiple of 4) at src. */
INGOT_INLINE void ingot_dsp_pack_full(int32_t *dst, int32_t stride, const int8_t *src, int32_t len, int32_t offset) {
  const int32_t offset2 = (int32_t)(((uint32_t)offset & 0xFFFFu) * 0x10001u);
  int32_t e;
  for (e = 0; e < len; e += 4, dst += stride) ingot_dsp_pack4(dst, src + e, offset2);
}

/*
 * Four pixels × one output channel: acc[p] gains Σ w·x of pixel p over
 * `groups8` steps of 8 elements. w is the channel's weights, 4 per word;
 * x holds the four pixels' packed words interleaved by group
 * ([p0 lo hi][p1 lo hi][p2 lo hi][p3 lo hi]…).
 *
 * Hand-scheduled because register pressure decides its speed: each weight
 * word is widened once into two registers and feeds eight SMLADs, and the
 * four pixels' words arrive with two LDMs, so 8 elements × 4 pixels cost 28
 * instructions. The fixed registers avoid r7 (the Thumb frame pointer).
 * Unoptimised builds keep every local in memory and cannot spare the
 * registers the asm needs, so they get the same arithmetic in plain C.
 */
#if !defined(__OPTIMIZE__)
INGOT_INLINE void ingot_dsp_mac_4x1(const int32_t *w, const int32_t *x, int32_t groups8, int32_t *acc) {
  int32_t g, p;
  for (g = 0; g < 2 * groups8; g++, w++, x += 8) {
    const int32_t lo = __sxtb16(*w), hi = ingot_dsp_sxtb16_ror8(*w);
    for (p = 0; p < 4; p++) acc[p] = __smlad(hi, x[2 * p + 1], __smlad(lo, x[2 * p], acc[p]));
  }
}
#else
INGOT_INLINE void ingot_dsp_mac_4x1(const int32_t *w, const int32_t *x, int32_t groups8, int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  __asm__ volatile(
      "1:\n\t"
      "ldr r3, [%[w]], #4\n\t"
      "sxtb16 lr, r3\n\t"
      "sxtb16 r3, r3, ror #8\n\t"
      "ldm %[x]!, {r4, r5, r6, r8}\n\t"
      "smlad %[a0], lr, r4, %[a0]\n\t"
      "smlad %[a0], r3, r5, %[a0]\n\t"
      "smlad %[a1], lr, r6, %[a1]\n\t"
      "smlad %[a1], r3, r8, %[a1]\n\t"
      "ldm %[x]!, {r4, r5, r6, r8}\n\t"
      "smlad %[a2], lr, r4, %[a2]\n\t"
      "smlad %[a2], r3, r5, %[a2]\n\t"
      "smlad %[a3], lr, r6, %[a3]\n\t"
      "smlad %[a3], r3, r8, %[a3]\n\t"
      "ldr r3, [%[w]], #4\n\t"
      "sxtb16 lr, r3\n\t"
      "sxtb16 r3, r3, ror #8\n\t"
      "ldm %[x]!, {r4, r5, r6, r8}\n\t"
      "smlad %[a0], lr, r4, %[a0]\n\t"
      "smlad %[a0], r3, r5, %[a0]\n\t"
      "smlad %[a1], lr, r6, %[a1]\n\t"
      "smlad %[a1], r3, r8, %[a1]\n\t"
      "ldm %[x]!, {r4, r5, r6, r8}\n\t"
      "smlad %[a2], lr, r4, %[a2]\n\t"
      "smlad %[a2], r3, r5, %[a2]\n\t"
      "smlad %[a3], lr, r6, %[a3]\n\t"
      "smlad %[a3], r3, r8, %[a3]\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [w] "+r"(w), [x] "+r"(x), [n] "+r"(groups8)
      :
      : "r3", "r4", "r5", "r6", "r8", "lr", "cc", "memory");
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}
#endif

/* One pixel × one channel: w as for ingot_dsp_mac_4x1, x one pixel's packed words. */
INGOT_INLINE int32_t ingot_dsp_mac_1x1(const int32_t *w, const int32_t *x, int32_t groups8, int32_t a) {
  do {
    int32_t u0, u1, xl, xh, ul;
    INGOT_DSP_LOAD2(u0, u1, w);
    INGOT_DSP_LOAD2(xl, xh, x);
    ul = __sxtb16(u0);
    u0 = ingot_dsp_sxtb16_ror8(u0);
    a = __smlad(ul, xl, a);
    a = __smlad(u0, xh, a);
    INGOT_DSP_LOAD2(xl, xh, x);
    ul = __sxtb16(u1);
    u1 = ingot_dsp_sxtb16_ror8(u1);
    a = __smlad(ul, xl, a);
    a = __smlad(u1, xh, a);
  } while (--groups8);
  return a;
}

/*
 * The matrix cores for packed sub-byte weights (`bits` 4 or 2, a literal):
 * each weight word holds 32/bits elements, 8/bits groups of four, group i
 * in bits [i·bits, (i+1)·bits) of every byte. Shifting group i to the top
 * of each byte and masking leaves bytes equal to 2^(8−bits)·w, which SXTB16
 * widens exactly like int8 weights, so the inputs are packed as for int8.
 * The sums therefore come out scaled by 2^(8−bits) and are shifted back
 * (exactly: every term is a multiple) before they join the accumulator;
 * the compiler checks that the scaled sums fit int32.
 */
INGOT_INLINE int32_t ingot_dsp_packed_group(uint32_t word, int32_t bits, int32_t i) {
  const uint32_t mask = bits == 4 ? 0xF0F0F0F0u : 0xC0C0C0C0u;
  return (int32_t)((word << (8 - bits - i * bits)) & mask);
}

/* Four pixels × one channel (x as for ingot_dsp_mac_4x1); `words` weight words. */
#if !defined(__OPTIMIZE__)
INGOT_INLINE void ingot_dsp_mac_4x1_packed(const int32_t *w, const int32_t *x, int32_t words, int32_t bits, int32_t *acc) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, k, i;
  for (k = 0; k < words; k++) {
    const uint32_t word = (uint32_t)w[k];
    for (i = 0; i < 8 / bits; i++, x += 8) {
      const int32_t g = ingot_dsp_packed_group(word, bits, i);
      const int32_t lo = __sxtb16(g), hi = ingot_dsp_sxtb16_ror8(g);
      a0 = __smlad(hi, x[1], __smlad(lo, x[0], a0));
      a1 = __smlad(hi, x[3], __smlad(lo, x[2], a1));
      a2 = __smlad(hi, x[5], __smlad(lo, x[4], a2));
      a3 = __smlad(hi, x[7], __smlad(lo, x[6], a3));
    }
  }
  acc[0] += a0 >> (8 - bits);
  acc[1] += a1 >> (8 - bits);
  acc[2] += a2 >> (8 - bits);
  acc[3] += a3 >> (8 - bits);
}
#else
/*
 * One group of four packed elements (already extracted into r12 as scaled
 * bytes) against the four pixels' packed inputs: 2 SXTB16, 4 LDRD, 8 SMLAD.
 */
#define INGOT_DSP_PACKED_GROUP(extract)            \
  extract                                          \
  "sxtb16 lr, r12\n\t"                            \
  "sxtb16 r12, r12, ror #8\n\t"                   \
  "ldrd r4, r5, [%[x]], #8\n\t"                   \
  "smlad %[a0], lr, r4, %[a0]\n\t"                \
  "smlad %[a0], r12, r5, %[a0]\n\t"               \
  "ldrd r4, r5, [%[x]], #8\n\t"                   \
  "smlad %[a1], lr, r4, %[a1]\n\t"                \
  "smlad %[a1], r12, r5, %[a1]\n\t"               \
  "ldrd r4, r5, [%[x]], #8\n\t"                   \
  "smlad %[a2], lr, r4, %[a2]\n\t"                \
  "smlad %[a2], r12, r5, %[a2]\n\t"               \
  "ldrd r4, r5, [%[x]], #8\n\t"                   \
  "smlad %[a3], lr, r4, %[a3]\n\t"                \
  "smlad %[a3], r12, r5, %[a3]\n\t"

/*
 * Hand-scheduled like ingot_dsp_mac_4x1: each weight word is loaded once
 * and every group is extracted with at most two instructions (the masks
 * are Thumb-2 immediates), then feeds eight SMLADs.
 */
INGOT_INLINE void ingot_dsp_mac_4x1_packed(const int32_t *w, const int32_t *x, int32_t words, int32_t bits, int32_t *acc) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  if (bits == 4) {
    __asm__ volatile(
        "1:\n\t"
        "ldr r3, [%[w]], #4\n\t"
        INGOT_DSP_PACKED_GROUP("lsl r12, r3, #4\n\t"
                               "and r12, r12, #0xF0F0F0F0\n\t")
        INGOT_DSP_PACKED_GROUP("and r12, r3, #0xF0F0F0F0\n\t")
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [w] "+r"(w), [x] "+r"(x), [n] "+r"(words)
        :
        : "r3", "r4", "r5", "r12", "lr", "cc", "memory");
  } else {
    __asm__ volatile(
        "1:\n\t"
        "ldr r3, [%[w]], #4\n\t"
        INGOT_DSP_PACKED_GROUP("lsl r12, r3, #6\n\t"
                               "and r12, r12, #0xC0C0C0C0\n\t")
        INGOT_DSP_PACKED_GROUP("lsl r12, r3, #4\n\t"
                               "and r12, r12, #0xC0C0C0C0\n\t")
        INGOT_DSP_PACKED_GROUP("lsl r12, r3, #2\n\t"
                               "and r12, r12, #0xC0C0C0C0\n\t")
        INGOT_DSP_PACKED_GROUP("and r12, r3, #0xC0C0C0C0\n\t")
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [w] "+r"(w), [x] "+r"(x), [n] "+r"(words)
        :
        : "r3", "r4", "r5", "r12", "lr", "cc", "memory");
  }
  acc[0] += a0 >> (8 - bits);
  acc[1] += a1 >> (8 - bits);
  acc[2] += a2 >> (8 - bits);
  acc[3] += a3 >> (8 - bits);
}
#endif

/* One pixel × one channel with packed weights (x as for ingot_dsp_mac_1x1). */
INGOT_INLINE int32_t ingot_dsp_mac_1x1_packed(const int32_t *w, const int32_t *x, int32_t words, int32_t bits, int32_t a) {
  int32_t s = 0, k, i;
  for (k = 0; k < words; k++) {
    const uint32_t word = (uint32_t)w[k];
    for (i = 0; i < 8 / bits; i++, x += 2) {
      const int32_t g = ingot_dsp_packed_group(word, bits, i);
      s = __smlad(ingot_dsp_sxtb16_ror8(g), x[1], __smlad(__sxtb16(g), x[0], s));
    }
  }
  return a + (s >> (8 - bits));
}

/*
 * One input channel's row, widened into an int16 plane for the depthwise
 * kernels: dst[k] = src[k * stride] + offset for k < n.
 */
INGOT_INLINE void ingot_dsp_widen_strided(int16_t *dst, const int8_t *src, int32_t stride, int32_t n, int32_t offset) {
  int32_t k = 0;
  for (; k + 2 <= n; k += 2, src += 2 * stride) {
    dst[k] = (int16_t)(src[0] + offset);
    dst[k + 1] = (int16_t)(src[stride] + offset);
  }
  if (k < n) dst[k] = (int16_t)(src[0] + offset);
}

/* Two adjacent int16 plane values as an SMLAD operand (any alignment). */
INGOT_INLINE int32_t ingot_dsp_pair(const int16_t *p) {
  return ingot_dsp_load32(p);
}

#endif /* INGOT_ARM_DSP_H */
