/*
 * The Cortex-M boards' stack region (for stack.c): the linker script's
 * limit and top.
 * Inline, so the painter stays a leaf function: a call would put a saved
 * return address below the painter's locals, inside the painted range.
 */
#ifndef INGOT_STACK_REGION_H
#define INGOT_STACK_REGION_H

#include <stdint.h>

extern uint32_t __stack_limit__, __stack_top__;

static inline uint32_t *ingot_board_stack_floor(void) {
  return &__stack_limit__;
}

static inline uintptr_t ingot_board_stack_top(void) {
  return (uintptr_t)&__stack_top__;
}

#endif
