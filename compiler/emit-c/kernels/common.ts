/**
 * Pieces of C that many kernels share: element types, requantization of an
 * accumulator with per-channel or per-tensor constants, float clamps, and
 * per-channel constant tables.
 */
import { cTypeOf, inputAt, outputAt, type DType, type Graph, type Op } from '../../ir/index.js';
import { cDouble, cFloat, cInt, initializerLines } from '../literals.js';
import type { CWriter } from '../writer.js';
import type { KernelParam } from './kernel.js';

/** C element type of op input `i`. */
/** The parameters of a kernel that reads its op's first input and writes its first output. */
export function inputOutputParams(inCtype: string, outCtype: string = inCtype): KernelParam[] {
  return [
    { kind: 'input', index: 0, name: 'input', ctype: inCtype },
    { kind: 'output', index: 0, name: 'output', ctype: outCtype },
  ];
}

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
const C_SIZES: Record<string, number> = { int8_t: 1, uint8_t: 1, int16_t: 2, int32_t: 4, float: 4, double: 8 };

/** The literal writer for a table's C type. */
function literalFor(ctype: string): (v: number) => string {
  return ctype === 'float' ? cFloat : ctype === 'double' ? cDouble : cInt;
}

export function constTable(w: CWriter, ctype: string, name: string, values: readonly number[]): void {
  w.tableBytes += (C_SIZES[ctype] ?? 4) * values.length;
  w.line(`static const ${ctype} ${name}[${values.length}] = {`);
  const isInteger = ctype !== 'float' && ctype !== 'double';
  w.lines(initializerLines(values.map(literalFor(ctype)), isInteger ? 12 : 6).map((l) => `  ${l}`));
  w.line('};');
}

/**
 * A per-channel value as C: a literal when there is one value (or all are
 * equal), else a `static const` table declared now and indexed by channel.
 */
export function perChannel(w: CWriter, ctype: string, name: string, values: readonly number[]): (channel: string) => string {
  const literal = literalFor(ctype);
  if (values.every((v) => v === values[0])) return () => literal(values[0] ?? 0);
  constTable(w, ctype, name, values);
  return (c) => `${name}[${c}]`;
}

/**
 * The weight zero point term of ONNX integer convolutions and matmuls: the
 * C expression of channel `channel`'s −zero point, or undefined when every
 * channel's is 0 (symmetric weights, every TFLite model), so kernels keep
 * their plain products.
 */
export function filterOffsetOf(w: CWriter, offsets: readonly number[]): ((channel: string) => string) | undefined {
  if (offsets.every((o) => o === 0)) return undefined;
  return perChannel(w, 'int32_t', 'filter_offset', offsets);
}

/** Requantization constants of conv-like ops (from their prepare step). */
export interface Requantization {
  /** `fixed` (TFLite, the default), `float` (ONNX) or `none` (raw int32 output). */
  requant?: 'fixed' | 'float' | 'none';
  /** `float` mode: float32 scale per channel (or one for all). */
  scales?: number[];
  multipliers: number[];
  shifts: number[];
  outputOffset: number;
  actMin: number;
  actMax: number;
  /** int64 accumulator with the Q15 multiply (16x8 with an int64 bias). */
  wideAccumulator: boolean;
}

/** The Q15 form of a multiplier that ingot_mbqm64_q15 takes (mbqm64's first two steps). */
export function q15Multiplier(multiplier: number, shift: number): { reduced: number; totalShift: number } {
  return { reduced: multiplier < 0x7fff0000 ? (multiplier + (1 << 15)) >> 16 : 0x7fff, totalShift: 15 - shift };
}

/**
 * Declares the per-channel tables (or uses literals when every channel is
 * the same) and returns a function giving the C expression that
 * requantizes accumulator `acc` of channel `channel` into an output element
 * of type `ctype`: multiply (`fixedPointMultiply`), clamp to the activation
 * range, add the output zero point. ONNX's modes: `float` scales in float32
 * and rounds half to even (ingot_onnx.h); `none` stores the int32
 * accumulator itself. The clamp comes first, with bounds moved by the zero
 * point: the same value, and it cannot overflow.
 */
export function requantizer(w: CWriter, r: Requantization, ctype: string): (acc: string, channel: string) => string {
  if (r.requant === 'none') return (acc) => `(${ctype})(${acc})`;
  if (r.requant === 'float') {
    const scale = perChannel(w, 'float', 'scale', r.scales ?? []);
    return (acc, c) => `(${ctype})ingot_requant_float(${acc}, ${scale(c)}, ${cInt(r.outputOffset)}, ${cInt(r.actMin)}, ${cInt(r.actMax)})`;
  }
  const multiply = fixedPointMultiply(w, r.multipliers, r.shifts, { wideAccumulator: r.wideAccumulator === true });
  const lo = cInt(r.actMin - r.outputOffset);
  const hi = cInt(r.actMax - r.outputOffset);
  const off = r.outputOffset === 0 ? '' : ` + ${cInt(r.outputOffset)}`;
  const clamp = r.wideAccumulator ? 'ingot_clamp_i64' : 'ingot_clamp_i32';
  return (acc, channel) => `(${ctype})(${clamp}(${multiply(acc, channel)}, ${lo}, ${hi})${off})`;
}

