/**
 * Arm Cortex-M0+ (Armv6-M, no DSP, no FPU): the smallest 32-bit parts, e.g.
 * a SAMD21 or RP2040 class microcontroller. Tested on QEMU's mps2-an385
 * board, which runs Armv6-M code.
 */
import { MPS2_AN385 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM0plus: Target = {
  id: 'cortex-m0plus',
  description: 'Arm Cortex-M0+ microcontroller (Armv6-M; e.g. SAMD21, RP2040), portable C kernels',
  architecture: 'armv6-m',
  cpu: 'cortex-m0plus',
  features: [],
  clockHz: 48_000_000,
  flashBytes: 256 * 1024,
  ramBytes: 32 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m0plus', '-mthumb', '-mfloat-abi=soft']),
  emulator: MPS2_AN385.command,
  hosted: false,
  board: MPS2_AN385,
  cost: { cyclesPerMac: 6, cyclesPerByte: 2, cyclesPerLayer: 400, code: { inlineCopyBytes: 0, base: 0, alu: 2, wide: 6, float: 4, double: 4, vector: 4, mem: 2, branch: 2, exit: 2, loop: 6, call: 6, inlineCopy: 6, copyBytes: 1, asm: 3, constant: 4, functions: 8, press6: 0, press12: 0 }, stack: { bytes: 344, least: 344, perFunction: 0, kernels: {} } },
};
