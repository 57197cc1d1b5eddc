/**
 * The compile-time code-size model: how many bytes of flash a bundle's own
 * code (kernels, call sequence, API functions and the constant tables inside
 * kernels) will take once built, before any compiler runs.
 *
 * The estimate reads the generated C itself rather than counting kernels by
 * kind, so a kernel rewritten (say, a SIMD variant of a convolution) is
 * priced by what it now contains. Features: statements of kernel code
 * (lines that are not table data, braces or blank), calls of the runtime's
 * inline fixed-point helpers (each expands to a requantization sequence),
 * kernel functions, layers (each a call in `_invoke`), model inputs and
 * outputs (API functions), and the constant tables, counted exactly. The
 * per-feature byte costs are per target (`Target.cost`), fitted to measured
 * objects by `scripts/dev/calibrate-sizes.ts`.
 */
import type { CostModel } from '../../targets/index.js';

export interface CodeFeatures {
  /** Kernel functions (one per distinct layer configuration). */
  functions: number;
  /** Layers: calls in `<model>_invoke`. */
  layers: number;
  /** Model inputs and outputs (each has an accessor, and `_run` copies it). */
  ios: number;
  /** Statement lines in kernel functions (not table data, not lone braces). */
  statements: number;
  /** Calls of inline `ingot_*` helpers in kernel functions. */
  helperCalls: number;
  /** Bytes of constant tables inside kernel functions (exact). */
  tableBytes: number;
}

const TABLE_DATA = /^[\s\d,.+\-eEfFuUlLx]*$/;
const BRACES_ONLY = /^[\s{}();]*$/;

/** The features of a set of kernel function definitions. */
export function kernelTextFeatures(texts: readonly string[]): { statements: number; helperCalls: number } {
  let statements = 0;
  let helperCalls = 0;
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.startsWith('/*') || trimmed.startsWith('*') || trimmed.startsWith('//')) continue;
      if (TABLE_DATA.test(trimmed) || BRACES_ONLY.test(trimmed)) continue;
      statements++;
      helperCalls += (trimmed.match(/\bingot_[a-z0-9_]+\(/g) ?? []).filter((c) => !c.startsWith('ingot_clamp')).length;
    }
  }
  return { statements, helperCalls };
}

/** Estimated bytes of the bundle's own code and tables (weights excluded). */
export function estimateCodeBytes(f: CodeFeatures, cost: CostModel): number {
  const c = cost.code;
  return Math.round(
    c.base + c.perFunction * f.functions + c.perLayer * f.layers + c.perIo * f.ios + c.perStatement * f.statements + c.perHelperCall * f.helperCalls + f.tableBytes,
  );
}
