/**
 * Arm Cortex-M33 (Armv8-M mainline with the DSP extension and an FPU,
 * TrustZone): current mid-range parts, e.g. nRF5340 or STM32U5. Tested on
 * QEMU's mps2-an505 board.
 */
import { MPS2_AN505 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM33: Target = {
  id: 'cortex-m33',
  description: 'Arm Cortex-M33 microcontroller (Armv8-M, DSP, FPU; e.g. nRF5340: 1 MB flash, 512 KB RAM)',
  architecture: 'armv8-m.main',
  cpu: 'cortex-m33',
  features: ['fpu', 'dsp'],
  clockHz: 128_000_000,
  flashBytes: 1024 * 1024,
  ramBytes: 512 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m33', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv5-sp-d16']),
  emulator: MPS2_AN505.command,
  hosted: false,
  board: MPS2_AN505,
  cost: { cyclesPerMac: 1.8, cyclesPerByte: 1, cyclesPerLayer: 300, code: { inlineCopyBytes: 0, base: 0, alu: 2, wide: 6, float: 4, double: 4, vector: 4, mem: 2, branch: 2, exit: 2, loop: 6, call: 6, inlineCopy: 6, copyBytes: 1, asm: 3, constant: 4, functions: 8, press6: 0, press12: 0 }, stack: { bytes: 248, least: 248, perFunction: 0, kernels: {} } },
};
