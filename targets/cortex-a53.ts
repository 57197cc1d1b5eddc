/**
 * AArch64 Cortex-A53 (Armv8.0-A with NEON, no dot product): Raspberry Pi 3
 * and older phones. Kernels must not use SDOT here; the tests run on QEMU's
 * cortex-a53 model, which traps it.
 */
import { bareMetalVirt, qemuUser } from './aarch64-boards.js';
import { aarch64Linux } from './toolchains.js';
import type { Target } from './target.js';

export const cortexA53: Target = {
  id: 'cortex-a53',
  description: 'AArch64 Cortex-A53 (Armv8-A, NEON, no dot product; Raspberry Pi 3, older phones)',
  architecture: 'aarch64',
  cpu: 'cortex-a53',
  features: ['fpu', 'neon'],
  clockHz: 1_200_000_000,
  flashBytes: 2 ** 32,
  ramBytes: 1024 * 1024 * 1024,
  alignment: 16,
  pointerBytes: 8,
  toolchain: aarch64Linux(['-march=armv8-a', '-mtune=cortex-a53']),
  emulator: qemuUser('cortex-a53').command,
  hosted: false,
  board: qemuUser('cortex-a53'),
  countingBoard: bareMetalVirt('cortex-a53'),
  cost: { cyclesPerMac: 0.5, cyclesPerByte: 0.3, cyclesPerLayer: 200, code: { inlineCopyBytes: 0, base: 0, alu: 2, wide: 6, float: 4, double: 4, vector: 4, mem: 2, branch: 2, exit: 2, loop: 6, call: 6, inlineCopy: 6, copyBytes: 1, asm: 3, constant: 4, functions: 8, press6: 0, press12: 0 }, stack: { bytes: 256, least: 256, perFunction: 0, kernels: {} } },
};
