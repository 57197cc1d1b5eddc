/**
 * WebAssembly for browsers and Node: a bundle holds a SIMD128 module and a
 * plain one (the loader picks what the engine validates), emitted through
 * binaryen — no C toolchain is involved, so the toolchain fields are empty.
 * Bundles run in this process under Node, which is how `ingot run BUNDLE`
 * works for them. Sizes: wasm32 addresses at most 4 GiB of memory.
 */
import type { Target } from './target.js';

export const wasm: Target = {
  id: 'wasm',
  backend: 'wasm',
  description: 'WebAssembly (browsers, Node): SIMD128 and plain modules with a dependency-free loader',
  architecture: 'wasm32',
  cpu: 'wasm32',
  features: ['simd128'],
  clockHz: 2_000_000_000,
  flashBytes: 2 ** 32,
  ramBytes: 2 ** 32,
  alignment: 16,
  pointerBytes: 4,
  toolchain: { cc: '', cflags: [], ldflags: [], ar: '', size: '' },
  emulator: [],
  hosted: true,
  cost: { cyclesPerMac: 0.25, cyclesPerByte: 0.25, cyclesPerLayer: 200, code: { inlineCopyBytes: 0, base: 0, alu: 0, wide: 0, float: 0, double: 0, vector: 0, mem: 0, branch: 0, exit: 0, loop: 0, call: 0, inlineCopy: 0, copyBytes: 1, asm: 0, constant: 0, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 0, press12: 0, merged: 0 }, stack: { bytes: 0, least: 0, perFunction: 0, nested: 0, kernels: {} } },
};
