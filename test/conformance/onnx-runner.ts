/**
 * Runs ONNX suite cases on a backend and compares with the expected outputs
 * at the ONNX backend runner's tolerance: |actual − expected| ≤ atol + rtol ·
 * |expected| with rtol 1e-3 and atol 1e-7 (integers must be exact), the same
 * element type and the same shape.
 *
 * Backends are pluggable: a backend compiles the imported graph its own way
 * and runs it. `reference` runs the pass pipeline's output on the reference
 * executor; the C and WebAssembly backends plug in beside it. A backend
 * whose per-case cost is mostly fixed (building a program) may also take
 * every case at once (`runMany`), and `runCases` then hands it all of them.
 */
import { importModel } from '../../compiler/import/index.js';
import type { KnownValue } from '../../compiler/import/onnx/builder.js';
import { elementCount, formatShape, IngotError, type Graph, type TensorData } from '../../compiler/ir/index.js';
import type { RunInput } from '../../compiler/exec/reference.js';
import { loadCase, type DataSet, type SuiteCase } from './onnx-suite.js';

export const RTOL = 1e-3;
export const ATOL = 1e-7;

export interface ConformanceBackend {
  name: string;
  /** Compiles `graph` (as imported) and runs it once per input set; outputs in graph order. */
  run(graph: Graph, inputSets: RunInput[][]): Promise<TensorData[][]>;
  /** Optional: many graphs at once; per job its outputs per input set, or the error it met. */
  runMany?(jobs: readonly BackendJob[]): Promise<Array<TensorData[][] | Error>>;
}

/** One graph and the input sets to run it on. */
export interface BackendJob {
  graph: Graph;
  inputSets: RunInput[][];
}

export interface CaseResult {
  id: string;
  ok: boolean;
  /** True when Ingot computed every output at compile time (no output depends on a run-time input). */
  folded: boolean;
  /** What went wrong, when it did. */
  problem?: string;
}

/** Whether any graph output depends on a run-time input (else the whole model folded to constants). */
export function readsInputs(graph: Graph): boolean {
  const live = new Uint8Array(graph.tensors.length);
  for (const i of graph.inputs) live[i] = 1;
  for (const op of graph.ops) if (op.inputs.some((i) => i >= 0 && live[i])) for (const o of op.outputs) live[o] = 1;
  return graph.outputs.some((o) => live[o]);
}

/** Imports a case with every input value offered as a compile-time constant, and its shape as the input's static shape. */
export function importCase(c: SuiteCase, set: DataSet): Graph {
  const constantInputs: Record<string, KnownValue> = {};
  const inputShapes: Record<string, number[]> = {};
  for (const x of set.inputs) {
    constantInputs[x.name] = x.value;
    inputShapes[x.name] = x.value.shape;
  }
  return importModel(c.model, c.id, { constantInputs, inputShapes });
}

/** The run-time inputs the imported graph still takes, by name. */
export function runtimeInputs(graph: Graph, set: DataSet): RunInput[] {
  return graph.inputs.map((index) => {
    const t = graph.tensors[index]!;
    const given = set.inputs.find((x) => x.name === t.name);
    if (!given) throw new Error(`no test data for graph input '${t.name}'`);
    return { dtype: given.value.dtype, shape: given.value.shape, data: given.value.data };
  });
}

/** Undefined when `actual` matches `expected` at the runner's tolerance. */
export function compareOnnx(actual: TensorData, actualDtype: string, actualShape: number[], expected: KnownValue): string | undefined {
  if (actualDtype !== expected.dtype) return `type ${actualDtype}, expected ${expected.dtype}`;
  if (actualShape.length !== expected.shape.length || actualShape.some((d, i) => d !== expected.shape[i])) {
    return `shape ${formatShape(actualShape)}, expected ${formatShape(expected.shape)}`;
  }
  const n = elementCount(expected.shape);
  let bad = 0;
  let first = '';
  for (let i = 0; i < n; i++) {
    const a = Number(actual[i]);
    const e = Number(expected.data[i]);
    const ok = a === e || (Number.isNaN(a) && Number.isNaN(e)) || Math.abs(a - e) <= ATOL + RTOL * Math.abs(e);
    if (!ok) {
      if (bad === 0) first = `[${i}] ${a} vs ${e}`;
      bad++;
    }
  }
  return bad === 0 ? undefined : `${bad}/${n} values differ, first ${first}`;
}

