/**
 * Relaxed SIMD in this test process: Node 20's V8 has it behind a flag,
 * newer engines by default. V8 reads the flag when a module is compiled,
 * so a test file that runs relaxed-SIMD modules calls `enableRelaxedSimd`
 * first; `bundleBuilds` lists the modules a bundle holds, to run each.
 */
import { setFlagsFromString } from 'node:v8';
import type { Bundle } from '../../compiler/bundle/types.js';
import { moduleFile } from '../../compiler/emit-wasm/index.js';
import { relaxedSimdSupported } from '../../runtime-wasm/ingot-loader.js';

/** Switches relaxed SIMD on where the engine keeps it behind its flag; true when this process then runs it. */
export function enableRelaxedSimd(): boolean {
  if (!relaxedSimdSupported()) setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdSupported();
}

/** One module of a bundle, as `openWasmBundle` / `runWasmBundle` select it, with a label for messages. */
export interface BundleBuild {
  simd: boolean;
  relaxed: boolean;
  label: string;
}

/** The SIMD module, the relaxed-SIMD one where the bundle has it, and the plain one. */
export function bundleBuilds(bundle: Bundle): BundleBuild[] {
  const hasRelaxed = bundle.files.some((f) => f.path === moduleFile(bundle.name, true, true));
  return [
    { simd: true, relaxed: false, label: 'SIMD' },
    ...(hasRelaxed ? [{ simd: true, relaxed: true, label: 'relaxed SIMD' }] : []),
    { simd: false, relaxed: false, label: 'plain' },
  ];
}
