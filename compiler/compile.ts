/**
 * The library's compile entry point: a graph and options in, a bundle (all
 * files in memory), its memory plan, warnings and predicted sizes out.
 * Pure: no files are read except the runtime sources shipped with the
 * package, none are written, and the same graph and options always give
 * byte-identical files.
 *
 * Pipeline: verify → lower (prepare every op, find its C kernel, collect
 * scratch requests) → plan memory for the target's alignment → emit C →
 * predict sizes and check them against the target's part and the budgets →
 * manifest.
 */
import { fail, verifyGraph, type Diagnostic, type Graph } from './ir/index.js';
import { checkBudgets, type BudgetOptions } from './report/budget.js';
import { codeFeatures, estimateCodeBytes } from './report/code-size.js';
import { estimateStackBytes } from './report/stack-size.js';
import { C_KERNELS } from './emit-c/kernels/index.js';
import type { MemoryPlan } from './plan/index.js';
import { emitC } from './emit-c/emit.js';
import { lowerAndPlan } from './emit-c/ram-aware.js';
import type { KernelSelection } from './emit-c/kernels/select.js';
import { bundleStem } from './emit-c/names.js';
import {
  fileEntries, MANIFEST_NOTE, manifestFile, manifestHead, manifestIo, manifestLayer, planSummary,
  type KernelSet, type Manifest, type PredictedSizes,
} from './bundle/manifest.js';
import type { Bundle } from './bundle/types.js';
import { backendOf, targetById, type Target } from '../targets/index.js';

export interface CompileOptions extends BudgetOptions {
  /** Target id or definition (default `host`). */
  target?: string | Target;
  /** Bundle and C identifier stem (default: the graph's name, sanitised). */
  name?: string;
  /**
   * `target` (default): kernels specialised for the target where it has
   * them; `portable`: the portable C kernels only (the baseline the
   * benchmarks compare against).
   */
  kernels?: KernelSet;
}

export interface CompileResult {
  bundle: Bundle;
  plan: MemoryPlan;
  /** Warnings (the bundle is still complete). */
  diagnostics: Diagnostic[];
  sizes: PredictedSizes;
  manifest: Manifest;
}

export function compile(graph: Graph, options: CompileOptions = {}): CompileResult {
  verifyGraph(graph);
  const target = typeof options.target === 'object' ? options.target : targetById(options.target ?? 'host');
  if (backendOf(target) !== 'c') {
    fail('target/wrong-backend', `target '${target.id}' takes WebAssembly, not C`, { hint: 'compile for it with compileWasm(graph, options)' });
  }
  const stem = bundleStem(options.name ?? graph.name);
  const kernels = options.kernels ?? 'target';
  const { lowered, plan } = lowerAndPlan(graph, target, kernels);
  const emitted = emitC({ graph, lowered, plan, target, stem });

  const codeBytesEstimate = estimateCodeBytes(codeFeatures(emitted.files, stem, target), target.cost);
  const stackBytesEstimate = estimateStackBytes(
    plan.order.map((opIndex, layer) => ({
      kernel: lowered[opIndex]!.kernelId,
      dtype: graph.tensors[graph.ops[opIndex]!.inputs[0]!]?.dtype ?? '',
      function: emitted.layerFunctions[layer]!,
    })),
    target.cost.stack,
  );
  const sizes: PredictedSizes = {
    weightsBytes: emitted.weightsBytes,
    arenaBytes: plan.arenaBytes,
    codeBytesEstimate,
    flashBytesEstimate: codeBytesEstimate + emitted.weightsBytes,
    stackBytesEstimate,
    ramBytesEstimate: plan.arenaBytes + stackBytesEstimate,
  };
  checkBudgets(sizes, target, options);
  const layers = plan.order.map((opIndex, layer) => manifestLayer(graph, opIndex, layer, '', lowered[opIndex]!.kernelId));
  const manifest: Manifest = {
    ...manifestHead(graph, target, stem),
    kernels,
    api: {
      header: `include/${stem}.h`,
      run: `${stem}_run`,
      invoke: `${stem}_invoke`,
      staticArenaMacro: `${emitted.names.macro}_STATIC_ARENA`,
      ...(target.hosted ? { example: `build/${stem}_example` } : {}),
    },
    inputs: emitted.inputs.map((io) => manifestIo(io, stem)),
    outputs: emitted.outputs.map((io) => manifestIo(io, stem)),
    plan: planSummary(plan),
    sizes,
    layers: layers.map((l, i) => ({ ...l, function: emitted.layerFunctions[i]! })),
    kernelFunctions: emitted.functionCount,
    files: fileEntries(emitted.files),
    note: MANIFEST_NOTE,
  };
  const files = [...emitted.files, manifestFile(manifest)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { bundle: { name: stem, target: target.id, files }, plan, diagnostics: [], sizes, manifest };
}
