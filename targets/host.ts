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
  cost: {
    cyclesPerMac: 0.5,
    cyclesPerByte: 0.25,
    cyclesPerLayer: 200,
    // Code figures fitted by scripts/dev/calibrate-sizes.ts (bytes per operation); the stack is not measured on the host: a fixed allowance.
    code: { inlineCopyBytes: 256, base: 0, alu: 4, wide: 8.6, float: 0, double: 20.1, vector: 4, mem: 18.6, branch: 0, exit: 0, loop: 23.2, call: 98.1, inlineCopy: 17.1, copyBytes: 0.9, asm: 4, constant: 0, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 71.7, press12: 4, merged: 0 },
    stack: { bytes: 512, least: 512, perFunction: 0, nested: 0, kernels: {} },
  },
};
