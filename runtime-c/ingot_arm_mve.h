/*
 * Building blocks of Ingot's kernels for Arm cores with the M-profile
 * Vector Extension (Helium/MVE: Cortex-M55, M85). Generated kernels call
 * these with literal sizes, so after inlining every bound is a constant.
 *
 * Convolutions read raw int8 inputs: the input offset is folded into the
 * bias at compile time over every tap, and taps outside the image read the
 * input zero point (which contributes exactly nothing once the folded
 * offset is counted), so interior and border pixels run the same code.
 * VMLADAVA multiplies 16 int8 pairs and adds them to a 32-bit scalar in one
 * instruction; accumulators then meet in vectors for requantization.
 *
 * Requantization uses VQRDMULH, which equals gemmlowp's SRDHM exactly, and
 * a rounding shift preceded by the fix-up that turns its round-half-up into
 * RDBP's round-half-away-from-zero (the argument is in the compiler,
 * emit-c/kernels/simd/requant.ts).
 */
#ifndef INGOT_ARM_MVE_H
#define INGOT_ARM_MVE_H

#include <stdint.h>

#if !defined(__ARM_FEATURE_MVE)
#error "this bundle uses Helium (MVE) kernels: build it for a Cortex-M55/M85 (e.g. -mcpu=cortex-m55), or compile the model with portable kernels"
#endif

#include <arm_mve.h>
#include "ingot_fixed_point.h"

/*
 * RDBP's rounding from VRSHL's: negative lanes minus one (saturating), for
 * lanes that then shift right by at least 1. The _masked form applies it
 * only in lanes where mask is −1 (lanes with no right shift have mask 0).
 */
INGOT_INLINE int32x4_t ingot_mve_round_fix(int32x4_t v) {
  return vqaddq_s32(v, vshrq_n_s32(v, 31));
}

INGOT_INLINE int32x4_t ingot_mve_round_fix_masked(int32x4_t v, int32x4_t mask) {
  return vqaddq_s32(v, vandq_s32(vshrq_n_s32(v, 31), mask));
}

/* Four scalars as a vector. */
INGOT_INLINE int32x4_t ingot_mve_vec4(int32_t a, int32_t b, int32_t c, int32_t d) {
  int32x4_t v = vdupq_n_s32(a);
  v = vsetq_lane_s32(b, v, 1);
  v = vsetq_lane_s32(c, v, 2);
  return vsetq_lane_s32(d, v, 3);
}

/* One block of 16 inputs of two pixels against four channels' weights (w advances by 64). */
#define INGOT_MVE_BLOCK_2X4(load_x)   \
  load_x                              \
  "vldrb.8 q2, [%[w]], #16\n\t"       \
  "vmladava.s8 %[a0], q2, q0\n\t"     \
  "vmladava.s8 %[b0], q2, q1\n\t"     \
  "vldrb.8 q2, [%[w]], #16\n\t"       \
  "vmladava.s8 %[a1], q2, q0\n\t"     \
  "vmladava.s8 %[b1], q2, q1\n\t"     \
  "vldrb.8 q2, [%[w]], #16\n\t"       \
  "vmladava.s8 %[a2], q2, q0\n\t"     \
  "vmladava.s8 %[b2], q2, q1\n\t"     \
  "vldrb.8 q2, [%[w]], #16\n\t"       \
  "vmladava.s8 %[a3], q2, q0\n\t"     \
  "vmladava.s8 %[b3], q2, q1\n\t"

