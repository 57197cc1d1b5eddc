/**
 * What Chromium's V8 makes of one step of an oracle model's SIMD module —
 * wasm-code.ts's report for the browser, whose newer optimizing tier
 * allocates registers, unrolls loops and places constants differently from
 * Node's. A page runs the module until every kernel has been optimized,
 * with V8 writing its code to a jitdump (`--perf-prof`); the step's kernel
 * is read from it (jitdump.ts), disassembled with binutils' objdump, and
 * its loops listed with their instruction mix (machine-loops.ts). x86-64
 * only. `--asm` also prints the loops' instructions; `--relaxed` reads the
 * relaxed-SIMD module instead (what the loader runs in Chromium).
 *
 *   node dist/scripts/dev/chromium-code.js [--asm] [--relaxed] MODEL_ID STEP
 *
 * MODEL_ID is an oracle id or a unique part of one; STEP is the step number
 * of profile-wasm's table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { importModel } from '../../compiler/import/index.js';
import { CHROMIUM, runPage } from '../../test/browser/page.js';
import { modelBytes, oracleEntry, oracleIndex } from '../../test/helpers/oracle.js';
import { codeLoads } from './jitdump.js';
import { type Instruction, loopReport } from './machine-loops.js';

/** Runs of the whole module before the page reports: Chromium optimizes a function only after it has run for a while. */
const RUNS = 3000;

const PAGE = `<!doctype html><script type="module">
const { instance } = await WebAssembly.instantiate(await (await fetch('module.wasm')).arrayBuffer());
for (let i = 0; i < ${RUNS}; i++) instance.exports.run();
window.done = true;
</script>`;

/** objdump's Intel-syntax listing of raw x86-64 code as instructions, jump targets read from their operands. */
function disassemble(code: Uint8Array, dir: string): Instruction[] {
  const file = join(dir, 'code.bin');
  writeFileSync(file, code);
  const run = spawnSync('objdump', ['-D', '-b', 'binary', '-m', 'i386:x86-64', '-M', 'intel', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.error || run.status !== 0) throw new Error(`objdump failed (binutils installs it): ${run.error?.message ?? run.stderr}`);
  const out: Instruction[] = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*([a-z].*)$/.exec(line);
    if (!m) continue;
    const text = m[2]!.replace(/\s+/g, ' ').trim();
    const mnemonic = text.split(' ')[0]!;
    const target = /^j\w+ 0x([0-9a-f]+)$/.exec(text);
    out.push({ offset: parseInt(m[1]!, 16), text, mnemonic, ...(target ? { target: parseInt(target[1]!, 16) } : {}) });
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const asm = argv.includes('--asm');
  const relaxed = argv.includes('--relaxed');
  const [query, stepArg] = argv.filter((a) => !a.startsWith('--'));
  const id = oracleIndex().find((e) => e.id === query || e.id.includes(query ?? '\0'))?.id;
  if (!id || stepArg === undefined || !/^\d+$/.test(stepArg)) {
    process.stderr.write('usage: chromium-code.js [--asm] [--relaxed] MODEL_ID STEP\n');
    return 2;
  }
  if (process.arch !== 'x64') {
    process.stderr.write(`chromium-code.js disassembles x86-64 code; this machine is ${process.arch}\n`);
    return 2;
  }
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`${CHROMIUM} is missing (scripts/install-toolchains.sh installs Debian's chromium)\n`);
    return 2;
  }
  const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1] ?? id);
  const { modules } = await emitWasmModules(graph, { builds: [true], relaxed, wat: true });
  const mod = modules[modules.length - 1]!;
  if (relaxed && !mod.relaxed) process.stderr.write('this model has no relaxed-SIMD module; reading the SIMD one\n');
  const kernel = mod.functions[Number(stepArg)];
  // The module has no imports, so a function's index is its place among the definitions.
  const index = kernel === undefined ? -1 : [...mod.wat!.matchAll(/^ \(func \$(\S+)/gm)].findIndex((m) => m[1] === kernel);
  if (index < 0) {
    process.stderr.write(`${id} has no step ${stepArg} (its steps: 0–${mod.functions.length - 1})\n`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'chromium-code-'));
  try {
    const flags = ['--perf-prof', `--perf-prof-path=${dir}`, '--no-logfile-per-isolate', '--logfile=/dev/null'];
    await runPage(new Map([['index.html', new TextEncoder().encode(PAGE)], ['module.wasm', mod.bytes]]), 'done', 300_000, [`--js-flags=${flags.join(' ')}`]);
    // The renderer's dump holds the module's code; the last optimized version of the function is the one that ran.
    const name = new RegExp(`wasm-function\\[${index}\\]-${index}-turbo`);
    const loads = readdirSync(dir).filter((f) => f.startsWith('jit-')).flatMap((f) => codeLoads(join(dir, f))).filter((l) => name.test(l.name));
    const load = loads.at(-1);
    if (!load) {
      process.stderr.write(`Chromium wrote no optimized code for ${kernel} (function ${index})\n`);
      return 1;
    }
    const code = disassemble(load.code, dir);
    process.stdout.write(`${id} step ${stepArg} (${kernel}) in Chromium: ${code.length} instructions\n`);
    for (const line of loopReport(code, asm)) process.stdout.write(`${line}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
