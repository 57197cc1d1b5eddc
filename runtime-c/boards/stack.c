/*
 * Stack high-water mark by painting, for the bare-metal test boards: the
 * free stack below the caller's frame is filled with a pattern, and the
 * deepest word no longer holding it marks the most stack ever used. Every
 * board's link names the stack region's bounds __stack_limit__ and
 * __stack_top__ (its linker script, or --defsym on picolibc's). The bounds
 * are link-time symbols, not calls, so the painter stays a leaf function: a
 * call would put a saved return address below its locals, inside the
 * painted range.
 */
#include "ingot_board.h"

extern uint32_t __stack_limit__, __stack_top__;

/* The lowest whole word of the stack region. */
static inline volatile uint32_t *stack_floor(void) {
  return (volatile uint32_t *)(((uintptr_t)&__stack_limit__ + 3u) & ~(uintptr_t)3u);
}

#define STACK_PAINT 0x5A5AA5A5u
/* Painting stops this many words below the painter's own frame. */
#define PAINT_MARGIN_WORDS 2

/* Through a volatile pointer: the words are read back later, behind the compiler's back. */
void ingot_stack_paint(void) {
  uint32_t here;
  for (volatile uint32_t *p = stack_floor(); p + PAINT_MARGIN_WORDS < &here; p++) *p = STACK_PAINT;
}

uint32_t ingot_stack_high_water(void) {
  uint32_t here;
  volatile uint32_t *p = stack_floor();
  while (p < &here && *p == STACK_PAINT) p++;
  return (uint32_t)((uintptr_t)&__stack_top__ - (uintptr_t)p);
}

uint32_t ingot_stack_in_use(void) {
  uint32_t here;
  __asm__ volatile("" : : "r"(&here) : "memory");
  return (uint32_t)((uintptr_t)&__stack_top__ - (uintptr_t)&here);
}
