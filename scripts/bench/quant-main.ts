/**
 * Runs the quantization benchmark section on its own and prints it:
 * `npm run build && node dist/scripts/bench/quant-main.js`.
 */
import { benchQuant } from './quant.js';

process.stdout.write((await benchQuant()) + '\n');
