/*
 * Stack high-water mark by painting, for the bare-metal test boards: the
 * free stack below the caller's frame is filled with a pattern, and the
 * deepest word no longer holding it marks the most stack ever used. Each
 * board family's stack_region.h says where its stack region begins and ends
 * (ingot_board_stack_floor, ingot_board_stack_top); the painting is the same
 * everywhere.
 */
#include "ingot_board.h"
#include "stack_region.h"

#define STACK_PAINT 0x5A5AA5A5u
/* Painting stops this many words below the painter's own frame. */
#define PAINT_MARGIN_WORDS 2

/* Word by word through a volatile pointer: a vectorised loop's wide or unaligned stores would fault
   on boards running with the MMU off, and the words are read back behind the compiler's back. */
void ingot_stack_paint(void) {
  uint32_t here;
  for (volatile uint32_t *p = ingot_board_stack_floor(); p + PAINT_MARGIN_WORDS < &here; p++) *p = STACK_PAINT;
}

uint32_t ingot_stack_high_water(void) {
  uint32_t here;
  volatile uint32_t *p = ingot_board_stack_floor();
  while (p < &here && *p == STACK_PAINT) p++;
  return (uint32_t)(ingot_board_stack_top() - (uintptr_t)p);
}

uint32_t ingot_stack_in_use(void) {
  uint32_t here;
  __asm__ volatile("" : : "r"(&here) : "memory");
  return (uint32_t)(ingot_board_stack_top() - (uintptr_t)&here);
}
