/**
 * TFLite's own WebAssembly runtime (@tensorflow/tfjs-tflite, XNNPACK) in
 * Node, as a peer to measure against.
 *
 * The package targets browsers and web workers; in Node it needs a shim:
 * `self` and `location` globals, an `importScripts` that evaluates the
 * single-threaded SIMD build (`tflite_web_api_cc_simd.js`) in this context,
 * and the module factory handed the .wasm bytes from disk (`wasmBinary`)
 * instead of fetching them. The wasm path is set to a placeholder http URL
 * only so the package never asks for a page location; nothing is fetched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { fixRank1QuantizedDimension } from './tflite-patch.js';

const require = createRequire(import.meta.url);
const PLACEHOLDER_BASE = 'http://tfjs-tflite.invalid/';
const SCRIPT = 'tflite_web_api_cc_simd.js';

/** The package's wasm folder (holds the .js loaders and .wasm builds). */
export function tfliteWasmDir(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');
}

/** The wasm binary the peer runs, for size comparisons. */
export function tfliteWasmFile(): string {
  return join(tfliteWasmDir(), SCRIPT.replace(/\.js$/, '.wasm'));
}

/** A tensor of the peer's model runner: a typed view of its memory. */
export interface PeerTensor {
  name: string;
  dataType: string;
  data(): Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array;
}

/** The runner under TFLiteModel: set inputs, `infer()`, read outputs. */
export interface PeerRunner {
  getInputs(): PeerTensor[];
  getOutputs(): PeerTensor[];
  infer(): boolean;
}

let installed = false;

function installShim(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  const dir = tfliteWasmDir();
  const wasmBinary = readFileSync(tfliteWasmFile());
  g['self'] ??= globalThis;
  g['location'] ??= { origin: PLACEHOLDER_BASE.slice(0, -1), href: PLACEHOLDER_BASE, protocol: 'http:' };
  g['importScripts'] = (): void => {
    // Whatever build the package asks for, run the single-threaded SIMD one.
    runInThisContext(readFileSync(join(dir, SCRIPT), 'utf8'), { filename: SCRIPT });
    const factory = g['tflite_web_api_ModuleFactory'] as (opts: Record<string, unknown>) => Promise<unknown>;
    g['tflite_web_api_ModuleFactory'] = (opts: Record<string, unknown>) => factory({ ...opts, wasmBinary });
  };
}

/** Loads a .tflite model in the peer with one thread (see tflite-patch.ts); returns its runner. */
export async function loadPeerModel(model: Uint8Array): Promise<PeerRunner> {
  installShim();
  await import('@tensorflow/tfjs-backend-cpu');
  const tflite = require('@tensorflow/tfjs-tflite') as {
    setWasmPath(path: string): void;
    loadTFLiteModel(model: ArrayBuffer, options: { numThreads: number }): Promise<{ modelRunner: PeerRunner }>;
  };
  tflite.setWasmPath(PLACEHOLDER_BASE);
  const { bytes } = fixRank1QuantizedDimension(model);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const loaded = await tflite.loadTFLiteModel(buffer, { numThreads: 1 });
  return loaded.modelRunner;
}
