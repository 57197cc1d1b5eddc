/**
 * Calibrates the size models of device targets against real builds: the
 * code-size model (compiler/report/code-size.ts) and the stack estimate
 * (compiler/report/stack-size.ts). The calibration bundles (size-samples.ts:
 * whole oracle models, SEANet layers, each layer of the whole models alone)
 * are built with the target's toolchain and measured. The byte cost of each
 * operation kind is fitted by non-negative least squares on relative error,
 * so a 150-byte bundle counts as much as a 40-kilobyte one, pulled towards
 * what the kind costs in instructions on the core (`prior`) as far as
 * leave-one-out error (whole models weighted as in the fit) says it helps:
 * kinds the bundles rarely show (double arithmetic, vectors on a core
 * without them) keep a sensible price instead of whatever the fit finds.
 * The largest memcpy the compiler expands inline is probed by compiling a
 * few lines.
 *
 * Prints the figures to paste into `targets/<id>.ts`, then the fitted and
 * leave-one-out code error by group (leave-one-out: each bundle predicted by
 * a fit that did not see it — the honest error on bundles the fit never
 * saw), each whole model's flash and RAM error, and its stack estimate when
 * it and its layers are left out. Writes the features of every bundle to
 * the calibration cache (features-<target>.json) for further study.
 *
 *   npm run build && node dist/scripts/dev/calibrate-sizes.js [TARGET…]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_COST_NAMES, codeFeatures, type CodeFeatures } from '../../compiler/report/code-size.js';
import { estimateStackBytes } from '../../compiler/report/stack-size.js';
import { backendOf, TARGETS, type Target } from '../../targets/index.js';
import { calibrateStack, heldOut, stackLayers } from './calibrate-stack.js';
import { nonNegativeLeastSquares } from './least-squares.js';
import { calibrationCacheDir, sizeSamples, type SizeSample } from './size-samples.js';

const COLUMNS = ['base', ...CODE_COST_NAMES] as const;
type Column = (typeof COLUMNS)[number];
type Costs = Record<Column, number>;

interface Row {
  sample: SizeSample;
  features: CodeFeatures;
}

const columnOf = (f: CodeFeatures, c: Column): number => (c === 'base' ? 1 : f[c]);

/** Kinds that save bytes (`merged`): fitted as non-negative savings, stored as negative costs. */
const SAVINGS: ReadonlySet<Column> = new Set(['merged']);
const signOf = (c: Column): number => (SAVINGS.has(c) ? -1 : 1);

/** Average bytes of an instruction, by architecture (Thumb-2 and RV32C mix 2- and 4-byte encodings). */
const INSTRUCTION_BYTES: Readonly<Record<string, number>> = {
  'armv6-m': 2, 'armv7e-m': 3, 'armv8-m.main': 3, 'armv8.1-m.main': 3, rv32imc: 3, aarch64: 4, 'x86-64': 4,
};

/** What each operation kind costs in bytes on the target's core before any fit: instructions it takes, times their size. */
export function prior(target: Target): Costs {
  const bytes = INSTRUCTION_BYTES[target.architecture] ?? 4;
  const fpu = target.features.includes('fpu');
  const wide64 = target.pointerBytes === 8;
  const instructions: Costs = {
    base: 0, alu: 1, wide: wide64 ? 1 : 3, float: fpu ? 1 : 4, double: wide64 ? 1 : 8, vector: 1, mem: 1, branch: 1, exit: 3, loop: 3,
    call: 3, inlineCopy: 2, copyBytes: 0.5, asm: 1, constant: 1, functions: 2, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 1, press12: 1, merged: 0,
  };
  return Object.fromEntries(COLUMNS.map((c) => [c, instructions[c] * bytes])) as Costs;
}

/**
 * How much more a whole model's relative error counts in the fit than a
 * layer's or an op's. Whole models are what users build; the far more
 * numerous single-layer and single-op bundles teach the per-kind costs, but
 * each pays the bundle's fixed overhead (API functions, `_invoke`'s checks
 * and frame) that a model pays once, so unweighted they pull the kernels'
 * costs up and over-predict models of many small kernels (the audio front
 * ends by 12–15 % on RISC-V, the Cortex-M0+ and the Cortex-A76).
 */
const MODEL_WEIGHT = 10;

/** How much a bundle counts, in the fit and in choosing its pull: a whole model MODEL_WEIGHT times a layer or op. */
const sampleWeight = (r: Row): number => (r.sample.group === 'model' ? MODEL_WEIGHT : 1);