/** A case imported for a backend: one graph per data set, with its inputs and expected outputs. */
interface PreparedCase {
  id: string;
  folded: boolean;
  sets: Array<{ graph: Graph; inputs: RunInput[]; expected: KnownValue[] }>;
}

function problemOf(e: unknown): string {
  return e instanceof IngotError ? `error[${e.code}]: ${e.message}` : `crash: ${(e as Error).stack ?? e}`;
}

function prepareCase(id: string): PreparedCase {
  const c = loadCase(id);
  let folded = false;
  const sets = c.dataSets.map((set) => {
    const graph = importCase(c, set);
    folded ||= !readsInputs(graph);
    return { graph, inputs: runtimeInputs(graph, set), expected: set.outputs };
  });
  return { id, folded, sets };
}

/** Compares a backend's outputs for one data set with the expected ones. */
function checkSet(graph: Graph, outs: TensorData[] | undefined, expected: readonly KnownValue[]): string | undefined {
  if (!outs || outs.length !== expected.length) return `${outs?.length ?? 0} outputs, expected ${expected.length}`;
  for (let k = 0; k < outs.length; k++) {
    const t = graph.tensors[graph.outputs[k]!]!;
    const problem = compareOnnx(outs[k]!, t.dtype, t.shape, expected[k]!);
    if (problem) return `output ${k}: ${problem}`;
  }
  return undefined;
}

/** Runs one case (every data set) on a backend. */
export async function runCase(id: string, backend: ConformanceBackend): Promise<CaseResult> {
  let prepared: PreparedCase;
  try {
    prepared = prepareCase(id);
  } catch (e) {
    return { id, ok: false, folded: false, problem: problemOf(e) };
  }
  const { folded } = prepared;
  for (const set of prepared.sets) {
    try {
      const [outs] = await backend.run(set.graph, [set.inputs]);
      const problem = checkSet(set.graph, outs, set.expected);
      if (problem) return { id, ok: false, folded, problem };
    } catch (e) {
      return { id, ok: false, folded, problem: problemOf(e) };
    }
  }
  return { id, ok: true, folded };
}

/** Runs many cases: through the backend's `runMany` in one batch when it has one, else one by one. */
export async function runCases(ids: readonly string[], backend: ConformanceBackend): Promise<CaseResult[]> {
  if (!backend.runMany) {
    const results: CaseResult[] = [];
    for (const id of ids) results.push(await runCase(id, backend));
    return results;
  }
  const prepared = ids.map((id): PreparedCase | CaseResult => {
    try {
      return prepareCase(id);
    } catch (e) {
      return { id, ok: false, folded: false, problem: problemOf(e) };
    }
  });
  const jobs: BackendJob[] = [];
  const owners: Array<{ caseIndex: number; set: number }> = [];
  prepared.forEach((p, caseIndex) => {
    if ('sets' in p) p.sets.forEach((s, set) => { jobs.push({ graph: s.graph, inputSets: [s.inputs] }); owners.push({ caseIndex, set }); });
  });
  const outputs = await backend.runMany(jobs);
  const problems = new Map<number, string>();
  outputs.forEach((r, j) => {
    const { caseIndex, set } = owners[j]!;
    if (problems.has(caseIndex)) return;
    const p = prepared[caseIndex] as PreparedCase;
    const problem = r instanceof Error ? problemOf(r) : checkSet(p.sets[set]!.graph, r[0], p.sets[set]!.expected);
    if (problem) problems.set(caseIndex, problem);
  });
  return prepared.map((p, caseIndex) => {
    if (!('sets' in p)) return p;
    const problem = problems.get(caseIndex);
    return problem === undefined ? { id: p.id, ok: true, folded: p.folded } : { id: p.id, ok: false, folded: p.folded, problem };
  });
}
