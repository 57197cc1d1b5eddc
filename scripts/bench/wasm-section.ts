/** The WebAssembly benchmark (latency and code size against TFLite's wasm runtime, in Node and in Chromium) as a bench section. */
import type { BenchSection } from './section.js';
import { benchWasm } from './wasm.js';
import { benchWasmBrowser } from './wasm-browser.js';
import { benchWasmOnnx } from './wasm-onnx.js';

export const wasmSection: BenchSection = {
  id: 'wasm',
  title: 'WebAssembly in Node and Chromium: Ingot (SIMD128 and plain) vs TFLite wasm (tfjs-tflite, XNNPACK) and ONNX Runtime Web, 1 thread',
  async run(out) {
    out(await benchWasm());
    out('');
    out(await benchWasmBrowser());
    out('');
    out(await benchWasmOnnx());
  },
};
