/*
 * Board services on RV32 (QEMU virt with picolibc's semihosting crt0):
 * minstret counts retired instructions exactly, and the stack is painted
 * from the end of .bss/heap up to the current frame for a high-water mark.
 */
#include "ingot_board.h"

#define STACK_PAINT 0x5A5AA5A5u
/* Painting stops this many words below the painter's own frame. */
#define PAINT_MARGIN_WORDS 2

static uint64_t read_instret(void) {
  uint32_t hi, lo, hi2;
  do {
    __asm__ volatile("csrr %0, minstreth" : "=r"(hi));
    __asm__ volatile("csrr %0, minstret" : "=r"(lo));
    __asm__ volatile("csrr %0, minstreth" : "=r"(hi2));
  } while (hi != hi2);
  return ((uint64_t)hi << 32) | lo;
}

static uint64_t count_origin;

void ingot_count_start(void) {
  count_origin = read_instret();
}

uint64_t ingot_count_now(void) {
  return read_instret() - count_origin;
}

uint64_t ingot_count_stop(void) {
  return ingot_count_now();
}

/* picolibc's linker script names the stack bounds. */
extern char __stack[];
extern char __heap_end[];

static uint32_t *paint_floor(void) {
  return (uint32_t *)(((uintptr_t)__heap_end + 3u) & ~(uintptr_t)3u);
}

void ingot_stack_paint(void) {
  uint32_t here;
  for (uint32_t *p = paint_floor(); p + PAINT_MARGIN_WORDS < &here; p++) *p = STACK_PAINT;
}

uint32_t ingot_stack_high_water(void) {
  uint32_t here;
  uint32_t *p = paint_floor();
  while (p < &here && *p == STACK_PAINT) p++;
  return (uint32_t)((uintptr_t)__stack - (uintptr_t)p);
}

uint32_t ingot_stack_in_use(void) {
  uint32_t here;
  __asm__ volatile("" : : "r"(&here) : "memory");
  return (uint32_t)((uintptr_t)__stack - (uintptr_t)&here);
}
