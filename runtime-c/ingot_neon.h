/*
 * Building blocks of Ingot's kernels for AArch64 cores with NEON (Advanced
 * SIMD), with the SDOT dot product where the CPU has it (Armv8.2-A+dotprod:
 * Cortex-A55/A76 and later). Generated kernels call these with literal
 * sizes, so after inlining every bound is a constant.
 *
 * Convolutions and fully connected layers multiply raw int8 inputs: the
 * input offset is folded into the bias at compile time over every tap, and
 * taps outside the image read the input zero point, which contributes
 * exactly nothing once the folded offset is counted. Without SDOT, each
 * product is widened by SMULL to int16 and pairs of them are added into
 * int32 lanes by SADALP, so no intermediate can overflow even for weights
 * of −128. Requantization uses SQRDMULH, which equals gemmlowp's SRDHM
 * exactly, and the fix-up that turns SRSHL's rounding into RDBP's (the
 * argument is in the compiler, emit-c/kernels/simd/requant.ts).
 */
#ifndef INGOT_NEON_H
#define INGOT_NEON_H

#include <stdint.h>
#include <string.h>

#if !defined(__ARM_NEON) || !defined(__aarch64__)
#error "this bundle uses AArch64 NEON kernels: build it for an AArch64 CPU, or compile the model with portable kernels"
#endif

#include <arm_neon.h>
#include "ingot_fixed_point.h"

/* RDBP's rounding from SRSHL's: negative lanes minus one (saturating), in lanes where mask is −1. */
INGOT_INLINE int32x4_t ingot_neon_round_fix(int32x4_t v) {
  return vqaddq_s32(v, vshrq_n_s32(v, 31));
}

INGOT_INLINE int32x4_t ingot_neon_round_fix_masked(int32x4_t v, int32x4_t mask) {
  return vqaddq_s32(v, vandq_s32(vshrq_n_s32(v, 31), mask));
}

/* The horizontal sums of a0..a3 as the four lanes of one vector. */
INGOT_INLINE int32x4_t ingot_neon_sums4(int32x4_t a0, int32x4_t a1, int32x4_t a2, int32x4_t a3) {
  return vpaddq_s32(vpaddq_s32(a0, a1), vpaddq_s32(a2, a3));
}

/* acc + Σ of the 16 products w·x, in int32 lanes, without the dot product. */
INGOT_INLINE int32x4_t ingot_neon_mac16(int32x4_t acc, int8x16_t w, int8x16_t x) {
  acc = vpadalq_s16(acc, vmull_s8(vget_low_s8(w), vget_low_s8(x)));
  return vpadalq_s16(acc, vmull_high_s8(w, x));
}

/*
 * Two pixels × four output channels over `blocks` blocks of 16 inputs
 * (layout as in the Helium kernels: the four channels' weights interleaved
 * by block, zero past K; each pixel has 16·blocks readable inputs, whatever
 * they hold past K). out0 and out1 get the four channels' dot products.
 */
