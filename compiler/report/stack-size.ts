/**
 * The compile-time stack estimate: how deep `<model>_invoke` will take the
 * stack on the target, before any build — an upper bound, since it goes
 * into the predicted RAM that budgets check.
 *
 * A kernel's stack is its compiler's register allocation (spills, saved
 * registers), which the C source does not tell to the byte. What it does
 * tell is which kernels a bundle runs, so the target carries the deepest
 * stack measured, on its board, for each kernel and element type alone
 * (`conv2d/dsp:i8`, `fully_connected/portable:f32`, …), and a bundle's
 * estimate is its deepest kernel's figure plus a few bytes for each further
 * kernel function (merged into `_invoke`, several kernels' spill slots add
 * up). Kernels the target has no figure for get its deepest stack overall.
 * `scripts/dev/calibrate-sizes.ts` measures the figures so that no
 * calibration bundle uses more than its estimate.
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

/** Estimated bytes of stack below the `_invoke` call (an upper bound). */
export function estimateStackBytes(layers: readonly StackLayer[], cost: StackCosts): number {
  let deepest = cost.least;
  for (const l of layers) if (l.function !== '') deepest = Math.max(deepest, cost.kernels[stackKey(l)] ?? cost.bytes);
  const functions = new Set(layers.map((l) => l.function).filter((f) => f !== '')).size;
  return Math.ceil(deepest + cost.perFunction * Math.max(0, functions - 1));
}
