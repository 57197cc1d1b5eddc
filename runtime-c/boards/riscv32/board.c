/*
 * Board services on RV32 (QEMU virt with picolibc's semihosting crt0):
 * minstret counts retired instructions exactly; the stack region stack.c
 * paints for a high-water mark runs from the end of .bss/heap to the top.
 */
#include "ingot_board.h"

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
