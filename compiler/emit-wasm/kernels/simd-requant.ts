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
 * - `toInt8` adds the zero point and clamps while narrowing, with saturating
 *   steps, so nothing wraps.
 * Ops whose right shifts spread over more than 30 bits keep the scalar path.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';

export const RECORD_BYTES = 96;
const F_BIAS = 0;
const F_MULT = 16;
const F_LEFT = 32;
const F_POW = 48;
const F_MASK = 64;
const F_HALF = 80;

export interface SimdRequantConfig {
  /** Largest right shift over the op's channels. */
  emax: number;
  /** Some channel shifts left (shift > 0). */
  hasLeft: boolean;
  outputOffset: number;
  actMin: number;
  actMax: number;
}

/**
 * Builds the per-group records for `channels` channels (padded to a multiple
 * of four with zero multipliers), or undefined when the shifts do not fit.
 */
export function buildRecords(biases: ReadonlyArray<number>, multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>, channels: number):
  { records: Uint8Array; emax: number; hasLeft: boolean } | undefined {
  // A zero multiplier makes the lane 0 whatever its shift, so such lanes do not widen the range.
  const live = shifts.filter((_, c) => multipliers[c] !== 0);
  const right = live.map((s) => (s > 0 ? 0 : -s));
  const emax = Math.max(0, ...right);
  const emin = Math.min(emax, ...right);
  if (emax - emin > 30 || emax > 31 || multipliers.some((m) => m < 0)) return undefined;
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
    records[base + F_MASK / 4] = e === 0 ? 0 : e >= 31 ? 0x7fffffff : (1 << e) - 1;
    records[base + F_HALF / 4] = (e === 0 ? 0 : e >= 31 ? 0x7fffffff : (1 << e) - 1) >> 1;
  }
  return { records: new Uint8Array(records.buffer), emax, hasLeft: shifts.some((s, c) => s > 0 && multipliers[c] !== 0) };
}

/** i32 lanes [a.i, a.j, b.k, b.l] from two vectors (lanes 0–3 of a, 4–7 of b). */
export function shuffle32(f: FunctionBuilder, a: Expr, b: Expr, lanes: [number, number, number, number]): Expr {
  const mask = lanes.flatMap((l) => [l * 4, l * 4 + 1, l * 4 + 2, l * 4 + 3]);
  return f.m.i8x16.shuffle(a, b, mask);
}

/** [Σa, Σb, Σc, Σd]: the horizontal sums of four i32x4 accumulators. */
export function horizontalSum4(f: FunctionBuilder, a: Expr, b: Expr, c: Expr, d: Expr): Expr {
  const m = f.m;
  const s1 = f.local(f.t.v128);
  const s2 = f.local(f.t.v128);
  const ab = (): Expr => m.i32x4.add(shuffle32(f, a, b, [0, 4, 1, 5]), shuffle32(f, m.copyExpression(a), m.copyExpression(b), [2, 6, 3, 7]));
  const cd = (): Expr => m.i32x4.add(shuffle32(f, c, d, [0, 4, 1, 5]), shuffle32(f, m.copyExpression(c), m.copyExpression(d), [2, 6, 3, 7]));
  return m.block(null, [
    s1.set(ab()),
    s2.set(cd()),
    m.i32x4.add(shuffle32(f, s1.get(), s2.get(), [0, 1, 4, 5]), shuffle32(f, s1.get(), s2.get(), [2, 3, 6, 7])),
  ], f.t.v128);
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
 * The int8 outputs of one or two requantized i32x4 (from `simdRequant`, zero
 * point not yet added), in the low 8 (or 4) lanes: saturate to int16, add
 * the zero point with int16 saturation, saturate to int8, then clamp to the
 * activation range in int8. Each saturation only ever moves a value that is
 * already past the final range toward it, so this is exactly
 * clamp(r + zero point, actMin, actMax) for every int32 r.
 */
export function toInt8(f: FunctionBuilder, c: SimdRequantConfig, a: Expr, b?: Expr): Expr {
  const m = f.m;
  const v = f.local(f.t.v128);
  const stmts: Expr[] = [v.set(m.i16x8.narrow_i32x4_s(a, b ?? m.copyExpression(a)))];
  if (c.outputOffset !== 0) stmts.push(v.set(m.i16x8.add_saturate_s(v.get(), m.i16x8.splat(m.i32.const(c.outputOffset)))));
  stmts.push(v.set(m.i8x16.narrow_i16x8_s(v.get(), v.get())));
  if (c.actMin > -128) stmts.push(v.set(m.i8x16.max_s(v.get(), m.i8x16.splat(m.i32.const(c.actMin)))));
  if (c.actMax < 127) stmts.push(v.set(m.i8x16.min_s(v.get(), m.i8x16.splat(m.i32.const(c.actMax)))));
  stmts.push(v.get());
  return m.block(null, stmts, f.t.v128);
}
