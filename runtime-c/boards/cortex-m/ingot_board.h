/*
 * Board services for Ingot's device tests and benchmarks: a deterministic
 * instruction counter (QEMU with -icount shift=0 advances virtual time by
 * 1 ns per instruction, and SysTick counts that time) and a stack
 * high-water mark by painting.
 */
#ifndef INGOT_BOARD_H
#define INGOT_BOARD_H

#include <stdint.h>

/* Starts the instruction counter. */
void ingot_count_start(void);
/* Instructions since ingot_count_start (exact to one SysTick period). */
uint64_t ingot_count_stop(void);

/* Fills the unused stack with a pattern (called once at reset). */
void ingot_stack_paint(void);
/* Deepest stack use since painting, in bytes. */
uint32_t ingot_stack_high_water(void);

#endif
