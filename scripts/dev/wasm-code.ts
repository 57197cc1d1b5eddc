/**
 * What V8 makes of one step of an oracle model's SIMD module: the step is
 * compiled by the optimizing tier (`--no-liftoff --print-wasm-code` in a
 * child Node), and each loop of its machine code is listed with its
 * instruction mix — loads, spills to and reloads from the stack, shuffles,
 * multiplies — so kernel changes can be judged by the code they produce
 * rather than guessed (machine-loops.ts). `--asm` also prints the loops'
 * instructions; chromium-code.ts does the same for Chromium's newer V8.
 *
 *   node dist/scripts/dev/wasm-code.js [--asm] MODEL_ID STEP
 *
 * MODEL_ID is an oracle id or a unique part of one; STEP is the step number
 * of profile-wasm's table. Only loops of at least 40 instructions are shown
 * (the kernel bodies, not the bookkeeping around them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleEntry, oracleIndex } from '../../test/helpers/oracle.js';
import { type Instruction, loopReport } from './machine-loops.js';

/** Calls the step often enough for V8 to have compiled it (it is compiled eagerly without Liftoff anyway). */
const RUNNER = `
import { readFileSync } from 'node:fs';
const { instance } = await WebAssembly.instantiate(readFileSync(process.argv[2]));
const step = instance.exports[process.argv[3]];
for (let i = 0; i < 20; i++) step();
`;

/** The instructions of the printed function that holds the step's code (the largest one printed). */
function parseCode(listing: string): Instruction[] {
  const functions = listing.split(/^--- WebAssembly code ---$/m).map((part) => {
    const out: Instruction[] = [];
    for (const line of part.split('\n')) {
      const m = /^0x[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(.*)$/.exec(line);
      if (!m) continue;
      const text = m[2]!.trim();
      const words = text.split(/\s+/);
      const target = /<\+0x([0-9a-f]+)>/.exec(text);
      out.push({ offset: parseInt(m[1]!, 16), text, mnemonic: words[0] === 'REX.W' ? words[1] ?? '' : words[0]!, ...(target ? { target: parseInt(target[1]!, 16) } : {}) });
    }
    return out;
  });
  return functions.reduce((a, b) => (b.length > a.length ? b : a), []);
}

async function main(argv: string[]): Promise<number> {
  const asm = argv.includes('--asm');
  const [query, stepArg] = argv.filter((a) => !a.startsWith('--'));
  const id = oracleIndex().find((e) => e.id === query || e.id.includes(query ?? '\0'))?.id;
  if (!id || stepArg === undefined) {
    process.stderr.write('usage: wasm-code.js [--asm] MODEL_ID STEP\n');
    return 2;
  }
  const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1] ?? id);
  const mod = (await emitWasmModules(graph, { builds: [true], stepExports: true })).modules[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'wasm-code-'));
  try {
    const wasmPath = join(dir, 'module.wasm');
    const runnerPath = join(dir, 'runner.mjs');
    writeFileSync(wasmPath, mod.bytes);
    writeFileSync(runnerPath, RUNNER);
    const run = spawnSync(process.execPath, ['--no-liftoff', '--print-wasm-code', runnerPath, wasmPath, `step_${stepArg}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 0) {
      process.stderr.write(run.stderr);
      return 1;
    }
    const code = parseCode(run.stdout);
    process.stdout.write(`${id} step ${stepArg} (${mod.functions[Number(stepArg)] ?? '?'}): ${code.length} instructions\n`);
    for (const line of loopReport(code, asm)) process.stdout.write(`${line}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
