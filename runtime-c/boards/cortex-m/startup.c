/*
 * Minimal Cortex-M startup for Ingot's test boards (QEMU mps2/mps3 and
 * micro:bit). Copies .data, zeroes .bss, enables the FPU when present,
 * paints the stack for a high-water measurement, and exits through
 * semihosting with main's status. Every fault ends the program with exit
 * status 1 instead of hanging.
 */
#include <stdint.h>
#include "ingot_board.h"

extern uint32_t __data_load__, __data_start__, __data_end__;
extern uint32_t __bss_start__, __bss_end__;
extern uint32_t __stack_top__, __stack_limit__;

extern int main(void);

void Reset_Handler(void);
void Fault_Handler(void);
void SysTick_Handler(void);

volatile uint32_t ingot_systick_wraps;

__attribute__((used, section(".isr_vector")))
void (*const ingot_vectors[16])(void) = {
  (void (*)(void))(&__stack_top__),
  Reset_Handler,
  Fault_Handler, /* NMI */
  Fault_Handler, /* HardFault */
  Fault_Handler, /* MemManage */
  Fault_Handler, /* BusFault */
  Fault_Handler, /* UsageFault */
  0, 0, 0, 0,
  Fault_Handler, /* SVCall */
  Fault_Handler, /* DebugMonitor */
  0,
  Fault_Handler, /* PendSV */
  SysTick_Handler,
};

void Fault_Handler(void) {
  ingot_board_print("fault\n");
  ingot_board_exit(1);
}

void SysTick_Handler(void) {
  ingot_systick_wraps++;
}

__attribute__((noreturn)) void Reset_Handler(void) {
  uint32_t *src = &__data_load__;
  for (uint32_t *dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (uint32_t *dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
#if defined(__ARM_FP)
  /* CPACR: full access to CP10 and CP11 (the FPU). */
  *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
  __asm__ volatile("dsb\n\tisb");
#endif
  ingot_stack_paint();
  ingot_board_exit(main());
  for (;;) {
  }
}
