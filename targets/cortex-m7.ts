/**
 * Arm Cortex-M7 (Armv7E-M, DSP, double-precision FPU, dual issue): the
 * fastest classic microcontrollers, e.g. STM32F7/H7 or i.MX RT. Tested on
 * QEMU's mps2-an500 board.
 */
import { MPS2_AN500 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM7: Target = {
  id: 'cortex-m7',
  description: 'Arm Cortex-M7 microcontroller (Armv7E-M, DSP, FPU; e.g. STM32F767: 2 MB flash, 512 KB RAM)',
  architecture: 'armv7e-m',
  cpu: 'cortex-m7',
  features: ['fpu', 'dsp'],
  clockHz: 216_000_000,
  flashBytes: 2 * 1024 * 1024,
  ramBytes: 512 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m7', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv5-d16']),
  emulator: MPS2_AN500.command,
  hosted: false,
  board: MPS2_AN500,
  cost: { cyclesPerMac: 1.2, cyclesPerByte: 0.6, cyclesPerLayer: 250, code: { inlineCopyBytes: 0, base: 0, alu: 2, wide: 6, float: 4, double: 4, vector: 4, mem: 2, branch: 2, exit: 2, loop: 6, call: 6, inlineCopy: 6, copyBytes: 1, asm: 3, constant: 4, functions: 8, press6: 0, press12: 0 }, stack: { bytes: 248, least: 248, perFunction: 0, kernels: {} } },
};
