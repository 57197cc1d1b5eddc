/**
 * The C backend on this machine, per whole oracle model: memory (Ingot's
 * arena, the plan's lower bound, TFLite Micro's 32-bit arena and the
 * ratio), compile time, host latency of the gcc -O2 bundle (median of 50
 * timed inferences), and the instructions of one inference counted by
 * callgrind (only inside `<model>_invoke`), next to TFLite Micro's host
 * median from the oracle index (measured elsewhere, on another run of this
 * kind of machine) and its Cortex-M4 instruction count (a different ISA,
 * shown for scale).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHostBundle } from '../../compiler/bundle/host-build.js';
import { runHostExample } from '../../compiler/bundle/host-run.js';
import { compile } from '../../compiler/compile.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleEntry } from '../../test/helpers/oracle.js';
import { WHOLE_MODELS } from '../../test/helpers/oracle-models.js';
import { oracleDir, repoRoot } from '../../test/helpers/paths.js';
import { formatTable, thousands, type BenchSection } from './section.js';

const RUNS = 50;
const COMPILE_GOAL_MS = 2000;

/** Wall time of `ingot compile MODEL -o x.tar` as a user runs it (a fresh Node process each time), median of 3. */
function cliCompileMs(model: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-compile-'));
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), 'compile', model, '-o', join(dir, `${i}.tar`)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ingot compile ${model} failed: ${r.stderr}`);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[1]!;
}

function firstCase(id: string): { inputs: string[]; outputs: number } {
  const spec = JSON.parse(readFileSync(join(oracleDir, id, 'case.json'), 'utf8')) as { cases: Array<{ name: string }>; inputs: unknown[]; outputs: unknown[] };
  const name = spec.cases[0]!.name;
  return { inputs: spec.inputs.map((_, i) => join(oracleDir, id, `${name}.in${i}.npy`)), outputs: spec.outputs.length };
}

/** Instructions executed inside `fn` (inclusive), from one callgrind run of `program args`. */
async function callgrindInstructions(program: string, args: string[], fn: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-callgrind-'));
  const out = join(dir, 'callgrind.out');
  await new Promise<void>((resolve, reject) => {
    execFile('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, `--toggle-collect=${fn}`, program, ...args], { maxBuffer: 64 << 20 }, (err) => (err ? reject(err) : resolve()));
  });
  const text = readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('callgrind.out'))!), 'utf8');
  const totals = /^(?:summary|totals):\s+(\d+)/m.exec(text);
  if (!totals) throw new Error(`no totals in callgrind output for ${fn}`);
  return Number(totals[1]);
}

/** .text + .rodata of an object file except the weights (which live in their own object), per `size`. */
async function measuredText(object: string): Promise<number> {
  const out = await new Promise<string>((resolve, reject) => {
    execFile('size', [object], (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
  return Number(out.trim().split('\n')[1]?.trim().split(/\s+/)[0]);
}

export const cHost: BenchSection = {
  id: 'c-host',
  title: 'C bundles on the host (gcc -O2): memory, latency, instructions',
  async run(out) {
    const cacheDir = join(repoRoot, 'node_modules', '.cache', 'ingot-bench');
    const rows: string[][] = [];
    for (const id of WHOLE_MODELS) {
      const entry = oracleEntry(id);
      const graph = importModel(modelBytes(entry), id.split('__')[1]!);
      const t0 = performance.now();
      const result = compile(graph);
      const compileMs = performance.now() - t0;
      const stem = result.bundle.name;
      const build = await buildHostBundle(stem, result.bundle.files, { cacheDir });
      const c = firstCase(id);
      const scratch = mkdtempSync(join(tmpdir(), 'ingot-bench-'));
      const outputs = Array.from({ length: c.outputs }, (_, i) => join(scratch, `out${i}.npy`));
      const timed = await runHostExample(build, c.inputs, outputs, { runs: RUNS });
      const median = Number(/median_us ([\d.]+)/.exec(timed.stdout)?.[1]);
      const args = [...c.inputs.flatMap((i) => ['-i', i]), ...outputs.flatMap((o) => ['-o', o])];
      const instructions = await callgrindInstructions(build.program, args, `${stem}_invoke`);
      const codeBytes = await measuredText(join(build.dir, 'build', `${stem}.o`));
      const tflmArena = entry.tflm_cortex_m4?.arena_used_bytes;
      const { arenaBytes, lowerBound } = result.plan;
      rows.push([
        stem,
        thousands(arenaBytes),
        thousands(lowerBound),
        tflmArena === undefined ? '-' : thousands(tflmArena),
        tflmArena === undefined ? '-' : (arenaBytes / tflmArena).toFixed(2),
        compileMs.toFixed(0),
        `${thousands(result.sizes.codeBytesEstimate)} / ${thousands(codeBytes)}`,
        median.toFixed(1),
        thousands(instructions),
        entry.tflm_host_median_us.toFixed(1),
        (median / entry.tflm_host_median_us).toFixed(2),
        entry.tflm_cortex_m4 ? thousands(entry.tflm_cortex_m4.instructions_per_invoke) : '-',
      ]);
      out(`  ${stem}: done`);
    }
    out('');
    for (const line of formatTable(
      ['model', 'arena B', 'lower bd B', 'TFLM arena B', 'ratio', 'compile ms', 'code B est/meas', 'host µs', 'instr (callgrind)', 'TFLM host µs*', 'vs TFLM', 'TFLM M4 instr†'],
      rows,
    )) out(line);
    out('');
    const pd = cliCompileMs(join(repoRoot, 'fixtures', 'demo', 'person_detect.tflite'));
    out(`ingot compile person_detect (CLI wall clock, median of 3): ${pd.toFixed(0)} ms (goal < ${COMPILE_GOAL_MS} ms: ${pd < COMPILE_GOAL_MS ? 'met' : 'NOT met'})`);
    out('code B: the compiler\'s code-size estimate / the built kernels object (size: text incl. constant tables, weights excluded).');
    out(`host µs: median of ${RUNS} timed inferences of the gcc -O2 bundle on this machine (first oracle case).`);
    out('instr: callgrind instruction count inside <model>_invoke for one inference (x86-64).');
    out('* TFLite Micro host median from ../shared/oracle/index.json, measured elsewhere (x86-64, reference kernels, -O2, ±30 %).');
    out('† TFLite Micro instructions per invoke on a Cortex-M4 under QEMU (Thumb-2; a different ISA, shown for scale). TFLM arena: 32-bit Cortex-M4 figure.');
  },
};
