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
  cost: { cyclesPerMac: 0.5, cyclesPerByte: 0.25, cyclesPerLayer: 200, code: { base: 400, perFunction: 100, perLayer: 12, perIo: 40, perStatement: 12, perHelperStatement: 30 }, stackBytes: 256 },
};