/**
 * Byte costs fitted on `rows`, each row scaled by 1 / its measured code
 * (relative error) and whole models by MODEL_WEIGHT, with `pull` weighting
 * the prior: one extra row per kind asking for its prior cost, relative to it.
 */
function fit(rows: readonly Row[], priorCosts: Costs, pull: number): Costs {
  const weight = (r: Row): number => sampleWeight(r) / r.sample.measured.code;
  const a = rows.map((r) => COLUMNS.map((c) => signOf(c) * columnOf(r.features, c) * weight(r)));
  const b = rows.map((r) => (r.sample.measured.code - r.features.tableBytes) * weight(r));
  if (pull > 0) {
    COLUMNS.forEach((c, i) => {
      const scale = Math.max(priorCosts[c], 1);
      a.push(COLUMNS.map((_, j) => (j === i ? pull / scale : 0)));
      b.push((pull * priorCosts[c]) / scale);
    });
  }
  const x = nonNegativeLeastSquares(a, b);
  return Object.fromEntries(COLUMNS.map((c, i) => [c, (signOf(c) * Math.round(x[i]! * 10)) / 10])) as Costs;
}

const PULLS = [0, 0.03, 0.1, 0.3];

/** Each row's code predicted by a fit without it (leave-one-out). */
function leaveOneOut(rows: readonly Row[], priorCosts: Costs, pull: number): number[] {
  return rows.map((r, i) => predict(r.features, fit(rows.filter((_, j) => j !== i), priorCosts, pull)));
}

/** Root-mean-square relative error of `predicted`, each bundle weighted as in the fit: what chooses the pull. */
const weightedRmsError = (rows: readonly Row[], predicted: readonly number[]): number => {
  const total = rows.reduce((s, r) => s + sampleWeight(r) ** 2, 0);
  return Math.sqrt(rows.reduce((s, r, i) => s + ((sampleWeight(r) * (predicted[i]! - r.sample.measured.code)) / r.sample.measured.code) ** 2, 0) / total);
};

const predict = (f: CodeFeatures, cost: Costs): number => COLUMNS.reduce((s, c) => s + cost[c] * columnOf(f, c), f.tableBytes);

const PROBE_SIZES = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256];

/**
 * The largest memcpy of a known size the target's compiler expands inline:
 * probe functions copying N bytes into an arena known to be aligned (as the
 * generated `_run` does) are compiled with the target's flags, and the
 * object's undefined symbols tell which sizes still call memcpy.
 */
