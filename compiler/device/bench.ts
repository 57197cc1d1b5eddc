/**
 * Benchmarking a bundle on its target's measuring board: instructions per
 * inference (a plain build, so the count is what a firmware would see),
 * instructions per layer (a build with the profiling hooks, whose own small
 * cost stays out of the plain count), MACs per layer from the manifest, and
 * the stack high-water mark. Counts are deterministic: QEMU under -icount
 * with SysTick, minstret or the generic timer, as the boards document.
 */
import type { Target } from '../../targets/index.js';
import { manifestFromFiles, type Manifest } from '../bundle/manifest.js';
import type { BundleFile } from '../bundle/types.js';
import { buildMeasuringExample, runExample } from './example-run.js';

export interface BenchLayer {
  layer: number;
  kind: string;
  /** The op as the model names it (source op kind, e.g. CONV_2D). */
  source: string;
  name: string;
  macs: number;
  instructions: number;
}

export interface BenchResult {
  model: string;
  target: string;
  board: string;
  kernels: Manifest['kernels'];
  /** Instructions of one `_invoke` (plain build). */
  instructions: number;
  macs: number;
  /** Deepest stack of the whole example program, and the part below the `_invoke` call. */
  stackBytes: number;
  invokeStackBytes: number;
  layers: BenchLayer[];
}

export interface BenchOptions {
  cacheDir: string;
  /** Raw input bytes, one array per model input (default: zeros). */
  inputs?: readonly Uint8Array[];
  timeoutMs?: number;
}

/** Builds the plain and profiling example programs for the target's measuring board, runs both, and merges their reports. */
export async function benchBundle(files: readonly BundleFile[], target: Target, opts: BenchOptions): Promise<BenchResult> {
  const m = manifestFromFiles(files);
  const inputs = opts.inputs ?? [];
  const plain = await buildMeasuringExample(files, target, { cacheDir: opts.cacheDir });
  const profiled = await buildMeasuringExample(files, target, { cacheDir: opts.cacheDir, profile: true });
  const total = await runExample(plain.board, plain.elf, inputs, m.outputs.length, opts.timeoutMs);
  const perLayer = await runExample(profiled.board, profiled.elf, inputs, m.outputs.length, opts.timeoutMs);
  const layers = m.layers.map((l, i): BenchLayer => ({
    layer: l.layer,
    kind: l.kind,
    source: l.source ?? l.kind,
    name: l.name,
    macs: l.macs,
    // Less the hooks' own instructions; the total comes from the build without them.
    instructions: Math.max(0, (perLayer.report.layers[i]?.instructions ?? 0) - perLayer.report.profileOverhead),
  }));
  return {
    model: m.name,
    target: target.id,
    board: plain.board.description,
    kernels: m.kernels,
    instructions: total.report.instructions,
    macs: layers.reduce((n, l) => n + l.macs, 0),
    stackBytes: total.report.stackBytes,
    invokeStackBytes: total.report.invokeStackBytes,
    layers,
  };
}

/** Instructions of one inference on zeros (plain build only), with the stack high-water: the cheap half of `benchBundle`. */
export async function countInstructions(files: readonly BundleFile[], target: Target, opts: BenchOptions): Promise<{ instructions: number; stackBytes: number; invokeStackBytes: number }> {
  const m = manifestFromFiles(files);
  const plain = await buildMeasuringExample(files, target, { cacheDir: opts.cacheDir });
  const { report } = await runExample(plain.board, plain.elf, opts.inputs ?? [], m.outputs.length, opts.timeoutMs);
  return { instructions: report.instructions, stackBytes: report.stackBytes, invokeStackBytes: report.invokeStackBytes };
}
