/*
 * Bare-metal AArch64 startup for QEMU's virt machine (EL1, RAM at 1 GiB):
 * stack, FP/SIMD on, an identity-mapped MMU (device memory below 1 GiB,
 * normal write-back memory above) so unaligned and vector accesses behave
 * as on a phone or board, caches on, .bss zeroed, then main and exit.
 */
  .section .text.boot, "ax"
  .global _start
_start:
  ldr x0, =__stack_top__
  mov sp, x0

  /* CPACR_EL1.FPEN = 0b11: no traps on FP/SIMD. */
  mov x0, #(3 << 20)
  msr cpacr_el1, x0
  isb

  /* MAIR: attr0 = device nGnRnE, attr1 = normal write-back. */
  ldr x0, =0xff00
  msr mair_el1, x0
  /* TCR: 39-bit VA (T0SZ 25), 4 KiB granule, inner-shareable write-back walks, no TTBR1 walks, 40-bit PA. */
  ldr x0, =((25 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (2 << 32))
  msr tcr_el1, x0
  adr x0, ingot_l1_table
  msr ttbr0_el1, x0
  isb
  /* SCTLR: MMU, data and instruction caches on; alignment checks off. */
  mrs x0, sctlr_el1
  orr x0, x0, #(1 << 0)
  orr x0, x0, #(1 << 2)
  orr x0, x0, #(1 << 12)
  bic x0, x0, #(1 << 1)
  msr sctlr_el1, x0
  isb

  ldr x0, =__bss_start__
  ldr x1, =__bss_end__
1:
  cmp x0, x1
  b.hs 2f
  str xzr, [x0], #8
  b 1b
2:
  bl ingot_stack_paint
  bl main
  bl ingot_board_exit
3:
  b 3b

  /* Level-1 table of 1 GiB blocks: [0,1G) device, [1G,2G) normal, rest unmapped. */
  .section .rodata.pagetable, "a"
  .balign 4096
ingot_l1_table:
  .quad 0x0000000000000401
  .quad 0x0000000040000705
  .fill 510, 8, 0
