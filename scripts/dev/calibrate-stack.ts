/**
 * The stack figures of a target (compiler/report/stack-size.ts) from
 * measured calibration bundles: each kernel and element type's deepest
 * stack among bundles with a single kernel function (or, for a kernel only
 * seen beside others, the least stack of a bundle running it), the least stack any
 * bundle used, the deepest overall (for kernels without a figure), and the
 * bytes per further kernel function that keep every multi-kernel bundle's
 * estimate at or above what it used. By construction no calibration bundle
 * uses more than its estimate; `heldOut` says whether that also holds for a
 * whole model when it and its layers are left out of the calibration.
 */
import { estimateStackBytes, functionFigures, stackKey, type StackLayer } from '../../compiler/report/stack-size.js';
import type { StackCosts } from '../../targets/index.js';
import type { SizeSample } from './size-samples.js';

/** The layers of a calibration bundle as the stack estimate sees them. */
export function stackLayers(s: SizeSample): StackLayer[] {
  const g = s.graph;
  return s.result.manifest.layers.map((l) => ({ kernel: l.kernel, dtype: g.tensors[g.ops[l.op]!.inputs[0]!]?.dtype ?? '', function: l.function }));
}

const functionCount = (layers: readonly StackLayer[]): number => new Set(layers.map((l) => l.function).filter((f) => f !== '')).size;

/** Stack figures under which every sample's measured stack fits. */
export function calibrateStack(samples: readonly SizeSample[]): StackCosts {
  const used = samples.filter((s) => s.measured.stack > 0);
  if (used.length === 0) return { bytes: 0, least: 0, perFunction: 0, nested: 0, kernels: {} };
  const kernels: Record<string, number> = {};
  for (const s of used) {
    const layers = stackLayers(s);
    if (functionCount(layers) > 1) continue;
    for (const l of layers) if (l.function !== '') kernels[stackKey(l)] = Math.max(kernels[stackKey(l)] ?? 0, s.measured.stack);
  }
  const singles = new Set(Object.keys(kernels));
  // A kernel never measured alone (the memory-aware choice can pick another kernel for a layer alone) uses at
  // most what the shallowest bundle running it used.
  for (const s of used) {
    for (const l of stackLayers(s)) {
      const key = stackKey(l);
      if (l.function === '' || singles.has(key)) continue;
      kernels[key] = Math.min(kernels[key] ?? Infinity, s.measured.stack);
    }
  }
  const bytes = Math.max(...used.map((s) => s.measured.stack));
  const least = Math.min(...used.map((s) => s.measured.stack));
  // Each multi-kernel bundle's stack beyond its deepest kernel sets both bounds on what further kernels add.
  const deepestOnly: StackCosts = { bytes, least, perFunction: 0, nested: 0, kernels };
  let perFunction = 0;
  let nested = -Infinity;
  for (const s of used) {
    const layers = stackLayers(s);
    const figures = functionFigures(layers, deepestOnly);
    if (figures.length < 2) continue;
    const beyond = s.measured.stack - estimateStackBytes(layers, deepestOnly);
    perFunction = Math.max(perFunction, beyond / (figures.length - 1));
    nested = Math.max(nested, beyond - figures[1]!);
  }
  const sorted = Object.fromEntries(Object.entries(kernels).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { bytes, least, perFunction: Math.ceil(perFunction * 10) / 10, nested: Number.isFinite(nested) ? Math.ceil(nested) : 0, kernels: sorted };
}

/** The estimate of a whole model's stack by figures calibrated without it and its layers. */
export function heldOut(model: SizeSample, samples: readonly SizeSample[]): number {
  const rest = samples.filter((s) => s.id !== model.id && !s.id.startsWith(`${model.id}#`));
  return estimateStackBytes(stackLayers(model), calibrateStack(rest));
}
