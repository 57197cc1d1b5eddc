/**
 * Runs ONNX suite cases on a backend and compares with the expected outputs
 * at the ONNX backend runner's tolerance: |actual − expected| ≤ atol + rtol ·
 * |expected| with rtol 1e-3 and atol 1e-7 (integers must be exact), the same
 * element type and the same shape.
 *
 * Backends are pluggable: a backend compiles the imported graph its own way
 * and runs it. `reference` runs the pass pipeline's output on the reference
 * executor; the C and WebAssembly backends plug in beside it.
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

/** Runs one case (every data set) on a backend. */
export async function runCase(id: string, backend: ConformanceBackend): Promise<CaseResult> {
  try {
    const c = loadCase(id);
    let folded = false;
    for (const set of c.dataSets) {
      const graph = importCase(c, set);
      folded ||= !readsInputs(graph);
      const [outs] = await backend.run(graph, [runtimeInputs(graph, set)]);
      if (!outs || outs.length !== set.outputs.length) return { id, ok: false, folded, problem: `${outs?.length ?? 0} outputs, expected ${set.outputs.length}` };
      for (let k = 0; k < outs.length; k++) {
        const t = graph.tensors[graph.outputs[k]!]!;
        const problem = compareOnnx(outs[k]!, t.dtype, t.shape, set.outputs[k]!);
        if (problem) return { id, ok: false, folded, problem: `output ${k}: ${problem}` };
      }
    }
    return { id, ok: true, folded };
  } catch (e) {
    const message = e instanceof IngotError ? `error[${e.code}]: ${e.message}` : `crash: ${(e as Error).stack ?? e}`;
    return { id, ok: false, folded: false, problem: message };
  }
}
