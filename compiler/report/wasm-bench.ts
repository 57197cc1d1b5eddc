/**
 * `ingot bench` for WebAssembly: how long one inference takes in this Node
 * process, and for a model how long each layer takes, beside its MACs.
 *
 * - Latency: whole inferences after a warm-up (so V8 has tiered the module
 *   up), the median over blocks of runs.
 * - Per layer: the model is emitted again with each step exported on its
 *   own (`stepExports`); each step, in execution order, is called alone in
 *   blocks of calls, so it reads the activations of the steps before it, and
 *   the fastest block counts: other load on the machine only ever adds time.
 *   A step that writes over its own input (a same-shaped ADD) reads its own
 *   output after the first call: values of the same type and range.
 *   A bundle carries no step exports, so it gets the latency only.
 *
 * Inputs are the given arrays or zeros, written before every whole
 * inference (an inference's time can depend on the values: zero
 * activations are skipped). Timing runs within a budget per
 * figure, so a large model's plain build does not take minutes.
 */
import { performance } from 'node:perf_hooks';
import { emitWasmModules } from '../emit-wasm/emit.js';
import { openWasmBundle } from '../emit-wasm/index.js';
import { wasmSections } from '../emit-wasm/sections.js';
import { byteSize, bytesOf, dataFromBytes, elementCount, type DType, type Graph } from '../ir/index.js';
import type { RunInput } from '../exec/reference.js';
import { OPS } from '../ops/registry.js';
import type { BundleFile } from '../bundle/types.js';
import { isWasmManifest, type Manifest } from '../bundle/manifest.js';

export interface WasmLayerTime {
  layer: number;
  op: string;
  name: string;
  function: string;
  macs: number;
  /** Microseconds of the layer's step alone (fastest block). */
  micros: number;
}

export interface WasmBenchResult {
  model: string;
  /** The engine, e.g. `Node 20.20.2`. */
  runtime: string;
  simd: boolean;
  /** The module's code section, in bytes. */
  codeBytes: number;
  macs: number;
  /** Median milliseconds of one inference, and over how many runs. */
  latencyMs: number;
  runs: number;
  /** Per layer, in execution order; empty for a bundle (no step exports). */
  layers: WasmLayerTime[];
}

export interface WasmBenchOptions {
  simd: boolean;
  /** The engine this process runs on, for the report (e.g. `Node 20.20.2`). */
  runtime: string;
  /** One array per model input, already checked against the model's inputs (default zeros). */
  inputs?: readonly RunInput[];
}

/** Whole-inference runs: at least this many, more while the budget lasts. */
const MIN_RUNS = 20;
const LATENCY_BUDGET_MS = 2000;
/** Per layer: blocks of calls, each about a millisecond, for about this long. */
const STEP_BUDGET_MS = 60;
const MIN_BLOCKS = 5;

type Exports = Record<string, () => void> & { memory: { buffer: ArrayBuffer } };

async function instantiate(bytes: Uint8Array): Promise<Exports> {
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate(b: Uint8Array): Promise<{ instance: { exports: unknown } }> } }).WebAssembly;
  return (await wasm.instantiate(bytes)).instance.exports as Exports;
}

/** Calls of `call` that take about a millisecond together (at least one), from one timed call. */
function callsPerMillisecond(call: () => void): number {
  const t0 = performance.now();
  call();
  return Math.max(1, Math.min(1000, Math.round(1 / Math.max(performance.now() - t0, 1e-4))));
}

/**
 * Median milliseconds per call of `call` after a warm-up: blocks of calls
 * of about a millisecond (a tiny model's single call is below the timer's
 * resolution), at least MIN_RUNS blocks, more while the budget lasts.
 */
function medianMs(call: () => void): { ms: number; runs: number } {
  const warmUntil = performance.now() + LATENCY_BUDGET_MS / 10;
  for (let i = 0; i < 10 || performance.now() < warmUntil; i++) call();
  const perBlock = callsPerMillisecond(call);
  const samples: number[] = [];
  const until = performance.now() + LATENCY_BUDGET_MS;
  while (samples.length < MIN_RUNS || (performance.now() < until && samples.length < 10_000)) {
    const t0 = performance.now();
    for (let j = 0; j < perBlock; j++) call();
    samples.push((performance.now() - t0) / perBlock);
  }
  samples.sort((x, y) => x - y);
  return { ms: samples[Math.floor(samples.length / 2)]!, runs: samples.length * perBlock };
}

