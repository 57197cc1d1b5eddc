/**
 * How AArch64 Linux targets run here. Tests and `ingot run` use a static
 * glibc program under qemu-user with the chosen CPU model (a53 has no dot
 * product instructions, so it catches a kernel that uses them without
 * checking). Instruction counts come from a bare-metal twin on QEMU's virt
 * machine under -icount (integer models: the bare-metal build has no libm).
 */
import type { TestBoard } from './target.js';

export function qemuUser(cpu: string): TestBoard {
  return {
    description: `qemu-aarch64 -cpu ${cpu} (Linux user mode, static glibc)`,
    family: 'hosted',
    cflags: [],
    ldflags: ['-static'],
    command: ['qemu-aarch64', '-cpu', cpu, '{program}'],
    flashBytes: 2 ** 31,
    ramBytes: 2 ** 31,
    reservedRamBytes: 8 * 1024 * 1024,
    countsInstructions: false,
  };
}

export function bareMetalVirt(cpu: string): TestBoard {
  return {
    description: `QEMU virt -cpu ${cpu} (bare metal, identity-mapped MMU, semihosting)`,
    family: 'aarch64',
    cflags: ['-ffreestanding'],
    ldflags: ['-nostdlib', '-nostartfiles', '-static', '-T', 'virt.ld', '-Wl,--no-warn-rwx-segments', '-Wl,--build-id=none', '-lgcc'],
    command: ['qemu-system-aarch64', '-M', 'virt', '-cpu', cpu, '-nographic', '-net', 'none', '-semihosting-config', 'enable=on,target=native', '-icount', 'shift=0,align=off,sleep=off', '-kernel', '{program}'],
    flashBytes: 2 ** 30,
    ramBytes: 2 ** 30,
    reservedRamBytes: 0x40000 + 512,
    countsInstructions: true,
  };
}
