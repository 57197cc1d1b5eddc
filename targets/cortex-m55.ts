/**
 * Arm Cortex-M55 (Armv8.1-M with Helium/MVE vector extension): the first
 * microcontrollers with 128-bit integer and float vectors, e.g. Alif
 * Ensemble. Tested on QEMU's mps3-an547 board, which emulates MVE.
 */
import { MPS3_AN547 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM55: Target = {
  id: 'cortex-m55',
  description: 'Arm Cortex-M55 microcontroller (Armv8.1-M, Helium/MVE, FPU; e.g. Alif Ensemble E3 class: 2 MB code, 1 MB RAM)',
  architecture: 'armv8.1-m.main',
  cpu: 'cortex-m55',
  features: ['fpu', 'dsp', 'mve'],
  clockHz: 400_000_000,
  flashBytes: 2 * 1024 * 1024,
  ramBytes: 1024 * 1024,
  alignment: 16,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m55', '-mthumb', '-mfloat-abi=hard']),
  emulator: MPS3_AN547.command,
  hosted: false,
  board: MPS3_AN547,
  cost: { cyclesPerMac: 0.4, cyclesPerByte: 0.5, cyclesPerLayer: 300, code: { inlineCopyBytes: 0, base: 0, alu: 2, wide: 6, float: 4, double: 4, vector: 4, mem: 2, branch: 2, exit: 2, loop: 6, call: 6, inlineCopy: 6, copyBytes: 1, asm: 3, constant: 4, functions: 8, press6: 0, press12: 0 }, stack: { bytes: 460, least: 460, perFunction: 0, kernels: {} } },
};
