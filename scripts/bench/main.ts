/**
 * `npm run bench [-- SECTION…]`: runs the benchmark sections (all by
 * default) and prints their tables. Each concern is one section file;
 * adding one is a file plus a line in SECTIONS.
 */
import { cHost } from './c-host.js';
import { quantSection } from './quant-section.js';
import { devicesSection } from './devices.js';
import type { BenchSection } from './section.js';
import { simd } from './simd.js';
import { wasmSection } from './wasm-section.js';

const SECTIONS: readonly BenchSection[] = [cHost, devicesSection, simd, wasmSection, quantSection];

async function main(argv: string[]): Promise<number> {
  const wanted = argv.length > 0 ? argv : SECTIONS.map((s) => s.id);
  const unknown = wanted.filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}\n`);
    return 2;
  }
  for (const section of SECTIONS.filter((s) => wanted.includes(s.id))) {
    process.stdout.write(`\n== ${section.title} ==\n`);
    await section.run((line) => process.stdout.write(line + '\n'));
  }
  return 0;
}

// Exit explicitly: the wasm peer runtime leaves a message port open that would keep Node alive.
process.exit(await main(process.argv.slice(2)));
