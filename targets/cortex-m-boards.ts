/**
 * The QEMU boards Cortex-M targets are tested on, and the link flags every
 * bare-metal Arm test program shares. Under `-icount shift=0` one
 * instruction is one nanosecond of virtual time, and SysTick counts that
 * time at the board's clock, so `INGOT_SYSTICK_HZ` turns ticks back into
 * instructions.
 */
import type { TestBoard } from './target.js';

const MB = 1024 * 1024;

/** newlib-nano for memcpy/memset/libm, no syscalls: I/O goes through semihosting. */
const ARM_LINK = ['--specs=nano.specs', '--specs=nosys.specs', '-nostartfiles', '-Wl,--gc-sections'];

function qemuArm(machine: string): string[] {
  return ['qemu-system-arm', '-M', machine, '-nographic', '-semihosting-config', 'enable=on,target=native', '-icount', 'shift=0,align=off,sleep=off', '-kernel', '{program}'];
}

/** The example program's and board files' own data, besides the stack reservation. */
const PROGRAM_DATA = 512;

function board(description: string, machine: string, linkerScript: string, systickHz: number, flashBytes: number, ramBytes: number, stackReservation = 0x10000): TestBoard {
  return {
    description,
    family: 'cortex-m',
    cflags: [`-DINGOT_SYSTICK_HZ=${systickHz}u`],
    ldflags: [...ARM_LINK, '-T', linkerScript],
    command: qemuArm(machine),
    flashBytes,
    ramBytes,
    reservedRamBytes: stackReservation + PROGRAM_DATA,
    countsInstructions: true,
  };
}

export const MPS2_AN385 = board('QEMU mps2-an385 (Cortex-M3 board running Cortex-M0+ code; 4 MB code, 4 MB RAM)', 'mps2-an385', 'mps2.ld', 25_000_000, 4 * MB, 4 * MB);
export const MPS2_AN386 = board('QEMU mps2-an386 (Cortex-M4; 4 MB code, 4 MB RAM)', 'mps2-an386', 'mps2.ld', 25_000_000, 4 * MB, 4 * MB);
export const MPS2_AN500 = board('QEMU mps2-an500 (Cortex-M7; 4 MB code, 4 MB RAM)', 'mps2-an500', 'mps2.ld', 25_000_000, 4 * MB, 4 * MB);
export const MPS2_AN505 = board('QEMU mps2-an505 (Cortex-M33; 4 MB code, 4 MB RAM)', 'mps2-an505', 'mps2-an505.ld', 20_000_000, 4 * MB, 4 * MB);
export const MPS3_AN547 = board('QEMU mps3-an547 (Cortex-M55 with MVE; 512 KB ITCM code, 2 MB SRAM constants, 512 KB DTCM)', 'mps3-an547', 'mps3-an547.ld', 32_000_000, 2.5 * MB, 512 * 1024);
export const MICROBIT = board('QEMU microbit (nRF51822 Cortex-M0; 256 KB flash, 16 KB RAM)', 'microbit', 'microbit.ld', 16_000_000, 256 * 1024, 16 * 1024, 0x800);