/*
 * Two pixels × four output channels over `blocks` blocks of 16 inputs:
 * out0 (pixel 0) and out1 (pixel 1) get the four channels' dot products.
 * w holds the four channels' weights interleaved by block of 16
 * ([c0 k0-15][c1 k0-15][c2 k0-15][c3 k0-15][c0 k16-31]…), zero past K;
 * x0 and x1 are the pixels' inputs, of which the last block reads only
 * `tail` (1–16), so nothing past a pixel's inputs is read.
 *
 * Hand-written because VMLADAVA accumulates only into even registers:
 * eight accumulators take r0–r12's even registers and lr, which a compiler
 * will not arrange by itself, and 128 multiply-adds then cost 16
 * instructions. That leaves few registers for the rest, so the block count
 * and the tail share one (256 · (blocks − 1) + tail), and every operand the
 * asm changes is early-clobber (with literal sizes the compiler would
 * otherwise give equal values one register). GCC cannot be told that an
 * asm statement changes the predicate register, so the tail keeps the
 * caller's P0 on the stack meanwhile. Each result vector is assembled two
 * lanes per VMOV (the lower-numbered lane takes the first general-purpose
 * register). Unoptimised builds cannot spare those registers and get the
 * same arithmetic through intrinsics.
 */
#if !defined(__OPTIMIZE__)
INGOT_INLINE void ingot_mve_mac_2x4(const int8_t *w, const int8_t *x0, const int8_t *x1, int32_t blocks, int32_t tail, int32x4_t *out0, int32x4_t *out1) {
  int32_t a[4] = {0, 0, 0, 0}, b[4] = {0, 0, 0, 0};
  int32_t k, c;
  for (k = 0; k < blocks; k++, w += 64, x0 += 16, x1 += 16) {
    const mve_pred16_t p = vctp8q(k + 1 < blocks ? 16u : (uint32_t)tail);
    const int8x16_t u = vldrbq_z_s8(x0, p), v = vldrbq_z_s8(x1, p);
    for (c = 0; c < 4; c++) {
      a[c] = vmladavaq_s8(a[c], vldrbq_s8(w + 16 * c), u);
      b[c] = vmladavaq_s8(b[c], vldrbq_s8(w + 16 * c), v);
    }
  }
  *out0 = ingot_mve_vec4(a[0], a[1], a[2], a[3]);
  *out1 = ingot_mve_vec4(b[0], b[1], b[2], b[3]);
}
#else
INGOT_INLINE void ingot_mve_mac_2x4(const int8_t *w, const int8_t *x0, const int8_t *x1, int32_t blocks, int32_t tail, int32x4_t *out0, int32x4_t *out1) {
  register int32_t a0 __asm__("r0") = 0;
  register int32_t a1 __asm__("r2") = 0;
  register int32_t a2 __asm__("r4") = 0;
  register int32_t a3 __asm__("r6") = 0;
  register int32_t b0 __asm__("r8") = 0;
  register int32_t b1 __asm__("r10") = 0;
  register int32_t b2 __asm__("r12") = 0;
  register int32_t b3 __asm__("lr") = 0;
  int32_t n = (blocks - 1) * 256 + tail;
  int32x4_t v0, v1;
  __asm__ volatile(
      "cmp %[n], #256\n\t"
      "blo 2f\n\t"
      "1:\n\t"
      INGOT_MVE_BLOCK_2X4("vldrb.8 q0, [%[x0]], #16\n\t"
                          "vldrb.8 q1, [%[x1]], #16\n\t")
      "sub %[n], %[n], #256\n\t"
      "cmp %[n], #256\n\t"
      "bhs 1b\n\t"
      "2:\n\t"
      "vstr P0, [sp, #-8]!\n\t"
      INGOT_MVE_BLOCK_2X4("vctp.8 %[n]\n\t"
                          "vpstt\n\t"
                          "vldrbt.8 q0, [%[x0]]\n\t"
                          "vldrbt.8 q1, [%[x1]]\n\t")
      "vldr P0, [sp], #8\n\t"
      "vmov %q[v0][2], %q[v0][0], %[a0], %[a2]\n\t"
      "vmov %q[v0][3], %q[v0][1], %[a1], %[a3]\n\t"
      "vmov %q[v1][2], %q[v1][0], %[b0], %[b2]\n\t"
      "vmov %q[v1][3], %q[v1][1], %[b1], %[b3]\n\t"
      : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [b0] "+r"(b0), [b1] "+r"(b1), [b2] "+r"(b2), [b3] "+r"(b3),
        [w] "+&r"(w), [x0] "+&r"(x0), [x1] "+&r"(x1), [n] "+&r"(n), [v0] "=&w"(v0), [v1] "=&w"(v1)
      :
      : "d0", "d1", "d2", "d3", "d4", "d5", "cc", "memory");
  *out0 = v0;
  *out1 = v1;
}
#endif

