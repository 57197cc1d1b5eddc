/**
 * Arm Cortex-M4F (Armv7E-M with the DSP extension and a single-precision
 * FPU): the workhorse microcontroller, e.g. STM32F4 or nRF52840. Tested on
 * QEMU's mps2-an386 board.
 */
import { MPS2_AN386 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM4: Target = {
  id: 'cortex-m4',
  description: 'Arm Cortex-M4F microcontroller (Armv7E-M, DSP, FPU; e.g. STM32F407: 1 MB flash, 192 KB RAM)',
  architecture: 'armv7e-m',
  cpu: 'cortex-m4',
  features: ['fpu', 'dsp'],
  clockHz: 168_000_000,
  flashBytes: 1024 * 1024,
  ramBytes: 192 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16']),
  emulator: MPS2_AN386.command,
  hosted: false,
  board: MPS2_AN386,
  cost: { cyclesPerMac: 2, cyclesPerByte: 1, cyclesPerLayer: 300, code: { base: 0, perFunction: 29.7, perLayer: 0, perIo: 43.1, perStatement: 11.2, perHelperStatement: 1.8 }, stackBytes: 248 },
};
