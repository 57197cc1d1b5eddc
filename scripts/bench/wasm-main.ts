/**
 * Runs the WebAssembly benchmark on its own (`npm run bench:wasm`) and
 * prints its report. Exits explicitly: the peer runtime leaves a message
 * port open that would keep Node alive.
 */
import { benchWasm } from './wasm.js';

process.stdout.write((await benchWasm()) + '\n');
process.exit(0);
