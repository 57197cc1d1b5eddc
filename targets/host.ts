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
  cost: { cyclesPerMac: 0.5, cyclesPerByte: 0.25, cyclesPerLayer: 200, code: { base: 363.4, perFunction: 0, perLayer: 0, perIo: 25.8, perStatement: 15.6, perHelperStatement: 4 }, stackBytes: 512 },
};
