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
  cost: {
    cyclesPerMac: 3,
    cyclesPerByte: 1,
    cyclesPerLayer: 300,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 12, base: 0, alu: 1.8, wide: 9.2, float: 9.8, double: 64, vector: 0, mem: 12.3, branch: 7, exit: 0, loop: 30.2, call: 17.8, inlineCopy: 0, copyBytes: 0, asm: 0, constant: 1.1, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 40.2, press12: 0, merged: -71.7 },
    stack: {
      bytes: 312, least: 8, perFunction: 6.6, nested: -8,
      kernels: {
        'add/portable:f32': 28, 'add/portable:i16': 8, 'add/portable:i32': 8, 'add/portable:i8': 8,
        'avg_pool2d/portable:f32': 56, 'avg_pool2d/portable:i8': 8, 'cast/portable:i16': 24, 'cast/portable:i32': 8,
        'clip/portable:f32': 20, 'concat/portable:f32': 8, 'concat/portable:i32': 8, 'conv2d/portable:f32': 168,
        'conv2d/portable:i16': 160, 'conv2d/portable:i8': 160, 'depthwise_conv2d/portable:f32': 168,
        'depthwise_conv2d/portable:i8': 128, 'dequantize/portable:i8': 64, 'div/portable:i32': 8,
        'fully_connected/portable:f32': 136, 'fully_connected/portable:i8': 100, 'leaky_relu/portable:i16': 8,
        'logistic/portable:f32': 76, 'logistic/portable:i8': 68, 'max_pool2d/portable:f32': 64,
        'max_pool2d/portable:i8': 8, 'maximum/portable:i32': 8, 'minimum/portable:i32': 8, 'mul/portable:f32': 40,
        'mul/portable:i32': 8, 'pad/portable:i16': 16, 'quantize/portable:f32': 72, 'quantize/portable:i16': 8,
        'quantize/portable:i32': 8, 'reshape/portable:f32': 8, 'reshape/portable:i16': 8, 'reshape/portable:i32': 8,
        'reshape/portable:i8': 8, 'sequence_lstm/portable:i8': 168, 'sequence_lstm_float/portable:f32': 280,
        'signal_energy/portable:i16': 8, 'signal_fft_auto_scale/portable:i16': 12,
        'signal_filter_bank/portable:i32': 28, 'signal_filter_bank_log/portable:i32': 48,
        'signal_filter_bank_sqrt/portable:i64': 44, 'signal_pcan/portable:i32': 40, 'signal_rfft/portable:i16': 80,
        'signal_spectral_subtraction/portable:i32': 8, 'signal_window/portable:i16': 8, 'softmax/portable:f32': 76,
        'softmax/portable:i8': 92, 'strided_slice/portable:f32': 8, 'strided_slice/portable:i16': 12,
        'strided_slice/portable:i32': 8, 'sub/portable:i16': 28, 'svdf/portable:i8': 24, 'tanh/portable:f32': 88,
        'transpose_conv2d/portable:i16': 112,
      },
    },
  },
};
