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

/** A weight value: a float literal, or math.h's NAN (a constant NaN, e.g. from a folded division, has no literal). */
const weightFloat = (x: number): string => (Number.isNaN(x) ? 'NAN' : cFloat(x));

function literals(ctype: string, data: TensorData): { values: string[]; perLine: number } {
  if (data instanceof Float32Array) return { values: Array.from(data, weightFloat), perLine: 6 };
  if (data instanceof BigInt64Array) return { values: Array.from(data, cInt64), perLine: 4 };
  const values = Array.from(data as ArrayLike<number>, (v) => (ctype === 'int32_t' ? cInt(v) : String(v)));
  return { values, perLine: ctype === 'int32_t' ? 10 : 24 };
}

/** `src/<stem>_weights.c`: the array definitions, in the order given. */
export function weightsSource(arrays: readonly ConstantArray[], names: BundleNames, alignment: number, banner: string): string {
  const w = new CWriter();
  w.line(banner);
  w.line(`#include "${names.stem}_weights.h"`);
  // Infinities and NaNs (attention masks hold −inf) are math.h's INFINITY and NAN.
  if (arrays.some((a) => a.data instanceof Float32Array && a.data.some((v) => !Number.isFinite(v)))) w.line('#include <math.h>');
  for (const a of arrays) {
    const { values, perLine } = literals(a.ctype, a.data);
    w.line();
    w.comment(a.description);
    const length = paddedLength(a, alignment);
    w.line(`const ${a.ctype} ${a.symbol}[${length}] INGOT_ALIGNED(${alignment}) = {`);
    w.lines((values.length ? initializerLines(values, perLine) : ['0,']).map((l) => `  ${l}`));
    w.line('};');
  }
  return w.toString();
}

/** `src/<stem>_weights.h`: extern declarations of every array. */
export function weightsHeader(arrays: readonly ConstantArray[], names: BundleNames, alignment: number, banner: string): string {
  const guard = `${names.macro}_WEIGHTS_H`;
  const w = new CWriter();
  w.line(banner);
  w.line(`#ifndef ${guard}`);
  w.line(`#define ${guard}`);
  w.line();
  w.line('#include "ingot_runtime.h"');
  w.line();
  for (const a of arrays) w.line(`extern const ${a.ctype} ${a.symbol}[${paddedLength(a, alignment)}];`);
  w.line();
  w.line(`#endif /* ${guard} */`);
  return w.toString();
}

/**
 * Elements an array is declared with: its data, zero-filled up to a whole
 * number of alignment units. Every array already starts aligned, so padding
 * its end costs at most alignment - 1 bytes and makes the weights section's
 * size the plain sum of the arrays, whatever order the compiler lays them
 * out in: the flash figure predicted is then exact. C has no zero-length
 * arrays; an empty constant keeps one alignment unit.
 */
function paddedLength(a: ConstantArray, alignment: number): number {
  const element = a.data.BYTES_PER_ELEMENT;
  const unit = Math.max(alignment, element);
  const bytes = Math.max(unit, Math.ceil(a.data.byteLength / unit) * unit);
  return bytes / element;
}

/** Bytes the arrays occupy (what the weights add to flash), padding included. */
export function arraysBytes(arrays: readonly ConstantArray[], alignment: number): number {
  return arrays.reduce((n, a) => n + paddedLength(a, alignment) * a.data.BYTES_PER_ELEMENT, 0);
}
