/**
 * Pieces of C that many kernels share: element types, requantization of an
 * accumulator with per-channel or per-tensor constants, float clamps, and
 * per-channel constant tables.
 */
import { cTypeOf, inputAt, outputAt, type DType, type Graph, type Op } from '../../ir/index.js';
import { cFloat, cInt, initializerLines } from '../literals.js';
import type { CWriter } from '../writer.js';

/** C element type of op input `i`. */
export function inType(g: Graph, op: Op, i: number): string {
  return cTypeOf(inputAt(g, op, i).dtype);
}

/** C element type of op output `i`. */
export function outType(g: Graph, op: Op, i = 0): string {
  return cTypeOf(outputAt(g, op, i).dtype);
}

export function dtypeOfInput(g: Graph, op: Op, i: number): DType {
  return inputAt(g, op, i).dtype;
}

/** A `static const` table inside the function, one value per channel. */
export function constTable(w: CWriter, ctype: string, name: string, values: readonly number[]): void {
  w.line(`static const ${ctype} ${name}[${values.length}] = {`);
  w.lines(initializerLines(values.map(cInt), 12).map((l) => `  ${l}`));
  w.line('};');
}

/** Requantization constants of conv-like ops (from their prepare step). */
export interface Requantization {
  multipliers: number[];
  shifts: number[];
  outputOffset: number;
  actMin: number;
  actMax: number;
  /** int64 accumulator with the Q15 multiply (16x8 with an int64 bias). */
  wideAccumulator: boolean;
}

/**
 * Declares the multiplier/shift tables when channels differ and returns a
 * function giving the C expression that requantizes accumulator `acc` of
 * channel `channel` into an output element of type `ctype`:
 * multiply, add the output zero point, clamp to the activation range. The
 * clamp is applied before the zero point is added (with the bounds moved by
 * it), which is the same value and cannot overflow.
 */
export function requantizer(w: CWriter, r: Requantization, ctype: string): (acc: string, channel: string) => string {
  const uniform = r.multipliers.every((m, i) => m === r.multipliers[0] && r.shifts[i] === r.shifts[0]);
  if (!uniform) {
    constTable(w, 'int32_t', 'multiplier', r.multipliers);
    constTable(w, 'int8_t', 'shift', r.shifts);
  }
  const lo = cInt(r.actMin - r.outputOffset);
  const hi = cInt(r.actMax - r.outputOffset);
  const off = r.outputOffset === 0 ? '' : ` + ${cInt(r.outputOffset)}`;
  return (acc, channel) => {
    const m = uniform ? cInt(r.multipliers[0]!) : `multiplier[${channel}]`;
    const s = uniform ? cInt(r.shifts[0]!) : `shift[${channel}]`;
    return r.wideAccumulator
      ? `(${ctype})(ingot_clamp_i64(ingot_mbqm64(${acc}, ${m}, ${s}), ${lo}, ${hi})${off})`
      : `(${ctype})(ingot_clamp_i32(ingot_mbqm(${acc}, ${m}, ${s}), ${lo}, ${hi})${off})`;
  };
}

/** The expression clamping float `v` to [min, max]; infinite bounds are left out. */
export function floatClamp(v: string, min: number, max: number): string {
  const hasMin = min !== -Infinity;
  const hasMax = max !== Infinity;
  if (hasMin && hasMax) return `ingot_clamp_f32(${v}, ${cFloat(min)}, ${cFloat(max)})`;
  if (hasMin) return `(${v} < ${cFloat(min)} ? ${cFloat(min)} : ${v})`;
  if (hasMax) return `(${v} > ${cFloat(max)} ? ${cFloat(max)} : ${v})`;
  return v;
}

/** `x + k` for an integer literal offset, or `x` when k is 0. */
export function plusOffset(x: string, k: number): string {
  return k === 0 ? x : `(${x} + ${cInt(k)})`;
}

/** The C type the integer accumulator of a conv-like op needs. */
export function accumulatorType(dtype: 'f32' | 'i8' | 'i16', wide: boolean): string {
  if (dtype === 'f32') return 'float';
  return wide || dtype === 'i16' ? 'int64_t' : 'int32_t';
}

/**
 * The accumulator handed to the int32 requantization: int16 activations
 * accumulate in int64 and wrap to int32 as the reference does (`acc | 0`).
 */
export function accumulatorForRequant(acc: string, dtype: 'f32' | 'i8' | 'i16', wide: boolean): string {
  return !wide && dtype === 'i16' ? `ingot_wrap32(${acc})` : acc;
}
