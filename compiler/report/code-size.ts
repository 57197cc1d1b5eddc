/**
 * The compile-time code-size model: how many bytes of flash a bundle's own
 * code (kernels, call sequence, API functions and the constant tables inside
 * kernels) will take once built, before any compiler runs.
 *
 * The estimate reads the generated source the way the target's compiler
 * will: the source is preprocessed with the macros that compiler defines
 * (so a Helium kernel's asm and a portable fallback are told apart), every
 * runtime helper is expanded where it is called with the literal arguments
 * the kernel passes, and what folds away is not counted (c-cost/). The
 * remaining operations are counted by kind — 32-bit and 64-bit integer,
 * float, vector, memory, branches, loops, calls, inline-asm instructions,
 * wide constants, out-of-line functions, and kernels merged into `_invoke`
 * after the first (a negative cost: once merged, kernels share registers,
 * the arena's address and constants, which counting each alone misses) —
 * and each kind has a byte cost per target (`Target.cost.code`), fitted to
 * objects built with the target's toolchain by
 * `scripts/dev/calibrate-sizes.ts`. The constant tables inside
 * kernels are counted exactly on top.
 */
import type { CostModel, Target } from '../../targets/index.js';
import type { BundleFile } from '../bundle/types.js';
import { CostCounter, OP_COUNT_NAMES, type OpCounts } from './c-cost/evaluate.js';
import { Preprocessor } from './c-cost/lexer.js';
import { Parser } from './c-cost/parser.js';

export type CodeCostName = (typeof OP_COUNT_NAMES)[number];
export { OP_COUNT_NAMES as CODE_COST_NAMES };

/** What the code-size model reads from a bundle: operation counts, and the kernel tables' exact bytes. */
export interface CodeFeatures extends OpCounts {
  tableBytes: number;
  /** The counts of each out-of-line function of the code object, by name. */
  perFunction: Map<string, OpCounts>;
}

/** Macros every supported C compiler and C library define, with the values the headers test. */
const COMMON_MACROS: Readonly<Record<string, number>> = {
  __GNUC__: 12, __OPTIMIZE__: 1, NULL: 0, UINT_MAX: 0xffffffff, INT32_MAX: 2147483647, INT32_MIN: -2147483648,
  INT16_MAX: 32767, INT16_MIN: -32768, INT8_MAX: 127, INT8_MIN: -128, UINT8_MAX: 255, UINT16_MAX: 65535,
};

/** The macros a target's compiler defines for each instruction-set feature. */
const FEATURE_MACROS: Readonly<Partial<Record<Target['features'][number], readonly string[]>>> = {
  dsp: ['__ARM_FEATURE_DSP'],
  mve: ['__ARM_FEATURE_MVE'],
  neon: ['__ARM_NEON'],
  dotprod: ['__ARM_FEATURE_DOTPROD'],
  fpu: ['__ARM_FP'],
};

/** The macros the target's compiler predefines, as far as the runtime headers ask. */
export function targetMacros(target: Target): Record<string, number> {
  const out: Record<string, number> = { ...COMMON_MACROS };
  for (const f of target.features) for (const m of FEATURE_MACROS[f] ?? []) out[m] = 1;
  if (target.architecture === 'aarch64') out['__aarch64__'] = 1;
  return out;
}

/** The folders a quoted include in src/ is looked up in, in the library build's order. */
const INCLUDE_DIRS = ['src', 'include', 'runtime'] as const;

/**
 * The features of a bundle's code object, read from its generated source
 * (`src/<stem>.c`) and the headers it includes from the bundle.
 */
export function codeFeatures(files: readonly BundleFile[], stem: string, target: Target): CodeFeatures {
  const decoder = new TextDecoder();
  const byPath = new Map(files.map((f) => [f.path, f]));
  // Where the library build finds a quoted include from src/: beside the source, then -Iinclude -Iruntime.
  // By path, not by file name: a model named `main` has src/main.c beside the example's example/main.c.
  const read = (name: string): string | undefined => {
    const f = INCLUDE_DIRS.map((dir) => byPath.get(`${dir}/${name}`)).find((x) => x !== undefined);
    return f === undefined ? undefined : decoder.decode(f.bytes);
  };
  const source = read(`${stem}.c`);
  if (source === undefined) throw new Error(`the bundle has no src/${stem}.c`);
  const pre = new Preprocessor(targetMacros(target));
  const parser = new Parser(pre.tokens(source, read));
  const functions = parser.functions();
  const counter = new CostCounter(functions.filter((f) => f.isInline), functions.filter((f) => !f.isInline), { inlineCopyBytes: target.cost.code.inlineCopyBytes });
  const counts = counter.countUnit();
  // A file-scope table (a runtime header's) is in the object when the counted code, helpers expanded, reads it.
  let fileTableBytes = 0;
  for (const [name, bytes] of parser.fileTables) if (counter.namesRead.has(name)) fileTableBytes += bytes;
  return { ...counts, tableBytes: counter.tableBytes + fileTableBytes, perFunction: counter.perFunction };
}

/** Estimated bytes of the bundle's own code and tables (weights excluded). */
export function estimateCodeBytes(f: CodeFeatures, cost: CostModel): number {
  const c = cost.code;
  let bytes = c.base + f.tableBytes;
  for (const name of OP_COUNT_NAMES) bytes += c[name] * f[name];
  return Math.round(bytes);
}
