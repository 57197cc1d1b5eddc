/**
 * Calibrates the code-size model (compiler/report/code-size.ts) and the
 * stack figure of each device target against real builds: every supported
 * oracle model (and a sample of the SEANet layers, for kernel variety) is
 * compiled for the target, its library objects are built with the target's
 * toolchain and measured with `size -A`, and the per-feature byte costs are
 * fitted by least squares on relative error (so small models count as much
 * as large ones), with any feature that would get a negative cost dropped.
 * The stack figure is the largest `_invoke` stack measured on the target's
 * measuring board. Prints the figures to paste into `targets/<id>.ts` and
 * each model's error.
 *
 *   npm run build && node dist/scripts/dev/calibrate-sizes.js [TARGET…]
 */
import { join } from 'node:path';
import { compile } from '../../compiler/compile.js';
import { fitsBoard, measuringBoard } from '../../compiler/device/example-run.js';
import { measureBundle } from '../../compiler/device/measure-bundle.js';
import { importModel } from '../../compiler/import/index.js';
import { kernelTextFeatures, runtimeHelperSizes, type CodeFeatures } from '../../compiler/report/code-size.js';
import { emitC } from '../../compiler/emit-c/emit.js';
import { lowerOps, scratchRequests } from '../../compiler/emit-c/lower.js';
import { bundleStem } from '../../compiler/emit-c/names.js';
import { planMemory } from '../../compiler/plan/index.js';
import { TARGETS, type Target } from '../../targets/index.js';
import { modelBytes, oracleEntry } from '../../test/helpers/oracle.js';
import { seanetModels, WHOLE_MODELS } from '../../test/helpers/oracle-models.js';
import { repoRoot } from '../../test/helpers/paths.js';

const FEATURES = ['functions', 'layers', 'ios', 'statements', 'helperStatements'] as const;
type Feature = (typeof FEATURES)[number];
const COST_NAMES: Record<Feature | 'base', string> = { base: 'base', functions: 'perFunction', layers: 'perLayer', ios: 'perIo', statements: 'perStatement', helperStatements: 'perHelperStatement' };

interface Sample {
  id: string;
  features: CodeFeatures;
  measuredCode: number;
  invokeStack: number;
}

function featuresOf(id: string, target: Target): CodeFeatures {
  const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1]!);
  const lowered = lowerOps(graph, target);
  const plan = planMemory(graph, { alignment: target.alignment, scratch: scratchRequests(lowered) });
  const e = emitC({ graph, lowered, plan, target, stem: bundleStem(graph.name) });
  return { functions: e.functionCount, layers: e.layerCount, ios: e.inputs.length + e.outputs.length, tableBytes: e.tableBytes, ...kernelTextFeatures(e.functionTexts, runtimeHelperSizes()) };
}

/** Solves the normal equations of weighted least squares over the chosen columns. */
function leastSquares(rows: number[][], y: number[], w: number[]): number[] {
  const n = rows[0]!.length;
  const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  rows.forEach((r, k) => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) a[i]![j]! += w[k]! * r[i]! * r[j]!;
      a[i]![n]! += w[k]! * r[i]! * y[k]!;
    }
  });
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(a[r]![i]!) > Math.abs(a[p]![i]!)) p = r;
    [a[i], a[p]] = [a[p]!, a[i]!];
    const d = a[i]![i]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === i) continue;
      const f = a[r]![i]! / d;
      for (let c = i; c <= n; c++) a[r]![c]! -= f * a[i]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

function fit(samples: readonly Sample[]): Record<string, number> {
  let active: Array<Feature | 'base'> = ['base', ...FEATURES];
  for (;;) {
    const rows = samples.map((s) => active.map((f) => (f === 'base' ? 1 : s.features[f])));
    const y = samples.map((s) => s.measuredCode - s.features.tableBytes);
    const w = samples.map((s) => 1 / (s.measuredCode * s.measuredCode));
    const coef = leastSquares(rows, y, w);
    const negative = active.findIndex((_, i) => coef[i]! < 0);
    if (negative < 0) {
      const out: Record<string, number> = {};
      for (const f of ['base', ...FEATURES] as const) out[COST_NAMES[f]] = 0;
      active.forEach((f, i) => (out[COST_NAMES[f]] = Math.round(coef[i]! * 10) / 10));
      return out;
    }
    active = active.filter((_, i) => i !== negative);
  }
}

async function calibrate(target: Target, ids: readonly string[]): Promise<void> {
  const cacheDir = join(repoRoot, 'node_modules', '.cache', 'ingot-calibrate');
  const samples: Sample[] = [];
  for (const id of ids) {
    const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1]!);
    const result = compile(graph, { target, allowOversize: true });
    const board = measuringBoard(target);
    if (board && !fitsBoard(result.sizes, board)) continue;
    const m = await measureBundle(result.bundle, target, { cacheDir, stack: true });
    samples.push({ id, features: featuresOf(id, target), measuredCode: m.code.text + m.code.rodata + m.code.data, invokeStack: m.invokeStackBytes ?? 0 });
  }
  const code = fit(samples);
  const stack = Math.max(...samples.map((s) => s.invokeStack));
  process.stdout.write(`\n${target.id}: code: ${JSON.stringify(code).replace(/"/g, '').replace(/,/g, ', ').replace(/:/g, ': ')}, stackBytes: ${stack}\n`);
  for (const s of samples) {
    const c = code as Record<string, number>;
    const f = s.features;
    const est = c['base']! + c['perFunction']! * f.functions + c['perLayer']! * f.layers + c['perIo']! * f.ios + c['perStatement']! * f.statements + c['perHelperStatement']! * f.helperStatements + f.tableBytes;
    process.stdout.write(`  ${s.id.split('__')[1]!.padEnd(24)} measured ${String(s.measuredCode).padStart(7)}  fitted ${String(Math.round(est)).padStart(7)}  ${(((est - s.measuredCode) / s.measuredCode) * 100).toFixed(1).padStart(6)} %  stack ${s.invokeStack}\n`);
  }
}

const wanted = process.argv.slice(2);
const targets = TARGETS.filter((t) => wanted.length === 0 || wanted.includes(t.id));
const ids = [...WHOLE_MODELS.filter((id) => !id.includes('mobilenet_v2')), ...seanetModels().filter((_, i) => i % 8 === 0).map((e) => e.id)];
for (const t of targets) await calibrate(t, ids);
