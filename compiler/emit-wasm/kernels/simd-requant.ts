/**
 * Requantization of four int32 accumulators at once (SIMD128), bit-exact
 * with the scalar `requantize` (compiler/ops/conv2d.ts), for the int8 SIMD
 * kernels. Each group of four output channels has a 96-byte record built at
 * compile time: folded bias, multiplier, the lane's left-shift factor, the
 * right-shift factor 2^(emax − e), the rounding mask 2^e − 1 and half of it.
 *
 * - Saturating rounding doubling high multiply: (x·m + 2^30) >> 31 in 64-bit
 *   lanes. TFLite's sign-dependent nudge and truncating division give the
 *   same value for every product (the −2^31·−2^31 case cannot occur: the
 *   multiplier is never negative).
 * - Rounding divide by 2^e with a per-lane e, which SIMD shifts cannot do:
 *   floor(x / 2^e) = (x · 2^(emax−e)) >> emax in 64-bit lanes, then +1 when the
 *   remainder is past half (half away from zero), as gemmlowp.
 * - `toBytes` adds the zero point and clamps while narrowing to int8 or
 *   uint8, with saturating steps, so nothing wraps.
 * Ops whose right shifts spread over more than 30 bits keep the scalar path.
 *
 * When the accumulators are known small enough (a bound per channel from
 * the constant weights and bias, `accumulatorBounds`), a shorter exact form
 * replaces both steps: with z = floor(x·m / 2^30) (one 64-bit product per
 * lane, the high bits taken by a shift of 30), TFLite's two roundings fold
 * into one floor, result = floor((z + 1 + 2^e − 2·[z < −1]) / 2^(e+1)), and
 * the per-lane divide becomes a 32-bit multiply by 2^(emax−e) and one
 * arithmetic shift by emax + 1 (records then hold 1 + 2^e and −2 in place
 * of the mask and half). Derivation: SRDHM = floor((z + 1) / 2), which is
 * negative exactly when z < −1; gemmlowp's rounding divide of y by 2^e is
 * floor((y + 2^(e−1) − [y < 0]) / 2^e); nested floors of divisions by
 * powers of two are one floor.
 *
 * ONNX's float requantization (`requantizeFloat`) has 32-byte records —
 * folded bias, float32 scale — and is exact in four lanes as it is in one:
 * float32(acc) · scale, round half to even (`f32x4.nearest`), saturating
 * conversion, then the same narrowing.
 */
import type { IntegerOutput } from '../../ops/common/requantize.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';

export const RECORD_BYTES = 96;
export const FLOAT_RECORD_BYTES = 32;
const F_BIAS = 0;
const F_MULT = 16;
const F_LEFT = 32;
const F_POW = 48;
const F_MASK = 64;
const F_HALF = 80;
/** Short form: 1 + 2^e (e > 0) or 1, and −2 (e > 0) or 0, in place of the mask and half. */
const F_ROUND = 64;
const F_NEGATIVE = 80;

export interface SimdRequantConfig {
  /** ONNX float requantization (records of FLOAT_RECORD_BYTES); absent for TFLite's fixed point. */
  float?: boolean;
  /** uint8 output (else int8). */
  unsigned?: boolean;
  /** Largest right shift over the op's channels. */
  emax: number;
  /** Some channel shifts left (shift > 0). */
  hasLeft: boolean;
  /** The short form (accumulators bounded); `spread` when channels' right shifts differ. */
  short?: { spread: boolean };
  outputOffset: number;
  actMin: number;
  actMax: number;
}

/**
 * Builds the per-group records for `channels` channels (padded to a multiple
 * of four with zero multipliers), or undefined when the shifts do not fit.
 */
