/*
 * Counting and stack services on bare-metal AArch64 under QEMU. With
 * -icount shift=0 one instruction is one nanosecond of virtual time, and the
 * generic timer's virtual count advances at CNTFRQ, so
 * instructions = ticks × 1e9 / CNTFRQ. Also the freestanding memcpy/memset
 * a bundle may call, since this board links no C library.
 */
#include "ingot_board.h"


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
