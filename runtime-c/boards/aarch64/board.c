/*
 * Counting and stack services on bare-metal AArch64 under QEMU. With
 * -icount shift=0 one instruction is one nanosecond of virtual time, and the
 * generic timer's virtual count advances at CNTFRQ, so
 * instructions = ticks × 1e9 / CNTFRQ. Also the freestanding memcpy/memset
 * a bundle may call, since this board links no C library.
 */
#include "ingot_board.h"

#define STACK_PAINT 0x5A5AA5A5u
/* Painting stops this many words below the painter's own frame. */
#define PAINT_MARGIN_WORDS 2

extern uint32_t __stack_limit__, __stack_top__;

static uint64_t count_origin;

static uint64_t virtual_count(void) {
  uint64_t v;
  __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
  return v;
}

void ingot_count_start(void) {
  count_origin = virtual_count();
}

uint64_t ingot_count_now(void) {
  uint64_t ticks = virtual_count() - count_origin;
  uint64_t hz;
  __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
  return ticks * 1000000000u / hz;
}

uint64_t ingot_count_stop(void) {
  return ingot_count_now();
}

void ingot_stack_paint(void) {
  uint32_t here;
  for (uint32_t *p = &__stack_limit__; p + PAINT_MARGIN_WORDS < &here; p++) *p = STACK_PAINT;
}

uint32_t ingot_stack_high_water(void) {
  uint32_t here;
  uint32_t *p = &__stack_limit__;
  while (p < &here && *p == STACK_PAINT) p++;
  return (uint32_t)((uintptr_t)&__stack_top__ - (uintptr_t)p);
}

uint32_t ingot_stack_in_use(void) {
  uint32_t here;
  __asm__ volatile("" : : "r"(&here) : "memory");
  return (uint32_t)((uintptr_t)&__stack_top__ - (uintptr_t)&here);
}

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memset(void *dst, int value, size_t n) {
  unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)value;
  return dst;
}
