/**
 * The cross toolchains device targets build with (Debian packages installed
 * by scripts/install-toolchains.sh). A bundle's Makefile uses them as
 * overridable defaults.
 */
import type { Toolchain } from './target.js';

/** Arm bare-metal GCC (gcc-arm-none-eabi), optimising for speed unless the CPU flags say otherwise. */
export function armNoneEabi(cpuFlags: string[]): Toolchain {
  const opt = cpuFlags.some((f) => f.startsWith('-O')) ? [] : ['-O2'];
  return { cc: 'arm-none-eabi-gcc', cflags: [...opt, ...cpuFlags], ldflags: [], ar: 'arm-none-eabi-ar', size: 'arm-none-eabi-size', cmakeSystem: { name: 'Generic', processor: 'arm' } };
}

/** RISC-V bare-metal GCC (gcc-riscv64-unknown-elf) building 32-bit code. */
export function riscvElf(cpuFlags: string[]): Toolchain {
  // picolibc's specs give the C library's headers (string.h, math.h) to every compile, not only to links.
  return { cc: 'riscv64-unknown-elf-gcc', cflags: ['-O2', ...cpuFlags, '--specs=picolibc.specs'], ldflags: [], ar: 'riscv64-unknown-elf-ar', size: 'riscv64-unknown-elf-size', cmakeSystem: { name: 'Generic', processor: 'riscv32' } };
}

/** AArch64 Linux GCC (gcc-aarch64-linux-gnu), for phones and single-board computers. */
export function aarch64Linux(cpuFlags: string[]): Toolchain {
  return { cc: 'aarch64-linux-gnu-gcc', cflags: ['-O2', ...cpuFlags], ldflags: [], ar: 'aarch64-linux-gnu-ar', size: 'aarch64-linux-gnu-size', cmakeSystem: { name: 'Linux', processor: 'aarch64' } };
}
