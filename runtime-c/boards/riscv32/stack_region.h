/*
 * The RV32 board's stack region (for stack.c): from the end of .bss and
 * heap (word-aligned) to picolibc's stack top.
 * Inline, so the painter stays a leaf function: a call would put a saved
 * return address below the painter's locals, inside the painted range.
 */
#ifndef INGOT_STACK_REGION_H
#define INGOT_STACK_REGION_H

#include <stdint.h>

extern char __stack[];
extern char __heap_end[];

static inline uint32_t *ingot_board_stack_floor(void) {
  return (uint32_t *)(((uintptr_t)__heap_end + 3u) & ~(uintptr_t)3u);
}

static inline uintptr_t ingot_board_stack_top(void) {
  return (uintptr_t)__stack;
}

#endif
