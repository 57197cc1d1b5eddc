/**
 * Full TFLite (the XNNPACK wasm build shipped in @tensorflow/tfjs-tflite)
 * run from Node, as an independent peer for models Ingot writes.
 *
 * The package expects a browser or web worker. A small shim makes Node look
 * like a worker: `self` and `location` exist, and `importScripts` loads the
 * single-threaded SIMD build of the TFLite module from node_modules with
 * `vm.runInThisContext`, handing it the .wasm bytes from disk so nothing is
 * fetched. One interpreter thread. The runtime's console chatter (a banner,
 * XNNPACK notes, "converting int32 to int8" for every int8 input, since
 * tfjs has no int8 tensors) is kept off the test report; its failures still
 * arrive as exceptions.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

const require = createRequire(import.meta.url);

export interface TfliteRunner {
  /** Runs a .tflite model on typed-array inputs (in the model's input order); returns its outputs. */
  run(model: Uint8Array, inputs: ReadonlyArray<Int8Array | Float32Array>): Promise<Array<Int8Array | Float32Array>>;
}

interface TfjsCore {
  tensor(values: ArrayLike<number>, shape: number[], dtype: string): unknown;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
}
interface TfliteModule {
  setWasmPath(path: string): void;
  loadTFLiteModel(model: ArrayBuffer, options: { numThreads: number }): Promise<{
    inputs: Array<{ shape: number[]; dtype: string }>;
    predict(inputs: unknown): unknown;
  }>;
}

let runner: Promise<TfliteRunner> | undefined;

/** Runs `fn` with console.log/info/warn muted (restored even when it throws). */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, warn: console.warn };
  const mute = (): void => {};
  console.log = mute;
  console.info = mute;
  console.warn = mute;
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
  }
}

/** The runner, loaded once per process. */
export function tfliteRunner(): Promise<TfliteRunner> {
  runner ??= quietly(load);
  return runner;
}

async function load(): Promise<TfliteRunner> {
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');
  const g = globalThis as Record<string, unknown>;
  g['self'] ??= globalThis;
  g['location'] ??= { origin: 'file://', href: `file://${wasmDir}/`, protocol: 'file:' };
  g['importScripts'] = (): void => {
    vm.runInThisContext(readFileSync(join(wasmDir, 'tflite_web_api_cc_simd.js'), 'utf8'));
    const factory = g['tflite_web_api_ModuleFactory'] as (options: Record<string, unknown>) => Promise<unknown>;
    const wasmBinary = readFileSync(join(wasmDir, 'tflite_web_api_cc_simd.wasm'));
    g['tflite_web_api_ModuleFactory'] = (options: Record<string, unknown>) => factory({ ...options, wasmBinary });
  };
  const tf = require('@tensorflow/tfjs-core') as TfjsCore;
  require('@tensorflow/tfjs-backend-cpu');
  const tflite = require('@tensorflow/tfjs-tflite') as TfliteModule;
  await tf.setBackend('cpu');
  await tf.ready();
  tflite.setWasmPath(`${wasmDir}/`);
  return {
    run: (model, inputs) => quietly(async () => {
      const buffer = model.buffer.slice(model.byteOffset, model.byteOffset + model.byteLength) as ArrayBuffer;
      const m = await tflite.loadTFLiteModel(buffer, { numThreads: 1 });
      const tensors = inputs.map((x, k) => (x instanceof Int8Array ? tf.tensor(Int32Array.from(x), m.inputs[k]!.shape, 'int32') : tf.tensor(x, m.inputs[k]!.shape, 'float32')));
      const result = m.predict(tensors.length === 1 ? tensors[0] : tensors) as { dataSync(): ArrayLike<number> } | Record<string, { dataSync(): ArrayLike<number> }>;
      const outputs = 'dataSync' in result ? [result] : Object.values(result);
      return outputs.map((o) => {
        const v = (o as { dataSync(): ArrayLike<number> }).dataSync();
        return v instanceof Float32Array ? Float32Array.from(v) : Int8Array.from(v);
      });
    }),
  };
}
