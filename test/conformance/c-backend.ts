/**
 * The C backend for the conformance suite: each case's lowered graph is
 * compiled to a host C bundle and built with gcc -O2 -Werror -pedantic.
 * Building and launching one program per case would cost far more than the
 * kernels, so `runMany` links groups of bundles into one driver program
 * each (test/helpers/c-driver.ts, cached by content) and runs every case of
 * a group in one process. A group whose build or run fails is split in two
 * until the failing case is alone, so one bad case costs its own result,
 * not its neighbours'.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileResult } from '../../compiler/compile.js';
import type { RunInput } from '../../compiler/exec/reference.js';
import type { Graph, TensorData } from '../../compiler/ir/index.js';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
import { GCC_O2_STRICT } from '../helpers/c-bundles.js';
import { buildDriver, type Driver } from '../helpers/c-driver.js';
import { scratchDir } from '../helpers/scratch.js';
import type { BackendJob, ConformanceBackend } from './onnx-runner.js';

/** Bundles linked into one driver program. */
const GROUP = 64;

interface Compiled {
  job: number;
  result: CompileResult;
  /** Per input set: input and output .npy paths. */
  runs: Array<{ inputs: string[]; outputs: string[] }>;
}

function compileJob(job: BackendJob, k: number, dir: string): Compiled {
  const lowered = runPipeline(job.graph);
  requireBackendKinds(lowered);
  const result = compile(lowered, { name: `case${k}` });
  const runs = job.inputSets.map((inputs, s) => ({
    inputs: inputs.map((x, i) => {
      const path = join(dir, `case${k}.${s}.in${i}.npy`);
      writeFileSync(path, serializeNpy(x));
      return path;
    }),
    outputs: lowered.outputs.map((_, i) => join(dir, `case${k}.${s}.out${i}.npy`)),
  }));
  return { job: k, result, runs };
}

/** Runs every case of a group in one driver process; rejects when the process fails. */
function runGroup(driver: Driver, group: readonly Compiled[]): Promise<void> {
  const script = group.flatMap((c) => c.runs.flatMap((r) => [
    `model ${c.result.bundle.name}`, ...r.inputs.map((i) => `in ${i}`), ...r.outputs.map((o) => `out ${o}`), 'run',
  ])).join('\n') + '\n';
  return new Promise((resolve, reject) => {
    const child = execFile(driver.program, [], { maxBuffer: 16 << 20, timeout: 120_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`the C program failed: ${stderr.split('\n')[0] || err.message}`));
      else resolve();
    });
    child.stdin?.end(script);
  });
}

function readOutputs(c: Compiled): TensorData[][] {
  return c.runs.map((r) => r.outputs.map((o) => parseNpy(new Uint8Array(readFileSync(o)), o).data));
}

/** Builds and runs a group; on failure, halves it until each failure is pinned on one case. */
async function buildAndRun(group: readonly Compiled[], results: Array<TensorData[][] | Error>): Promise<void> {
  try {
    const driver = await buildDriver(group.map((c) => c.result), GCC_O2_STRICT);
    await runGroup(driver, group);
    for (const c of group) results[c.job] = readOutputs(c);
  } catch (e) {
    if (group.length === 1) {
      results[group[0]!.job] = e as Error;
      return;
    }
    const half = Math.ceil(group.length / 2);
    await buildAndRun(group.slice(0, half), results);
    await buildAndRun(group.slice(half), results);
  }
}

export const cBackend: ConformanceBackend = {
  name: 'c',
  async run(graph: Graph, inputSets: RunInput[][]) {
    const [r] = await cBackend.runMany!([{ graph, inputSets }]);
    if (r instanceof Error) throw r;
    return r!;
  },
  async runMany(jobs) {
    const dir = scratchDir('ingot-conformance-c-');
    const results: Array<TensorData[][] | Error> = new Array(jobs.length);
    const compiled: Compiled[] = [];
    jobs.forEach((job, k) => {
      try {
        compiled.push(compileJob(job, k, dir));
      } catch (e) {
        results[k] = e instanceof Error ? e : new Error(String(e));
      }
    });
    for (let i = 0; i < compiled.length; i += GROUP) await buildAndRun(compiled.slice(i, i + GROUP), results);
    return results;
  },
};
