/**
 * The build machine itself: x86-64 Linux with gcc. Bundles for it build and
 * run natively, which is how the C backend is tested against TFLite Micro's
 * outputs and how `ingot run BUNDLE` works.
 */
import type { Target } from './target.js';

export const host: Target = {
  id: 'host',
  description: 'this machine: x86-64 Linux, gcc, native execution',
  architecture: 'x86-64',
  cpu: 'x86-64',
  features: ['fpu'],
  clockHz: 2_000_000_000,
  flashBytes: 2 ** 32,
  ramBytes: 2 ** 32,
  alignment: 16,
  pointerBytes: 8,
  toolchain: { cc: 'gcc', cflags: ['-O2'], ldflags: [], ar: 'ar', size: 'size' },
  emulator: [],
  hosted: true,
  cost: { cyclesPerMac: 0.5, cyclesPerByte: 0.25, cyclesPerLayer: 200, code: { inlineCopyBytes: 0, base: 0, alu: 2, wide: 6, float: 4, double: 4, vector: 4, mem: 2, branch: 2, exit: 2, loop: 6, call: 6, inlineCopy: 6, copyBytes: 1, asm: 3, constant: 4, functions: 8, press6: 0, press12: 0 }, stack: { bytes: 512, least: 512, perFunction: 0, kernels: {} } },
};