/**
 * TFLite's fixed-point multiply of an accumulator by channel `channel`'s
 * multiplier and shift, as C: declares the tables (named with `prefix`;
 * literals when every channel is the same) and returns the call. It takes
 * the cheapest exact form: the Q15 form for int64 accumulators,
 * `ingot_mbqm_right` (no saturation test, no left shift) when every
 * multiplier is non-negative and every shift a right shift of at most 31
 * (all real convolutions and LSTM gates), `ingot_mbqm` otherwise.
 */
export function fixedPointMultiply(w: CWriter, multipliers: readonly number[], shifts: readonly number[],
  options: { wideAccumulator?: boolean; prefix?: string } = {}): (acc: string, channel: string) => string {
  const prefix = options.prefix ?? '';
  const uniform = multipliers.every((m, i) => m === multipliers[0] && shifts[i] === shifts[0]);
  const table = (type: string, name: string, values: readonly number[]): ((c: string) => string) => {
    if (uniform) return () => cInt(values[0]!);
    constTable(w, type, `${prefix}${name}`, values);
    return (c) => `${prefix}${name}[${c}]`;
  };
  if (options.wideAccumulator) {
    const q = multipliers.map((m, i) => q15Multiplier(m, shifts[i]!));
    const reduced = table('int16_t', 'reduced', q.map((x) => x.reduced));
    const total = table('uint8_t', 'total_shift', q.map((x) => x.totalShift));
    return (acc, c) => `ingot_mbqm64_q15(${acc}, ${reduced(c)}, ${total(c)})`;
  }
  if (multipliers.every((m) => m >= 0) && shifts.every((x) => x <= 0 && x >= -31)) {
    const m = table('int32_t', 'multiplier', multipliers);
    const right = table('uint8_t', 'right_shift', shifts.map((x) => -x));
    return (acc, c) => `ingot_mbqm_right(${acc}, ${m(c)}, ${right(c)})`;
  }
  const m = table('int32_t', 'multiplier', multipliers);
  const shift = table('int8_t', 'shift', shifts);
  return (acc, c) => `ingot_mbqm(${acc}, ${m(c)}, ${shift(c)})`;
}

/** `v · scale − offset` as short C: `oy`, `oy * 2`, `oy - 1`, `oy * 2 - 1`. */
export function affine(v: string, scale: number, offset: number): string {
  const scaled = scale === 1 ? v : `${v} * ${scale}`;
  return offset === 0 ? scaled : offset > 0 ? `${scaled} - ${offset}` : `${scaled} + ${-offset}`;
}

/**
 * The batch loop of a kernel: `body` gets the C offset expression of batch
 * `b` for a given per-batch stride (`''` when there is one batch, so the
 * generated code reads `input` rather than `input + 0 * n`).
 */
export function batches(w: CWriter, count: number, body: (offset: (stride: number) => string) => void): void {
  if (count === 1) {
    body(() => '');
    return;
  }
  w.block(`for (int32_t b = 0; b < ${count}; ++b)`, () => body((stride) => ` + b * ${stride}`));
}

/**
 * `for (int32_t v = from; v < to; ++v) { body }`, or just the body with
 * `v` declared constant when the loop runs once (literal bounds).
 */
export function loop(w: CWriter, v: string, from: number | string, to: number | string, body: () => void, step = `++${v}`): void {
  if (typeof from === 'number' && typeof to === 'number' && to - from === 1) {
    w.block('', () => {
      w.line(`const int32_t ${v} = ${from};`);
      body();
    });
    return;
  }
  w.block(`for (int32_t ${v} = ${from}; ${v} < ${to}; ${step})`, body);
}

/**
 * Accumulators acc0…acc{n-1} of `n` consecutive output channels gain, for
 * each j in [0, run), x[j] times their weight row (`rowStride` apart, from
 * `weights`): one load of x feeds n multiply-adds. The loop is unrolled by
 * up to four when the run allows, so the loop overhead is paid once per
 * four steps. Each accumulator still sums in j order, so float results
 * round exactly as one at a time would.
 */
export function blockedDot(w: CWriter, n: number, run: number, x: string, weights: string, rowStride: number, value: (xj: string) => string, isFloat: boolean): void {
  const unroll = run % 4 === 0 ? 4 : run % 2 === 0 ? 2 : 1;
  const step = (j: string): void => {
    w.line(`v = ${value(`${x}[${j}]`)};`);
    for (let k = 0; k < n; k++) {
      const wk = `${weights}[${k === 0 ? '' : `${k * rowStride} + `}${j}]`;
      w.line(isFloat ? `acc${k} = acc${k} + v * ${wk};` : `acc${k} += v * ${wk};`);
    }
  };
  w.block(`for (int32_t j = 0; j < ${run}; j += ${unroll})`, () => {
    w.line(`${isFloat ? 'float' : 'int32_t'} v;`);
    for (let u = 0; u < unroll; u++) step(u === 0 ? 'j' : `j + ${u}`);
  });
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

/** Element types of conv-like ops' activations. */
export type ConvDType = 'f32' | 'i8' | 'u8' | 'i16';

/** The C type the integer accumulator of a conv-like op needs. */
export function accumulatorType(dtype: ConvDType, wide: boolean): string {
  if (dtype === 'f32') return 'float';
  return wide || dtype === 'i16' ? 'int64_t' : 'int32_t';
}

/**
 * The accumulator handed to the int32 requantization: int16 activations
 * accumulate in int64 and wrap to int32 as the reference does (`acc | 0`).
 */
export function accumulatorForRequant(acc: string, dtype: ConvDType, wide: boolean): string {
  return !wide && dtype === 'i16' ? `ingot_wrap32(${acc})` : acc;
}