export function buildRecords(biases: ReadonlyArray<number>, multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>, channels: number,
  bounds?: ReadonlyArray<number>): { records: Uint8Array; emax: number; hasLeft: boolean; short?: { spread: boolean } } | undefined {
  // A zero multiplier makes the lane 0 whatever its shift, so such lanes do not widen the range.
  const live = shifts.filter((_, c) => multipliers[c] !== 0);
  const right = live.map((s) => (s > 0 ? 0 : -s));
  const emax = Math.max(0, ...right);
  const emin = Math.min(emax, ...right);
  if (emax - emin > 30 || emax > 31 || multipliers.some((m) => m < 0)) return undefined;
  const short = bounds !== undefined && shortFormFits(bounds, multipliers, shifts, emax);
  const groups = Math.ceil(channels / 4);
  const records = new Int32Array((groups * RECORD_BYTES) / 4);
  for (let c = 0; c < groups * 4; c++) {
    const base = (Math.floor(c / 4) * RECORD_BYTES) / 4 + (c % 4);
    const real = c < channels;
    const e = real && multipliers[c] !== 0 ? (shifts[c]! > 0 ? 0 : -shifts[c]!) : emax;
    records[base + F_BIAS / 4] = real ? biases[c]! | 0 : 0;
    records[base + F_MULT / 4] = real ? multipliers[c]! : 0;
    records[base + F_LEFT / 4] = real && multipliers[c] !== 0 && shifts[c]! > 0 ? 1 << shifts[c]! : 1;
    records[base + F_POW / 4] = 2 ** (emax - e) | 0;
    if (short) {
      records[base + F_ROUND / 4] = e === 0 ? 1 : 1 + 2 ** e;
      records[base + F_NEGATIVE / 4] = e === 0 ? 0 : -2;
    } else {
      records[base + F_MASK / 4] = e === 0 ? 0 : e >= 31 ? 0x7fffffff : (1 << e) - 1;
      records[base + F_HALF / 4] = (e === 0 ? 0 : e >= 31 ? 0x7fffffff : (1 << e) - 1) >> 1;
    }
  }
  // Dead lanes (zero multiplier) take e = emax, so only live channels can spread the shifts.
  const spread = new Set(right).size > 1;
  return {
    records: new Uint8Array(records.buffer), emax, hasLeft: shifts.some((s, c) => s > 0 && multipliers[c] !== 0),
    ...(short ? { short: { spread } } : {}),
  };
}

/**
 * True when every channel's accumulator bound keeps the short form's
 * intermediates in int32: x·2^left below 2^30 (so z fits), and
 * (2·|x·2^left| + 2^e + 4)·2^(emax−e) below 2^31 (the scaled numerator).
 */
function shortFormFits(bounds: ReadonlyArray<number>, multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>, emax: number): boolean {
  return multipliers.every((m, c) => {
    if (m === 0) return true;
    const shift = shifts[c]!;
    const e = shift > 0 ? 0 : -shift;
    const a = bounds[c]! * 2 ** Math.max(shift, 0);
    return a < 2 ** 30 && (2 * a + 2 ** e + 4) * 2 ** (emax - e) < 2 ** 31;
  });
}

/**
 * An integer op's constant weights per output channel: channel c's `depth`
 * weights are `weights[c·depth + k]` (conv, fully connected) or, depthwise,
 * the taps at `weights[k·channels + c]`.
 */
export interface ChannelWeights {
  weights: Int8Array;
  channels: number;
  depth: number;
  layout: 'channel-major' | 'tap-major';
}

/** Σ_k f(w) over channel c's weights. */
function channelSum(w: ChannelWeights, c: number, f: (v: number) => number): number {
  let sum = 0;
  for (let k = 0; k < w.depth; k++) sum += f(w.weights[w.layout === 'channel-major' ? c * w.depth + k : k * w.channels + c]!);
  return sum;
}

/** Bias + input offset · Σw per channel (int32): the input zero point folded into the bias. */
export function foldedBiases(w: ChannelWeights, biases: ArrayLike<number> | undefined, inputOffset: number): number[] {
  return Array.from({ length: w.channels }, (_, c) => ((biases ? biases[c]! : 0) + inputOffset * channelSum(w, c, (v) => v)) | 0);
}

/**
 * Largest |accumulator + bias| per output channel, for any input the dtype
 * allows: |bias| plus Σ|w| times the largest |input + input offset|.
 */
export function accumulatorBounds(w: ChannelWeights, biases: ArrayLike<number> | undefined, inputOffset: number, inputUnsigned: boolean): number[] {
  const [lo, hi] = inputUnsigned ? [0, 255] : [-128, 127];
  const largestInput = Math.max(Math.abs(lo + inputOffset), Math.abs(hi + inputOffset));
  return Array.from({ length: w.channels }, (_, c) => Math.abs(biases ? biases[c]! : 0) + largestInput * channelSum(w, c, Math.abs));
}

