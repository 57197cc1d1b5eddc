/**
 * Relaxed SIMD in this test process: Node 20's V8 has it behind a flag,
 * newer engines by default. V8 reads the flag when a module is compiled,
 * so a test file that runs relaxed-SIMD modules calls this first.
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimdSupported } from '../../runtime-wasm/ingot-loader.js';

/** Switches relaxed SIMD on where the engine keeps it behind its flag; true when this process then runs it. */
export function enableRelaxedSimd(): boolean {
  if (!relaxedSimdSupported()) setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdSupported();
}
