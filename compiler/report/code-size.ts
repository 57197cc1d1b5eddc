/**
 * The compile-time code-size model: how many bytes of flash a bundle's own
 * code (kernels, call sequence, API functions and the constant tables inside
 * kernels) will take once built, before any compiler runs.
 *
 * The estimate reads the generated C itself rather than counting kernels by
 * kind, so a kernel rewritten (say, a SIMD variant of a convolution) is
 * priced by what it now contains. Features: statements of kernel code
 * (lines that are not table data, braces or blank), the statements the
 * runtime's inline helpers expand to where kernels call them (each helper's
 * body counted from the runtime headers, with the helpers it calls),
 * kernel functions, layers (each a call in `_invoke`), model inputs and
 * outputs (API functions), and the constant tables, counted exactly. The
 * per-feature byte costs are per target (`Target.cost`), fitted to measured
 * objects by `scripts/dev/calibrate-sizes.ts`.
 */
import type { CostModel } from '../../targets/index.js';
import { runtimeFiles } from '../emit-c/runtime-files.js';

export interface CodeFeatures {
  /** Kernel functions (one per distinct layer configuration). */
  functions: number;
  /** Layers: calls in `<model>_invoke`. */
  layers: number;
  /** Model inputs and outputs (each has an accessor, and `_run` copies it). */
  ios: number;
  /** Statement lines in kernel functions (not table data, not lone braces). */
  statements: number;
  /** Statements of the inline `ingot_*` helpers kernel functions call, one body per call. */
  helperStatements: number;
  /** Bytes of constant tables inside kernel functions (exact). */
  tableBytes: number;
}

const TABLE_DATA = /^[\s\d,.+\-eEfFuUlLx]*$/;
const BRACES_ONLY = /^[\s{}();]*$/;
const HELPER_CALL = /\bingot_[a-z0-9_]+(?=\()/g;

/** Statement lines of C text: not comments, table data, lone braces or blank. */
function statementLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((t) => !(t.startsWith('/*') || t.startsWith('*') || t.startsWith('//') || TABLE_DATA.test(t) || BRACES_ONLY.test(t)));
}

/** Statements each inline helper of the runtime headers expands to, including the helpers it calls. */
export function helperSizes(headers: readonly string[]): Map<string, number> {
  const bodies = new Map<string, string[]>();
  for (const text of headers) {
    for (const m of text.matchAll(/^(?:INGOT_INLINE|static inline)\s+[\w\s*]+?\b(ingot_[a-z0-9_]+)\([^)]*\)\s*\{([\s\S]*?)^\}/gm)) {
      bodies.set(m[1]!, statementLines(m[2]!));
    }
  }
  const sizes = new Map<string, number>();
  const sizeOf = (name: string, seen: Set<string>): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    const body = bodies.get(name);
    if (body === undefined || seen.has(name)) return 0;
    seen.add(name);
    let n = body.length;
    for (const line of body) for (const call of line.match(HELPER_CALL) ?? []) n += sizeOf(call, seen);
    sizes.set(name, n);
    return n;
  };
  for (const name of bodies.keys()) sizeOf(name, new Set());
  return sizes;
}

/** The statement features of a set of kernel function definitions. */
export function kernelTextFeatures(texts: readonly string[], helpers: ReadonlyMap<string, number>): { statements: number; helperStatements: number } {
  let statements = 0;
  let helperStatements = 0;
  for (const text of texts) {
    for (const line of statementLines(text)) {
      statements++;
      for (const call of line.match(HELPER_CALL) ?? []) helperStatements += helpers.get(call) ?? 0;
    }
  }
  return { statements, helperStatements };
}

/** Estimated bytes of the bundle's own code and tables (weights excluded). */
export function estimateCodeBytes(f: CodeFeatures, cost: CostModel): number {
  const c = cost.code;
  return Math.round(
    c.base + c.perFunction * f.functions + c.perLayer * f.layers + c.perIo * f.ios + c.perStatement * f.statements + c.perHelperStatement * f.helperStatements + f.tableBytes,
  );
}

let runtimeHelpers: Map<string, number> | undefined;

/** Helper sizes of the runtime headers shipped in every bundle (read once). */
export function runtimeHelperSizes(): Map<string, number> {
  runtimeHelpers ??= helperSizes(runtimeFiles().filter((f) => f.path.endsWith('.h')).map((f) => f.text));
  return runtimeHelpers;
}
