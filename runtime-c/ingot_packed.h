/*
 * Sub-byte weights in C99: int4 (two per byte) and int2 (four per byte),
 * low bits first, two's complement inside each field -- the layout of the
 * IR's i4/i2 tensors (compiler/quant/packing.ts). Kernels keep the weights
 * packed in flash and unpack each element into a register as they use it;
 * the arithmetic after that is the int8 kernels' own.
 *
 * Each field is sign-extended with an xor and a subtraction, which needs no
 * implementation-defined shift of a negative value.
 */
#ifndef INGOT_PACKED_H
#define INGOT_PACKED_H

#include <stdint.h>

#include "ingot_fixed_point.h"

/* Element k (0 = lowest bits) of a byte of packed int4, sign-extended. */
INGOT_INLINE int32_t ingot_int4(uint8_t b, int k) {
  return (int32_t)((((unsigned)b >> (4 * k)) & 15u) ^ 8u) - 8;
}

/* Element k (0 = lowest bits) of a byte of packed int2, sign-extended. */
INGOT_INLINE int32_t ingot_int2(uint8_t b, int k) {
  return (int32_t)((((unsigned)b >> (2 * k)) & 3u) ^ 2u) - 2;
}

/* Element i of a packed int4 array. */
INGOT_INLINE int32_t ingot_int4_at(const uint8_t *p, int32_t i) {
  return ingot_int4(p[i >> 1], (int)(i & 1));
}

/* Element i of a packed int2 array. */
INGOT_INLINE int32_t ingot_int2_at(const uint8_t *p, int32_t i) {
  return ingot_int2(p[i >> 2], (int)(i & 3));
}

#endif /* INGOT_PACKED_H */
