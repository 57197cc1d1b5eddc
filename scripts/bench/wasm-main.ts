/**
 * Runs the WebAssembly benchmarks on their own (`npm run bench:wasm`) and
 * prints their reports. Exits explicitly: the peer runtimes leave message
 * ports open that would keep Node alive.
 */
import { benchWasm } from './wasm.js';
import { benchWasmBrowser } from './wasm-browser.js';
import { benchWasmOnnx } from './wasm-onnx.js';

process.stdout.write((await benchWasm()) + '\n\n' + (await benchWasmBrowser()) + '\n\n' + (await benchWasmOnnx()) + '\n');
process.exit(0);
