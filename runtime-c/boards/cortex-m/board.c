/*
 * Instruction counting and the stack region for the Cortex-M test boards.
 *
 * SysTick runs from the core clock, which QEMU derives from virtual time;
 * under `-icount shift=0` one instruction is one nanosecond, so
 * instructions = ticks × (1e9 / INGOT_SYSTICK_HZ). The 24-bit counter wraps
 * every 2^24 ticks; its interrupt counts the wraps.
 */
#include "ingot_board.h"

#ifndef INGOT_SYSTICK_HZ
#define INGOT_SYSTICK_HZ 25000000u /* mps2 boards; the build passes the board's clock */
#endif

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

/*
 * Ticks to instructions without a 64-bit division (a library call whose
 * instruction count depends on its operands, inside every profiled layer's
 * count): 1e9 / HZ = (16e9 / HZ) / 16, exact for the boards' clocks
 * (16, 20, 25 and 32 MHz).
 */
#if (16000000000 % INGOT_SYSTICK_HZ) != 0
#error "INGOT_SYSTICK_HZ must divide 16e9"
#endif
#define INGOT_NS_PER_16_TICKS (16000000000u / INGOT_SYSTICK_HZ)

extern volatile uint32_t ingot_systick_wraps;

static uint32_t count_origin;

void ingot_count_start(void) {
  SYST_CSR = 0;
  SYST_RVR = 0x00FFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 7u; /* enable, interrupt on reaching zero, core clock */
  /* Writing CVR clears it; the first tick reloads it. Start from that reload. */
  while (SYST_CVR == 0) {
  }
  ingot_systick_wraps = 0;
  count_origin = SYST_CVR;
}

uint64_t ingot_count_now(void) {
  uint32_t wraps, value;
  do {
    wraps = ingot_systick_wraps;
    value = SYST_CVR;
  } while (wraps != ingot_systick_wraps);
  /* A period is 2^24 ticks; the wrap is counted on reaching zero, one tick before the reload. */
  uint64_t ticks = (uint64_t)wraps * 0x01000000u + count_origin - value;
  if (value == 0 && wraps > 0) ticks -= 0x01000000u;
  return (ticks * INGOT_NS_PER_16_TICKS) >> 4;
}

uint64_t ingot_count_stop(void) {
  uint64_t count = ingot_count_now();
  SYST_CSR = 0;
  return count;
}