/**
 * Fastest milliseconds per call of `call`, in blocks of about a millisecond,
 * for about `budgetMs` (the dev tools give it longer, for steadier figures).
 */
export function fastestMs(call: () => void, budgetMs = STEP_BUDGET_MS): number {
  const perBlock = callsPerMillisecond(call);
  for (let i = 0; i < perBlock * 3; i++) call();
  let best = Infinity;
  const until = performance.now() + budgetMs;
  for (let b = 0; b < MIN_BLOCKS || performance.now() < until; b++) {
    const s = performance.now();
    for (let j = 0; j < perBlock; j++) call();
    best = Math.min(best, (performance.now() - s) / perBlock);
  }
  return best;
}

/** Times a graph (already through the pass pipeline) as the chosen module, per layer and whole. */
export async function benchWasmGraph(graph: Graph, opts: WasmBenchOptions): Promise<WasmBenchResult> {
  // The module a bundle ships, for its code size and latency; the same with step exports, for the layers.
  const [shipped, stepped] = await Promise.all([false, true].map((stepExports) => emitWasmModules(graph, { builds: [opts.simd], stepExports })));
  const instances = await Promise.all([shipped!, stepped!].map(async (emitted) => {
    const ex = await instantiate(emitted.modules[0]!.bytes);
    const inputs = graph.inputs.map((tensor, k) => {
      const input = opts.inputs?.[k];
      const t = graph.tensors[tensor]!;
      return { bytes: input ? bytesOf(input.data) : new Uint8Array(byteSize(t.dtype, elementCount(t.shape))), at: emitted.layout.tensorAddress[tensor]! };
    });
    const write = (): void => inputs.forEach((i) => new Uint8Array(ex.memory.buffer, i.at, i.bytes.length).set(i.bytes));
    write();
    return { ex, write };
  }));
  const [whole, ex] = [instances[0]!, instances[1]!.ex];
  const mod = stepped!.modules[0]!;
  // Steps are timed in execution order, each after the ones before it, so each reads the activations
  // they wrote (the first, the model's inputs). A whole inference first would leave in each region its
  // last tenant's bytes: test_conv_model's QUANTIZE read later int8 activations as float32.
  const layers = stepped!.plan.order.map((opIndex, layer): WasmLayerTime => {
    const op = graph.ops[opIndex]!;
    return {
      layer, op: op.source ?? op.kind, name: op.name, function: mod.functions[layer]!,
      macs: OPS[op.kind].cost(op as never, graph).macs,
      micros: fastestMs(ex[`step_${layer}`]!) * 1000,
    };
  });
  // Each inference writes the inputs first, as an application does: later tensors reuse their bytes, and
  // the matrix kernel's time depends on how many activations are zero (gemm-sparse.ts).
  const run = whole.ex['run']!;
  const latency = medianMs(() => {
    whole.write();
    run();
  });
  return {
    model: graph.name, runtime: opts.runtime, simd: opts.simd, codeBytes: wasmSections(shipped!.modules[0]!.bytes).code,
    macs: layers.reduce((n, l) => n + l.macs, 0), latencyMs: latency.ms, runs: latency.runs, layers,
  };
}

/**
 * Times a wasm bundle's module through its own loader, as an application
 * runs it: each inference includes the loader's checks and its copies of
 * the inputs in and the outputs out.
 */
export async function benchWasmBundle(files: readonly BundleFile[], manifest: Manifest, opts: WasmBenchOptions): Promise<WasmBenchResult> {
  const runner = await openWasmBundle([...files], { simd: opts.simd });
  const inputs: RunInput[] = manifest.inputs.map((spec, k) => opts.inputs?.[k] ?? {
    dtype: spec.dtype as DType, shape: spec.shape, data: dataFromBytes(spec.dtype as DType, new Uint8Array(spec.bytes)),
  });
  const entry = isWasmManifest(manifest) ? manifest.api.modules.find((m) => m.simd === runner.simd && (m.relaxed ?? false) === runner.relaxed) : undefined;
  const file = files.find((f) => f.path === entry?.file);
  const latency = medianMs(() => runner.run(inputs));
  return {
    model: manifest.name, runtime: opts.runtime, simd: runner.simd, codeBytes: file ? wasmSections(file.bytes).code : 0,
    macs: manifest.layers.reduce((n, l) => n + l.macs, 0), latencyMs: latency.ms, runs: latency.runs, layers: [],
  };
}