function inlineCopyLimit(target: Target): number {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-probe-'));
  try {
    let limit = 0;
    for (const n of PROBE_SIZES) {
      const src = join(dir, `copy${n}.c`);
      writeFileSync(src, `#include <stdint.h>\n#include <string.h>\nint probe(void *arena, const int8_t *x) {\n  uint8_t *a = (uint8_t *)arena;\n  if (((uintptr_t)arena % 8) != 0) return 2;\n  memcpy(a + 16, x, ${n});\n  return 0;\n}\n`);
      const obj = join(dir, `copy${n}.o`);
      execFileSync(target.toolchain.cc, [...target.toolchain.cflags, '-c', src, '-o', obj]);
      if (/\bmemcpy\b/.test(execFileSync(target.toolchain.size.replace(/size$/, 'nm'), ['-u', obj], { encoding: 'utf8' }))) break;
      limit = n;
    }
    return limit;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (p: number, m: number): string => `${(((p - m) / m) * 100).toFixed(1).padStart(6)} %`;
const figures = (o: object): string => JSON.stringify(o).replace(/"([\w/.:-]+)":/g, (_, k: string) => (/^\w+$/.test(k) ? `${k}: ` : `'${k}': `)).replace(/,/g, ', ').replace(/^\{/, '{ ').replace(/\}$/, ' }');

function report(target: Target, rows: readonly Row[], cost: Costs, loo: readonly number[]): void {
  const fitted = rows.map((r) => predict(r.features, cost));
  const err = (p: number, r: Row): number => Math.abs((p - r.sample.measured.code) / r.sample.measured.code) * 100;
  const max = (xs: number[]): string => Math.max(...xs).toFixed(1);
  const rms = (xs: number[]): string => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length).toFixed(1);
  for (const group of ['model', 'layer', 'op'] as const) {
    const idx = rows.map((_, i) => i).filter((i) => rows[i]!.sample.group === group);
    if (idx.length === 0) continue;
    const f = idx.map((i) => err(fitted[i]!, rows[i]!));
    const l = idx.map((i) => err(loo[i]!, rows[i]!));
    process.stdout.write(`  ${group.padEnd(6)} ${String(idx.length).padStart(4)} bundles: code error max ${max(f)} %, rms ${rms(f)} %; leave-one-out max ${max(l)} %, rms ${rms(l)} %\n`);
  }
  process.stdout.write(`  ${'model'.padEnd(24)} ${'code B'.padStart(7)} ${'fitted'.padStart(7)} ${'code'.padStart(8)} ${'LOO'.padStart(8)} ${'flash'.padStart(8)}   stack used / est. (held out)   RAM\n`);
  const samples = rows.map((r) => r.sample);
  rows.forEach((r, i) => {
    const s = r.sample;
    if (s.group !== 'model') return;
    const m = s.measured;
    const flash = fitted[i]! + s.result.sizes.weightsBytes;
    const stack = estimateStackBytes(stackLayers(s), target.cost.stack);
    const ram = s.result.sizes.arenaBytes + m.stack;
    const stackCells = m.stack > 0 ? `${String(m.stack).padStart(5)} / ${String(stack).padStart(4)} (${String(heldOut(s, samples)).padStart(4)})   ${pct(s.result.sizes.arenaBytes + stack, ram)}` : '';
    process.stdout.write(`  ${s.id.padEnd(24)} ${String(m.code).padStart(7)} ${String(Math.round(fitted[i]!)).padStart(7)} ${pct(fitted[i]!, m.code)} ${pct(loo[i]!, m.code)} ${pct(flash, m.flash)}   ${stackCells}\n`);
  });
  const worst = rows.map((r, i) => ({ r, i, e: err(loo[i]!, r) })).sort((p, q) => q.e - p.e).slice(0, 6);
  process.stdout.write(`  largest leave-one-out code errors: ${worst.map((w) => `${w.r.sample.id} ${pct(loo[w.i]!, w.r.sample.measured.code).trim()}`).join(', ')}\n`);
}

async function calibrate(given: Target): Promise<void> {
  const inlineCopyBytes = inlineCopyLimit(given);
  const samples = await sizeSamples(given, (line) => process.stderr.write(`${line}\n`));
  // Targets without a measuring board (the host) keep their stack figure.
  const measured = samples.some((s) => s.measured.stack > 0);
  const stack = measured ? calibrateStack(samples) : given.cost.stack;
  const target: Target = { ...given, cost: { ...given.cost, code: { ...given.cost.code, inlineCopyBytes }, stack } };
  const rows: Row[] = samples.map((sample) => ({ sample, features: codeFeatures(sample.result.bundle.files, sample.result.manifest.name, target) }));
  const priorCosts = prior(target);
  const trials = PULLS.map((pull) => ({ pull, loo: leaveOneOut(rows, priorCosts, pull) }));
  const best = trials.reduce((p, q) => (weightedRmsError(rows, q.loo) < weightedRmsError(rows, p.loo) ? q : p));
  const cost = fit(rows, priorCosts, best.pull);
  process.stdout.write(`\n${target.id} (${rows.length} bundles; pull towards the prior ${best.pull}, leave-one-out rms by pull, whole models weighted as in the fit: ${trials.map((t) => `${t.pull}: ${(weightedRmsError(rows, t.loo) * 100).toFixed(2)} %`).join(', ')})\n`);
  process.stdout.write(`  code: ${figures({ inlineCopyBytes, ...cost })},\n${measured ? `  stack: ${figures(stack)},\n` : ''}`);
  report({ ...target, cost: { ...target.cost, code: { ...target.cost.code, ...cost } } }, rows, cost, best.loo);
  writeFileSync(
    join(calibrationCacheDir, `features-${target.id}.json`),
    JSON.stringify(rows.map((r) => ({ id: r.sample.id, group: r.sample.group, measured: r.sample.measured, weights: r.sample.result.sizes.weightsBytes, arena: r.sample.result.sizes.arenaBytes, stem: r.sample.result.manifest.name, layers: stackLayers(r.sample), features: { ...r.features, perFunction: Object.fromEntries(r.features.perFunction) } }))),
  );
}

const wanted = process.argv.slice(2);
for (const t of TARGETS.filter((x) => backendOf(x) === 'c' && (wanted.length === 0 || wanted.includes(x.id)))) await calibrate(t);
