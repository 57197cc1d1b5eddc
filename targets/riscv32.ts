/**
 * 32-bit RISC-V microcontroller (RV32IMC, no FPU): the ESP32-C3 class.
 * Tested on QEMU's `virt` machine with picolibc's semihosting start-up;
 * `minstret` counts retired instructions exactly under -icount.
 */
import { riscvElf } from './toolchains.js';
import type { Target, TestBoard } from './target.js';

const VIRT: TestBoard = {
  description: 'QEMU virt (RV32IMC; 4 MB flash at 0x80000000, 4 MB RAM)',
  family: 'riscv32',
  // -misa-spec=2.2 keeps csrr (for minstret) in the base ISA without a _zicsr suffix that breaks picolibc's link.
  cflags: ['-misa-spec=2.2'],
  ldflags: [
    // --specs=picolibc.specs comes with the toolchain's flags (compiles need its headers too).
    '--oslib=semihost', '--crt0=semihost',
    '-Wl,--defsym=__flash=0x80000000', '-Wl,--defsym=__flash_size=0x400000',
    '-Wl,--defsym=__ram=0x80400000', '-Wl,--defsym=__ram_size=0x400000', '-Wl,--defsym=__stack_size=0x4000',
    // The stack bounds under the names the other boards' linker scripts give them (runtime-c/boards/stack.c).
    '-Wl,--defsym=__stack_limit__=__heap_end', '-Wl,--defsym=__stack_top__=__stack',
  ],
  command: ['qemu-system-riscv32', '-M', 'virt', '-bios', 'none', '-nographic', '-semihosting-config', 'enable=on,target=native', '-icount', 'shift=0,align=off,sleep=off', '-kernel', '{program}'],
  flashBytes: 4 * 1024 * 1024,
  ramBytes: 4 * 1024 * 1024,
  reservedRamBytes: 0x4000 + 512,
  countsInstructions: true,
};

export const riscv32: Target = {
  id: 'riscv32',
  description: 'RISC-V RV32IMC microcontroller (e.g. ESP32-C3: 4 MB flash, 400 KB SRAM), portable C kernels',
  architecture: 'rv32imc',
  cpu: 'rv32imc',
  features: [],
  clockHz: 160_000_000,
  flashBytes: 4 * 1024 * 1024,
  ramBytes: 400 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: riscvElf(['-march=rv32imc', '-mabi=ilp32']),
  emulator: VIRT.command,
  hosted: false,
  board: VIRT,
  cost: { cyclesPerMac: 3, cyclesPerByte: 1, cyclesPerLayer: 300, code: { base: 0, perFunction: 0, perLayer: 0, perIo: 78.4, perStatement: 18.9, perHelperStatement: 0.6 }, stackBytes: 312 },
};