/* One pixel × four output channels (layout as ingot_mve_mac_2x4); out gets the four dot products. */
INGOT_INLINE void ingot_mve_mac_1x4(const int8_t *w, const int8_t *x0, int32_t blocks, int32_t tail, int32x4_t *out) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int32_t k;
  for (k = 0; k < blocks - 1; k++) {
    const int8x16_t u0 = vldrbq_s8(x0);
    a0 = vmladavaq_s8(a0, vldrbq_s8(w), u0);
    a1 = vmladavaq_s8(a1, vldrbq_s8(w + 16), u0);
    a2 = vmladavaq_s8(a2, vldrbq_s8(w + 32), u0);
    a3 = vmladavaq_s8(a3, vldrbq_s8(w + 48), u0);
    x0 += 16;
    w += 64;
  }
  {
    const int8x16_t u0 = vldrbq_z_s8(x0, vctp8q((uint32_t)tail));
    a0 = vmladavaq_s8(a0, vldrbq_s8(w), u0);
    a1 = vmladavaq_s8(a1, vldrbq_s8(w + 16), u0);
    a2 = vmladavaq_s8(a2, vldrbq_s8(w + 32), u0);
    a3 = vmladavaq_s8(a3, vldrbq_s8(w + 48), u0);
  }
  *out = ingot_mve_vec4(a0, a1, a2, a3);
}

/* dst[0, n) = src[0, n) (any n, 16 bytes per step with a predicated tail). */
INGOT_INLINE void ingot_mve_copy(int8_t *dst, const int8_t *src, int32_t n) {
  int32_t i;
  for (i = 0; i < n; i += 16) {
    const mve_pred16_t p = vctp8q((uint32_t)(n - i));
    vstrbq_p_s8(dst + i, vldrbq_z_s8(src + i, p), p);
  }
}

/* dst[0, n) = value. */
INGOT_INLINE void ingot_mve_fill(int8_t *dst, int8_t value, int32_t n) {
  const int8x16_t v = vdupq_n_s8(value);
  int32_t i;
  for (i = 0; i < n; i += 16) vstrbq_p_s8(dst + i, v, vctp8q((uint32_t)(n - i)));
}

/*
 * One run of a pixel's window into an im2col row: dst[e] = row[start + e]
 * for e in [lo, hi), the input zero point elsewhere in [0, len).
 */
INGOT_INLINE void ingot_mve_pack_run(int8_t *dst, const int8_t *row, int32_t start, int32_t len, int32_t lo, int32_t hi, int8_t zero_point) {
  if (lo > 0) ingot_mve_fill(dst, zero_point, lo);
  if (hi > lo) ingot_mve_copy(dst + lo, row + (start + lo), hi - lo);
  if (len > hi) ingot_mve_fill(dst + hi, zero_point, len - hi);
}

/*
 * One input channel as an int8 plane row for the depthwise kernels:
 * dst[k] = src[k * stride] for k < n, gathered 8 at a time.
 */
INGOT_INLINE void ingot_mve_gather_row(int8_t *dst, const int8_t *src, int32_t stride, int32_t n) {
  const uint16x8_t offsets = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)stride);
  int32_t k;
  for (k = 0; k < n; k += 8, src += 8 * stride) {
    const mve_pred16_t p = vctp16q((uint32_t)(n - k));
    vstrbq_p_s16(dst + k, vldrbq_gather_offset_z_s16(src, offsets, p), p);
  }
}

#endif /* INGOT_ARM_MVE_H */