INGOT_INLINE void ingot_neon_mac_2x4(const int8_t *w, const int8_t *x0, const int8_t *x1, int32_t blocks, int32x4_t *out0, int32x4_t *out1) {
  int32x4_t a0 = vdupq_n_s32(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  int32_t k;
  for (k = 0; k < blocks; k++, w += 64, x0 += 16, x1 += 16) {
    const int8x16_t u = vld1q_s8(x0), v = vld1q_s8(x1);
    const int8x16_t w0 = vld1q_s8(w), w1 = vld1q_s8(w + 16), w2 = vld1q_s8(w + 32), w3 = vld1q_s8(w + 48);
    a0 = ingot_neon_mac16(a0, w0, u);
    b0 = ingot_neon_mac16(b0, w0, v);
    a1 = ingot_neon_mac16(a1, w1, u);
    b1 = ingot_neon_mac16(b1, w1, v);
    a2 = ingot_neon_mac16(a2, w2, u);
    b2 = ingot_neon_mac16(b2, w2, v);
    a3 = ingot_neon_mac16(a3, w3, u);
    b3 = ingot_neon_mac16(b3, w3, v);
  }
  *out0 = ingot_neon_sums4(a0, a1, a2, a3);
  *out1 = ingot_neon_sums4(b0, b1, b2, b3);
}

#if defined(__ARM_FEATURE_DOTPROD)
/* ingot_neon_mac_2x4 with SDOT: four products per lane per instruction. */
INGOT_INLINE void ingot_neon_sdot_mac_2x4(const int8_t *w, const int8_t *x0, const int8_t *x1, int32_t blocks, int32x4_t *out0, int32x4_t *out1) {
  int32x4_t a0 = vdupq_n_s32(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  int32_t k;
  for (k = 0; k < blocks; k++, w += 64, x0 += 16, x1 += 16) {
    const int8x16_t u = vld1q_s8(x0), v = vld1q_s8(x1);
    const int8x16_t w0 = vld1q_s8(w), w1 = vld1q_s8(w + 16), w2 = vld1q_s8(w + 32), w3 = vld1q_s8(w + 48);
    a0 = vdotq_s32(a0, w0, u);
    b0 = vdotq_s32(b0, w0, v);
    a1 = vdotq_s32(a1, w1, u);
    b1 = vdotq_s32(b1, w1, v);
    a2 = vdotq_s32(a2, w2, u);
    b2 = vdotq_s32(b2, w2, v);
    a3 = vdotq_s32(a3, w3, u);
    b3 = vdotq_s32(b3, w3, v);
  }
  *out0 = ingot_neon_sums4(a0, a1, a2, a3);
  *out1 = ingot_neon_sums4(b0, b1, b2, b3);
}
#endif

/* Stores the first n (1–4) lanes of v, each already within int8 range, as bytes. */
INGOT_INLINE void ingot_neon_store4(int8_t *dst, int32x4_t v, int32_t n) {
  int8_t t[8];
  vst1_s8(t, vmovn_s16(vcombine_s16(vmovn_s32(v), vdup_n_s16(0))));
  memcpy(dst, t, (size_t)n);
}

/* Stores eight int32 lanes (lo, hi), each already within int8 range, as bytes. */
INGOT_INLINE void ingot_neon_store8(int8_t *dst, int32x4_t lo, int32x4_t hi) {
  vst1_s8(dst, vmovn_s16(vcombine_s16(vmovn_s32(lo), vmovn_s32(hi))));
}

/* The first n (1–8) bytes at src as int8 lanes, zeros after (reads only those n bytes). */
INGOT_INLINE int8x8_t ingot_neon_load8_partial(const int8_t *src, int32_t n) {
  int8_t t[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  memcpy(t, src, (size_t)n);
  return vld1_s8(t);
}

/* Stores the first n (1–8) of eight int32 lanes (lo, hi), each already within int8 range, as bytes. */
INGOT_INLINE void ingot_neon_store8_partial(int8_t *dst, int32x4_t lo, int32x4_t hi, int32_t n) {
  int8_t t[8];
  vst1_s8(t, vmovn_s16(vcombine_s16(vmovn_s32(lo), vmovn_s32(hi))));
  memcpy(dst, t, (size_t)n);
}

/*
 * One run of a pixel's window into an im2col row: dst[e] = row[start + e]
 * for e in [lo, hi), the input zero point elsewhere in [0, len).
 */
INGOT_INLINE void ingot_neon_pack_run(int8_t *dst, const int8_t *row, int32_t start, int32_t len, int32_t lo, int32_t hi, int8_t zero_point) {
  if (lo > 0) memset(dst, zero_point, (size_t)lo);
  if (hi > lo) memcpy(dst + lo, row + (start + lo), (size_t)(hi - lo));
  if (len > hi) memset(dst + hi, zero_point, (size_t)(len - hi));
}

#endif /* INGOT_NEON_H */
