/**
 * The library's compile entry point: a graph and options in, a bundle (all
 * files in memory), its memory plan, warnings and predicted sizes out.
 * Pure: no files are read except the runtime sources shipped with the
 * package, none are written, and the same graph and options always give
 * byte-identical files.
 *
 * Pipeline: verify → lower (prepare every op, find its C kernel, collect
 * scratch requests) → plan memory for the target's alignment → emit C →
 * manifest.
 */
import { verifyGraph, type Diagnostic, type Graph } from './ir/index.js';
import { planMemory, type MemoryPlan } from './plan/index.js';
import { emitC } from './emit-c/emit.js';
import { lowerOps, scratchRequests } from './emit-c/lower.js';
import type { KernelSelection } from './emit-c/kernels/select.js';
import { bundleStem } from './emit-c/names.js';
import {
  fileEntries, MANIFEST_FORMAT, MANIFEST_NOTE, manifestFile, manifestIo, planSummary, toolInfo,
  type Manifest, type PredictedSizes,
} from './bundle/manifest.js';
import type { Bundle } from './bundle/types.js';
import { targetById, type Target } from '../targets/index.js';

export interface CompileOptions {
  /** Target id or definition (default `host`). */
  target?: string | Target;
  /** Bundle and C identifier stem (default: the graph's name, sanitised). */
  name?: string;
  /**
   * 'target' (default): use the target's SIMD kernels where they apply;
   * 'portable': only the portable C kernels (to compare, or for a compiler
   * without the target's intrinsics).
   */
  kernels?: KernelSelection;
}

export interface CompileResult {
  bundle: Bundle;
  plan: MemoryPlan;
  /** Warnings (the bundle is still complete), e.g. sizes beyond the target's typical part. */
  diagnostics: Diagnostic[];
  sizes: PredictedSizes;
  manifest: Manifest;
}

function sizeWarnings(sizes: PredictedSizes, target: Target): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (sizes.flashBytesEstimate > target.flashBytes) {
    out.push({ code: 'size/over-flash', message: `the bundle needs about ${sizes.flashBytesEstimate} bytes of flash; a typical ${target.id} part has ${target.flashBytes}`, hint: 'quantize the weights further or pick a larger part' });
  }
  if (sizes.arenaBytes > target.ramBytes) {
    out.push({ code: 'size/over-ram', message: `the arena needs ${sizes.arenaBytes} bytes of RAM; a typical ${target.id} part has ${target.ramBytes}`, hint: 'reduce the input size or pick a larger part' });
  }
  return out;
}

export function compile(graph: Graph, options: CompileOptions = {}): CompileResult {
  verifyGraph(graph);
  const target = typeof options.target === 'object' ? options.target : targetById(options.target ?? 'host');
  const stem = bundleStem(options.name ?? graph.name);
  const lowered = lowerOps(graph, target, undefined, options.kernels ?? 'target');
  const plan = planMemory(graph, { alignment: target.alignment, scratch: scratchRequests(lowered) });
  const emitted = emitC({ graph, lowered, plan, target, stem });

  const codeBytesEstimate = target.cost.codeBytesBase + target.cost.codeBytesPerKernel * emitted.functionCount + emitted.tableBytes;
  const sizes: PredictedSizes = {
    weightsBytes: emitted.weightsBytes,
    arenaBytes: plan.arenaBytes,
    codeBytesEstimate,
    flashBytesEstimate: codeBytesEstimate + emitted.weightsBytes,
  };
  const layers = plan.order.map((opIndex, layer) => {
    const op = graph.ops[opIndex]!;
    return { layer, op: opIndex, kind: op.kind, ...(op.source ? { source: op.source } : {}), name: op.name, function: '', kernel: lowered[opIndex]!.kernelId };
  });
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    formatVersion: 1,
    tool: toolInfo(),
    name: stem,
    model: { name: graph.name, source: graph.source },
    target: { id: target.id, architecture: target.architecture, cpu: target.cpu, alignment: target.alignment, hosted: target.hosted },
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
  return { bundle: { name: stem, target: target.id, files }, plan, diagnostics: sizeWarnings(sizes, target), sizes, manifest };
}
