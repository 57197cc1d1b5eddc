/**
 * The compile-time stack estimate: how deep `<model>_invoke` will take the
 * stack on the target, before any build — an upper bound, since it goes
 * into the predicted RAM that budgets check.
 *
 * A kernel's stack is its compiler's register allocation (spills, saved
 * registers), which the C source does not tell to the byte. What it does
 * tell is which kernels a bundle runs, so the target carries the deepest
 * stack measured, on its board, for each kernel and element type alone
 * (`conv2d/dsp:i8`, `fully_connected/portable:f32`, …). A bundle's estimate
 * is its deepest kernel function's figure plus what the further functions
 * add, which is the lesser of two bounds:
 *
 * - a few bytes for each further function (`perFunction`): GCC merges
 *   kernels called once into `_invoke`, where some of their spill slots add
 *   up, which is what a bundle of two to four kernels shows;
 * - the second deepest function's figure plus a constant (`nested`): a
 *   kernel too big to merge stays a function of its own, called from an
 *   `_invoke` that holds the merged ones, so at most two kernels' frames
 *   are live at once however many kernels a model has. Without this bound
 *   a front end of twenty small kernels was estimated at five times the
 *   stack it used.
 *
 * Kernels the target has no figure for get its deepest stack overall.
 * `scripts/dev/calibrate-sizes.ts` measures the figures so that no
 * calibration bundle uses more than its estimate (each bound alone holds).
 */
import type { StackCosts } from '../../targets/index.js';

/** One layer as the stack estimate sees it. */
export interface StackLayer {
  /** The kernel the layer runs, e.g. `conv2d/dsp`. */
  kernel: string;
  /** The element type of its first input (`i8`, `i16`, `f32`, …). */
  dtype: string;
  /** The kernel function it calls (empty when it has no work). */
  function: string;
}

/** The key of a kernel and element type in `StackCosts.kernels`. */
export const stackKey = (l: Pick<StackLayer, 'kernel' | 'dtype'>): string => `${l.kernel}:${l.dtype}`;

/** Each kernel function's figure (the deepest of its layers'), deepest first. */
export function functionFigures(layers: readonly StackLayer[], cost: StackCosts): number[] {
  const figures = new Map<string, number>();
  for (const l of layers) {
    if (l.function === '') continue;
    figures.set(l.function, Math.max(figures.get(l.function) ?? 0, cost.kernels[stackKey(l)] ?? cost.bytes));
  }
  return [...figures.values()].sort((a, b) => b - a);
}

/** Estimated bytes of stack below the `_invoke` call (an upper bound). */
export function estimateStackBytes(layers: readonly StackLayer[], cost: StackCosts): number {
  const figures = functionFigures(layers, cost);
  const deepest = Math.max(cost.least, figures[0] ?? 0);
  if (figures.length < 2) return deepest;
  const further = Math.min(cost.perFunction * (figures.length - 1), Math.max(0, figures[1]! + cost.nested));
  return Math.ceil(deepest + further);
}
