/**
 * AArch64 Cortex-A76 (Armv8.2-A with NEON and the SDOT/UDOT dot product):
 * Raspberry Pi 5 and current phones.
 */
import { bareMetalVirt, qemuUser } from './aarch64-boards.js';
import { aarch64Linux } from './toolchains.js';
import type { Target } from './target.js';

export const cortexA76: Target = {
  id: 'cortex-a76',
  description: 'AArch64 Cortex-A76 (Armv8.2-A, NEON, dot product; Raspberry Pi 5, current phones)',
  architecture: 'aarch64',
  cpu: 'cortex-a76',
  features: ['fpu', 'neon', 'dotprod'],
  clockHz: 2_400_000_000,
  flashBytes: 2 ** 32,
  ramBytes: 4 * 1024 * 1024 * 1024,
  alignment: 16,
  pointerBytes: 8,
  toolchain: aarch64Linux(['-march=armv8.2-a+dotprod', '-mtune=cortex-a76']),
  emulator: qemuUser('cortex-a76').command,
  hosted: false,
  board: qemuUser('cortex-a76'),
  countingBoard: bareMetalVirt('cortex-a76'),
  cost: { cyclesPerMac: 0.15, cyclesPerByte: 0.15, cyclesPerLayer: 150, code: { inlineCopyBytes: 0, base: 0, alu: 2, wide: 6, float: 4, double: 4, vector: 4, mem: 2, branch: 2, exit: 2, loop: 6, call: 6, inlineCopy: 6, copyBytes: 1, asm: 3, constant: 4, functions: 8, vectorizable: 0, press6: 0, press12: 0 }, stack: { bytes: 256, least: 256, perFunction: 0, kernels: {} } },
};
