/**
 * BBC micro:bit v1 (nRF51822, Cortex-M0, 256 KB flash, 16 KB RAM): the
 * target for proving a model fits the tightest RAM Ingot supports. QEMU's
 * `microbit` machine has the real part's memory sizes.
 */
import { MICROBIT } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const microbit: Target = {
  id: 'microbit',
  description: 'BBC micro:bit v1: nRF51822 Cortex-M0, 256 KB flash, 16 KB RAM',
  architecture: 'armv6-m',
  cpu: 'cortex-m0',
  features: [],
  clockHz: 16_000_000,
  flashBytes: 256 * 1024,
  ramBytes: 16 * 1024,
  alignment: 4,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m0', '-mthumb', '-mfloat-abi=soft', '-Os']),
  emulator: MICROBIT.command,
  hosted: false,
  board: MICROBIT,
  cost: { cyclesPerMac: 6, cyclesPerByte: 2, cyclesPerLayer: 400, code: { inlineCopyBytes: 0, base: 0, alu: 2, wide: 6, float: 4, double: 4, vector: 4, mem: 2, branch: 2, exit: 2, loop: 6, call: 6, inlineCopy: 6, copyBytes: 1, asm: 3, constant: 4, functions: 8, press6: 0, press12: 0 }, stack: { bytes: 256, least: 256, perFunction: 0, kernels: {} } },
};
