/**
 * The weights file: every constant a kernel reads — the model's constant
 * tensors and the data kernels derive from them (folded biases) — as an
 * aligned `const` array (flash on a microcontroller), plus the header that
 * declares them for the kernels' source file.
 */
import { cTypeOf, formatShape, type Graph, type TensorData } from '../ir/index.js';
import { cFloat, cInt, cInt64, initializerLines } from './literals.js';
import type { BundleNames } from './names.js';
import { CWriter, shorten } from './writer.js';

export interface ConstantArray {
  symbol: string;
  ctype: string;
  data: TensorData;
  /** A line for the comment above the array (escaped when written). */
  description: string;
}

/** Constant tensor `index` of the graph as an array. */
export function tensorArray(g: Graph, names: BundleNames, index: number): ConstantArray {
  const t = g.tensors[index]!;
  return { symbol: names.weight(index), ctype: cTypeOf(t.dtype), data: t.data!, description: `tensor ${index} ${JSON.stringify(shorten(t.name, 160))} ${t.dtype}${formatShape(t.shape)}` };
}

function literals(ctype: string, data: TensorData): { values: string[]; perLine: number } {
  if (data instanceof Float32Array) return { values: Array.from(data, cFloat), perLine: 6 };
  if (data instanceof BigInt64Array) return { values: Array.from(data, cInt64), perLine: 4 };
  const values = Array.from(data as ArrayLike<number>, (v) => (ctype === 'int32_t' ? cInt(v) : String(v)));
  return { values, perLine: ctype === 'int32_t' ? 10 : 24 };
}

/** `src/<stem>_weights.c`: the array definitions, in the order given. */
export function weightsSource(arrays: readonly ConstantArray[], names: BundleNames, alignment: number, banner: string): string {
  const w = new CWriter();
  w.line(banner);
  w.line(`#include "${names.stem}_weights.h"`);
  for (const a of arrays) {
    const { values, perLine } = literals(a.ctype, a.data);
    w.line();
    w.comment(a.description);
    // C has no zero-length arrays; an empty constant keeps one unused element.
    const length = Math.max(1, values.length);
    w.line(`const ${a.ctype} ${a.symbol}[${length}] INGOT_ALIGNED(${alignment}) = {`);
    w.lines((values.length ? initializerLines(values, perLine) : ['0,']).map((l) => `  ${l}`));
    w.line('};');
  }
  return w.toString();
}

/** `src/<stem>_weights.h`: extern declarations of every array. */
export function weightsHeader(arrays: readonly ConstantArray[], names: BundleNames, banner: string): string {
  const guard = `${names.macro}_WEIGHTS_H`;
  const w = new CWriter();
  w.line(banner);
  w.line(`#ifndef ${guard}`);
  w.line(`#define ${guard}`);
  w.line();
  w.line('#include "ingot_runtime.h"');
  w.line();
  for (const a of arrays) w.line(`extern const ${a.ctype} ${a.symbol}[${Math.max(1, a.data.length)}];`);
  w.line();
  w.line(`#endif /* ${guard} */`);
  return w.toString();
}

/** Bytes the arrays occupy (what the weights add to flash). */
export function arraysBytes(arrays: readonly ConstantArray[]): number {
  return arrays.reduce((n, a) => n + a.data.byteLength, 0);
}