/** Bytes of one group-of-four record. */
export const recordBytes = (c: SimdRequantConfig): number => (c.float ? FLOAT_RECORD_BYTES : RECORD_BYTES);

/** Float records: folded bias, then the float32 scale, four channels each (padded with zeros). */
export function buildFloatRecords(biases: ReadonlyArray<number>, scales: ReadonlyArray<number>, channels: number): Uint8Array {
  const groups = Math.ceil(channels / 4);
  const buffer = new ArrayBuffer(groups * FLOAT_RECORD_BYTES);
  const ints = new Int32Array(buffer);
  const floats = new Float32Array(buffer);
  for (let c = 0; c < channels; c++) {
    const base = (Math.floor(c / 4) * FLOAT_RECORD_BYTES) / 4 + (c % 4);
    ints[base] = biases[c]! | 0;
    floats[base + 4] = scales.length === 1 ? scales[0]! : scales[c]!;
  }
  return new Uint8Array(buffer);
}

/**
 * The records and requantization config of an integer op's output stage
 * for `channels` channels with (input-offset-folded) `biases`, or undefined
 * when the SIMD kernels cannot do it (a raw int32 output, int16 output, or
 * fixed-point shifts out of range).
 */
export function simdOutputStage(p: IntegerOutput, biases: ReadonlyArray<number>, channels: number, outDtype: string, bounds?: ReadonlyArray<number>):
  { records: Uint8Array; rq: SimdRequantConfig } | undefined {
  if (outDtype !== 'i8' && outDtype !== 'u8') return undefined;
  const unsigned = outDtype === 'u8' ? { unsigned: true } : {};
  const common = { outputOffset: p.outputOffset, actMin: p.actMin, actMax: p.actMax, ...unsigned };
  if (p.requant === 'float') {
    return { records: buildFloatRecords(biases, p.scales, channels), rq: { float: true, emax: 0, hasLeft: false, ...common } };
  }
  if (p.requant !== 'fixed') return undefined;
  const perChannel = (xs: number[]): number[] => (xs.length === 1 ? new Array<number>(channels).fill(xs[0]!) : xs);
  const built = buildRecords(biases, perChannel(p.multipliers), perChannel(p.shifts), channels, bounds);
  return built && { records: built.records, rq: { emax: built.emax, hasLeft: built.hasLeft, ...(built.short ? { short: built.short } : {}), ...common } };
}

/** Requantizes `acc` with the record at `record + offset` in the config's mode (zero point not yet added). */
export function requantLanes(f: FunctionBuilder, c: SimdRequantConfig, acc: Expr, record: Local, offset: number): Expr {
  if (!c.float) return simdRequant(f, c, acc, record, offset);
  const m = f.m;
  const field = (at: number): Expr => m.v128.load(offset + at, 16, record.get());
  const scaled = m.f32x4.mul(m.f32x4.convert_i32x4_s(m.i32x4.add(acc, field(0))), field(16));
  return m.i32x4.trunc_sat_f32x4_s(m.f32x4.nearest(scaled));
}

/** i32 lanes [a.i, a.j, b.k, b.l] from two vectors (lanes 0–3 of a, 4–7 of b). */
function shuffle32(f: FunctionBuilder, a: Expr, b: Expr, lanes: [number, number, number, number]): Expr {
  const mask = lanes.flatMap((l) => [l * 4, l * 4 + 1, l * 4 + 2, l * 4 + 3]);
  return f.m.i8x16.shuffle(a, b, mask);
}

/**
 * Requantizes `acc` (i32x4, bias not yet added) with the record at
 * `record + offset`; returns the int32 lanes before the zero point and clamp
 * (see `toInt8`).
 */
