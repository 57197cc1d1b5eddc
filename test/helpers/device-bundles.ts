/**
 * Oracle models on device targets: each model compiled for the target,
 * its example program built by the bundle's own Makefile with the target's
 * cross compiler, and run once under the target's QEMU test board with
 * every oracle case batched into one input file; the outputs are compared
 * with TFLite Micro's. Builds are cached under node_modules like the other
 * C tests; one emulator or compiler at a time per test file, so two test
 * files in parallel keep both cores busy and no more.
 */
import { join } from 'node:path';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { buildBundleExample, runExample, type ExampleReport } from '../../compiler/device/example-run.js';
import { frameOf } from '../../compiler/exec/stream.js';
import { importModel } from '../../compiler/import/index.js';
import { bytesOf, dataFromBytes, type DType, type TensorData } from '../../compiler/ir/index.js';
import type { Target, TestBoard } from '../../targets/index.js';
import { limiter, testCacheDir } from './c-bundles.js';
import { compareOutput } from './compare.js';
import { modelBytes, oracleCases, oracleEntry } from './oracle.js';
import { WHOLE_MODELS } from './oracle-models.js';

export const deviceCacheDir = join(testCacheDir, 'devices');

/** One emulator or cross compiler at a time in this test process. */
export const withDevice = limiter(1);

/**
 * The whole oracle models the device tests run: all but MobileNet v2
 * (3.5 G instructions per inference, 4 MB of weights: minutes per target
 * under QEMU, and no microcontroller part holds it).
 */
export const DEVICE_MODELS = WHOLE_MODELS.filter((id) => !id.includes('mobilenet_v2'));

const compiled = new Map<string, CompileResult>();

/** The oracle model compiled for a target (once per test process); test boards are larger than typical parts. */
export function compileFor(id: string, target: Target): CompileResult {
  const key = `${id}@${target.id}`;
  let r = compiled.get(key);
  if (r === undefined) {
    r = compile(importModel(modelBytes(oracleEntry(id)), id.split('__')[1]!), { target, allowOversize: true });
    compiled.set(key, r);
  }
  return r;
}

export interface DeviceOracleRun {
  cases: number;
  /** Inferences the cases hold (a stream case one per frame), and how many the board programs reported running. */
  inferences: number;
  inferencesRun: number;
  problems: string[];
  /** The report of the first emulator run (the single-inference cases). */
  report: ExampleReport;
}

/** What one batched emulator run of a compiled bundle gave back. */
export interface DeviceBatchRun {
  /** `outputs[n][k]`: output k of case n, as the manifest's dtype. */
  outputs: TensorData[][];
  /** Shape problems of the run (an output of the wrong length); empty when every case came back whole. */
  problems: string[];
  report: ExampleReport;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Every case (`cases[n][i]`: input i of case n) through a compiled bundle's
 * example program in one emulator run: the inputs go in back to back, the
 * outputs come back split per case.
 */
export async function runCasesOnDevice(result: CompileResult, target: Target, cases: readonly (readonly TensorData[])[], board: TestBoard = target.board!, stream = false): Promise<DeviceBatchRun> {
  const m = result.manifest;
  const inputs = m.inputs.map((_, i) => concat(cases.map((c) => bytesOf(c[i]!))));
  const run = await withDevice(async () => {
    const elf = await buildBundleExample(m.name, result.bundle.files, target, { cacheDir: deviceCacheDir });
    return runExample(board, elf, inputs, m.outputs.length, undefined, stream);
  });
  const problems: string[] = [];
  m.outputs.forEach((o, i) => {
    const got = run.outputs[i]!.length;
    if (got !== o.bytes * cases.length) problems.push(`output ${i}: ${got} bytes for ${cases.length} cases of ${o.bytes}`);
  });
  const outputs = cases.map((_, n) =>
    m.outputs.map((o, i) => dataFromBytes(o.dtype as DType, run.outputs[i]!.subarray(n * o.bytes, (n + 1) * o.bytes))),
  );
  return { outputs, problems, report: run.report };
}

/**
 * Every oracle case of a model through the target's example program: the
 * single-inference cases in one emulator run, each stream case in a run of
 * its own whose frames go in as consecutive inferences from one reset.
 */
export async function runOracleOnDevice(id: string, target: Target, board: TestBoard = target.board!): Promise<DeviceOracleRun> {
  const all = oracleCases(id);
  const singles = all.filter((c) => c.frames === 1);
  const result = compileFor(id, target);
  const runs = [{ cases: singles, frames: 1 }, ...all.filter((c) => c.frames > 1).map((c) => ({ cases: [c], frames: c.frames }))];
  const problems: string[] = [];
  let report: ExampleReport | undefined;
  let inferencesRun = 0;
  for (const r of runs) {
    if (r.cases.length === 0) continue;
    const stream = r.frames > 1;
    const inputs = stream ? Array.from({ length: r.frames }, (_, f) => r.cases[0]!.inputs.map((x) => frameOf(x, f, r.frames).data)) : r.cases.map((c) => c.inputs.map((x) => x.data));
    const run = await runCasesOnDevice(result, target, inputs, board, stream);
    report ??= run.report;
    inferencesRun += run.report.inferences;
    problems.push(...run.problems);
    if (run.problems.length > 0) continue;
    const expected = stream ? Array.from({ length: r.frames }, (_, f) => ({ name: `${r.cases[0]!.name} frame ${f}`, outputs: r.cases[0]!.outputs.map((x) => frameOf(x, f, r.frames)) })) : r.cases;
    expected.forEach((c, k) => {
      run.outputs[k]!.forEach((got, i) => {
        const diff = compareOutput(got, c.outputs[i]!.data);
        if (diff !== undefined) problems.push(`${c.name} output ${i}: ${diff}`);
      });
    });
  }
  return { cases: all.length, inferences: all.reduce((n, c) => n + c.frames, 0), inferencesRun, problems, report: report! };
}