export function simdRequant(f: FunctionBuilder, c: SimdRequantConfig, acc: Expr, record: Local, offset: number): Expr {
  const m = f.m;
  const field = (at: number): Expr => m.v128.load(offset + at, 16, record.get());
  const x = f.local(f.t.v128);
  const splat64 = (v: bigint): Expr => m.i64x2.splat(m.i64.const(v));
  // Only the low 32 bits of each shifted 64-bit lane are kept, and shifts are ≤ 32, so a logical
  // shift (one instruction on x86) gives the same bits as an arithmetic one.
  const high = (lo: Expr, hi: Expr, shift: number): Expr =>
    shuffle32(f, m.i64x2.shr_u(lo, m.i32.const(shift)), m.i64x2.shr_u(hi, m.i32.const(shift)), [0, 2, 4, 6]);
  const stmts: Expr[] = [x.set(m.i32x4.add(acc, field(F_BIAS)))];
  if (c.hasLeft) stmts.push(x.set(m.i32x4.mul(x.get(), field(F_LEFT))));
  if (c.short) {
    // z = floor(x·m / 2^30); then floor((z + round − 2·[z < −1]) · 2^(emax−e) / 2^(emax+1)).
    stmts.push(
      x.set(high(m.i64x2.extmul_low_i32x4_s(x.get(), field(F_MULT)), m.i64x2.extmul_high_i32x4_s(x.get(), field(F_MULT)), 30)),
      x.set(m.i32x4.add(m.i32x4.add(x.get(), field(F_ROUND)), m.v128.and(m.i32x4.lt_s(x.get(), m.i32x4.splat(m.i32.const(-1))), field(F_NEGATIVE)))),
    );
    if (c.short.spread) stmts.push(x.set(m.i32x4.mul(x.get(), field(F_POW))));
    stmts.push(m.i32x4.shr_s(x.get(), m.i32.const(c.emax + 1)));
    return m.block(null, stmts, f.t.v128);
  }
  // (x·m + 2^30) >> 31 per lane
  stmts.push(x.set(high(
    m.i64x2.add(m.i64x2.extmul_low_i32x4_s(x.get(), field(F_MULT)), splat64(1n << 30n)),
    m.i64x2.add(m.i64x2.extmul_high_i32x4_s(x.get(), field(F_MULT)), splat64(1n << 30n)),
    31,
  )));
  if (c.emax > 0) {
    // floor(x / 2^e) + (remainder > half − (x < 0 ? 0 : 1) …) as roundingDivideByPOT
    const floor = high(m.i64x2.extmul_low_i32x4_s(x.get(), field(F_POW)), m.i64x2.extmul_high_i32x4_s(x.get(), field(F_POW)), c.emax);
    const remainder = m.v128.and(x.get(), field(F_MASK));
    const threshold = m.i32x4.sub(field(F_HALF), m.i32x4.shr_s(x.get(), m.i32.const(31)));
    stmts.push(x.set(m.i32x4.sub(floor, m.i32x4.gt_s(remainder, threshold))));
  }
  stmts.push(x.get());
  return m.block(null, stmts, f.t.v128);
}

/**
 * The int8 (or uint8) outputs of one or two requantized i32x4 (from
 * `requantLanes`, zero point not yet added), in the low 8 (or 4) lanes:
 * saturate to int16, add the zero point with int16 saturation, saturate to
 * int8 (uint8), then clamp to the activation range. Each saturation only
 * ever moves a value that is already past the final range toward it, so
 * this is exactly clamp(r + zero point, actMin, actMax) for every int32 r.
 */
export function toBytes(f: FunctionBuilder, c: SimdRequantConfig, a: Expr, b?: Expr): Expr {
  const m = f.m;
  const v = f.local(f.t.v128);
  const [lo, hi] = c.unsigned ? [0, 255] : [-128, 127];
  const stmts: Expr[] = [v.set(m.i16x8.narrow_i32x4_s(a, b ?? m.copyExpression(a)))];
  if (c.outputOffset !== 0) stmts.push(v.set(m.i16x8.add_saturate_s(v.get(), m.i16x8.splat(m.i32.const(c.outputOffset)))));
  stmts.push(v.set(c.unsigned ? m.i8x16.narrow_i16x8_u(v.get(), v.get()) : m.i8x16.narrow_i16x8_s(v.get(), v.get())));
  if (c.actMin > lo) stmts.push(v.set(c.unsigned ? m.i8x16.max_u(v.get(), m.i8x16.splat(m.i32.const(c.actMin))) : m.i8x16.max_s(v.get(), m.i8x16.splat(m.i32.const(c.actMin)))));
  if (c.actMax < hi) stmts.push(v.set(c.unsigned ? m.i8x16.min_u(v.get(), m.i8x16.splat(m.i32.const(c.actMax))) : m.i8x16.min_s(v.get(), m.i8x16.splat(m.i32.const(c.actMax)))));
  stmts.push(v.get());
  return m.block(null, stmts, f.t.v128);
}
