/**
 * Requantization of four int32 accumulators at once (SIMD128), bit-exact
 * with the scalar `requantize` (compiler/ops/conv2d.ts), for the int8 SIMD
 * kernels. Each group of four output channels has a record built at
 * compile time (simd-requant-records.ts chooses the form and builds them).
 * Where it is verified exact, the float-rounding form (simd-requant-float.ts)
 * takes four instructions: convert, multiply, add of 1.5·2^23 plus the
 * zero point and the lane's centre, integer subtract. Otherwise the integer
 * forms below, with 96-byte records; the general form's: folded bias, multiplier, the lane's left-shift factor,
 * the right-shift factor 2^(emax − e), the rounding mask 2^e − 1 and half.
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
 * The high-word form (accumulators bounded, every live multiplier above
 * 2^30) goes further. Nested floors being one floor, for any s ≥ 0
 *   result = floor((z_s + (ROUND + NEG·[z < −1])·2^s) / 2^(e+1+s)),
 *   z_s = floor(x·m·2^s / 2^30),
 * and with s = emax − e every lane divides by the same 2^(emax+1), so no
 * per-lane multiply is left after the product. z_s is the high 32 bits of
 * the 64-bit product (x·2^(left+2+s))·m: the factor (the record's scale, a
 * shift when lanes share it, or folded by the kernel into its int16 weights
 * and bias) is applied before the multiply, so one shuffle of the odd
 * 32-bit halves replaces the 64-bit shifts. With m > 2^30, z < −1 exactly
 * when x < 0 (x ≤ −1 gives x·m < −2^30; x ≥ 0 gives z ≥ 0), so the sign term
 * takes the mask x >> 31 and needs no compare. The zero point is added as
 * zero point·2^(emax+1) inside the same floor, so `toBytes` only narrows.
 * When the activation minimum is at or above the zero point (ReLU, ReLU6)
 * the sign term goes: every negative x then ends at the minimum with or
 * without it (`negativesClamp`). Fitted lanes (simd-requant-fit.ts) keep
 * theirs: it steps at x − offset, not at 0.
 *
 * ONNX's float requantization (`requantizeFloat`) has 32-byte records —
 * folded bias, float32 scale — and is exact in four lanes as it is in one:
 * float32(acc) · scale, round half to even (`f32x4.nearest`), saturating
 * conversion, then the same narrowing.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import {
  F_ADDEND, F_BIAS, F_FLOAT_SCALE, F_HALF, F_HIGH_NEGATIVE, F_HIGH_ROUND, F_INTERCEPT, F_LEFT, F_MASK, F_MULT, F_NEGATIVE, F_POW, F_ROUND, F_SCALE, FLOAT_RECORD_BYTES,
  FOLDED_RECORD_BYTES, RECORD_BYTES, SHIFTED_RECORD_BYTES,
  type HighScale, type SimdRequantConfig,
} from './simd-requant-records.js';
import { ROUNDING_BITS } from './simd-requant-float.js';

export type { SimdRequantConfig } from './simd-requant-records.js';

/** Bytes of one group-of-four record. */
export function recordBytes(c: SimdRequantConfig): number {
  if (c.floatRounding) return c.floatRounding.folded ? FOLDED_RECORD_BYTES : SHIFTED_RECORD_BYTES;
  return c.float ? FLOAT_RECORD_BYTES : RECORD_BYTES;
}

/** A record's field at a byte offset: a load, or a value the kernel already holds (shared by several accumulators). */
export type FieldSource = (at: number) => Expr;

/** The fields of the record at `record + offset`, each loaded where it is used. */
export function loadedFields(f: FunctionBuilder, record: Local, offset: number): FieldSource {
  return (at) => f.m.v128.load(offset + at, 16, record.get());
}

/**
 * Requantizes `acc` with the record at `record + offset` in the config's
 * mode; the zero point is not yet added, except in the high-word form.
 * `biasAdded`: the kernel started its accumulators at the record's bias.
 */
export function requantLanes(f: FunctionBuilder, c: SimdRequantConfig, acc: Expr, record: Local, offset: number, biasAdded = false): Expr {
  return requantWith(f, c, acc, loadedFields(f, record, offset), biasAdded);
}

/** `requantLanes` reading the record's fields from `field`. */
export function requantWith(f: FunctionBuilder, c: SimdRequantConfig, acc: Expr, field: FieldSource, biasAdded = false): Expr {
  const m = f.m;
  if (c.floatRounding) {
    // round(f32(X)·s) + zero point + centre in the low mantissa bits of a float past 2^23 (simd-requant-float.ts).
    const x = biasAdded ? acc : m.i32x4.add(acc, field(F_BIAS));
    const X = c.floatRounding.folded ? x : m.i32x4.add(m.i32x4.shl(x, f.i32(c.floatRounding.shift)), field(F_INTERCEPT));
    const sum = f.mulAdd(m.f32x4.convert_i32x4_s(X), field(F_FLOAT_SCALE), field(F_ADDEND), c.floatRounding.fused === true);
    return m.i32x4.sub(sum, f.splatInvariant('i32x4', ROUNDING_BITS));
  }
  if (!c.float) return simdRequant(f, c, acc, field, biasAdded);
  const scaled = m.f32x4.mul(m.f32x4.convert_i32x4_s(biasAdded ? acc : m.i32x4.add(acc, field(0))), field(16));
  return m.i32x4.trunc_sat_f32x4_s(m.f32x4.nearest(scaled));
}

/** i32 lanes [a.i, a.j, b.k, b.l] from two vectors (lanes 0–3 of a, 4–7 of b). */
function shuffle32(f: FunctionBuilder, a: Expr, b: Expr, lanes: [number, number, number, number]): Expr {
  const mask = lanes.flatMap((l) => [l * 4, l * 4 + 1, l * 4 + 2, l * 4 + 3]);
  return f.m.i8x16.shuffle(a, b, mask);
}

/**
 * Requantizes `acc` (i32x4; bias not yet added unless `biasAdded`) with the
 * record's fields from `field`; returns the int32 lanes before the clamp
 * (see `toBytes`), and before the zero point except in the high-word form.
 */
export function simdRequant(f: FunctionBuilder, c: SimdRequantConfig, acc: Expr, field: FieldSource, biasAdded = false): Expr {
  const m = f.m;
  if (c.high) return highWord(f, c.high.scale, signTermNeeded(c), c.emax, biasAdded ? acc : m.i32x4.add(acc, field(F_BIAS)), field);
  const x = f.local(f.t.v128);
  const splat64 = (v: bigint): Expr => m.i64x2.splat(m.i64.const(v));
  // Only the low 32 bits of each shifted 64-bit lane are kept, and shifts are ≤ 32, so a logical
  // shift (one instruction on x86) gives the same bits as an arithmetic one.
  const high = (lo: Expr, hi: Expr, shift: number): Expr =>
    shuffle32(f, m.i64x2.shr_u(lo, m.i32.const(shift)), m.i64x2.shr_u(hi, m.i32.const(shift)), [0, 2, 4, 6]);
  const stmts: Expr[] = [x.set(biasAdded ? acc : m.i32x4.add(acc, field(F_BIAS)))];
  if (c.hasLeft) stmts.push(x.set(m.i32x4.mul(x.get(), field(F_LEFT))));
  if (c.short) {
    // z = floor(x·m / 2^30); then floor((z + round − 2·[z < −1]) · 2^(emax−e) / 2^(emax+1)).
    stmts.push(
      x.set(high(m.i64x2.extmul_low_i32x4_s(x.get(), field(F_MULT)), m.i64x2.extmul_high_i32x4_s(x.get(), field(F_MULT)), 30)),
      x.set(m.i32x4.add(m.i32x4.add(x.get(), field(F_ROUND)), m.v128.and(m.i32x4.lt_s(x.get(), f.splatInvariant('i32x4', -1)), field(F_NEGATIVE)))),
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
 * True when every negative accumulator ends at the activation minimum, so
 * the high-word form may leave out its sign term: the activation minimum is
 * at or above the zero point (ReLU, ReLU6). With m > 2^30 and x ≤ −1,
 * x·m/2^30 < −1, so both TFLite's result and the form's without the sign
 * term, floor((x·m/2^30 + ROUND)/2^(e+1)) with ROUND ≤ 1 + 2^e, are ≤ 0:
 * plus the zero point each is at or below actMin, which the clamp of
 * `toBytes` then gives. Non-negative x has no sign term anyway; dead lanes
 * give 0 either way. Only the int32 lanes of negative x differ, never the
 * bytes.
 */
export function negativesClamp(c: SimdRequantConfig): boolean {
  return c.high !== undefined && c.actMin >= c.outputOffset;
}

/**
 * Whether the high-word code applies the sign term: always when a fitted
 * lane has one (its sign step sits on x − offset and may be the lane's only
 * step, so the clamp argument above does not cover it); otherwise when some
 * exact lane's term is not zero (emax > 0) and negatives do not clamp.
 */
function signTermNeeded(c: SimdRequantConfig): boolean {
  return c.high?.fittedSigns === true || (c.emax > 0 && !negativesClamp(c));
}

/** The left shift the code applies to the accumulator for a shared or partly folded scale. */
const shiftOf = (scale: HighScale): number => (scale.kind === 'shift' ? scale.bits : scale.kind === 'folded' ? scale.shift ?? 0 : 0);

/**
 * The high-word form on x = accumulator + bias (see the header):
 * x' = x·scale (or x·2^shift after a partly folded scale), z = high halves of x'·m, then
 * (z + rounding + (x' >> 31 & sign term)) >> (emax + 1), zero point included;
 * without the sign term (`signTerm` false) when emax is 0 or negative
 * accumulators clamp anyway (`negativesClamp`).
 */
function highWord(f: FunctionBuilder, scale: HighScale, signTerm: boolean, emax: number, x: Expr, field: FieldSource): Expr {
  const m = f.m;
  const [scaled, mult] = [f.local(f.t.v128), f.local(f.t.v128)];
  const stmts: Expr[] = [
    scaled.set(scale.kind === 'multiply' ? m.i32x4.mul(x, field(F_SCALE)) : shiftOf(scale) > 0 ? m.i32x4.shl(x, f.i32(shiftOf(scale))) : x),
    mult.set(field(F_MULT)),
  ];
  const z = shuffle32(f, m.i64x2.extmul_low_i32x4_s(scaled.get(), mult.get()), m.i64x2.extmul_high_i32x4_s(scaled.get(), mult.get()), [1, 3, 5, 7]);
  let y = m.i32x4.add(z, field(F_HIGH_ROUND));
  // Left out where it is zero in every lane or clamps away (signTermNeeded).
  if (signTerm) y = m.i32x4.add(y, m.v128.and(m.i32x4.shr_s(scaled.get(), f.i32(31)), field(F_HIGH_NEGATIVE)));
  stmts.push(m.i32x4.shr_s(y, f.i32(emax + 1)));
  return m.block(null, stmts, f.t.v128);
}

/** What `toBytes` reads of an output stage: the type, zero point, activation range, and whether the lanes already hold the zero point. */
export type ByteStage = Pick<SimdRequantConfig, 'unsigned' | 'outputOffset' | 'actMin' | 'actMax' | 'high' | 'floatRounding'>;

/**
 * The int8 (or uint8) outputs of one to four requantized i32x4 (from
 * `requantLanes`), in the low 4·count lanes: saturate to int16, add the
 * zero point with int16 saturation (the high-word form has it already),
 * saturate to int8 (uint8), then clamp to the activation range. Each
 * saturation only ever moves a value that is already past the final range
 * toward it, so this is exactly clamp(r + zero point, actMin, actMax) for
 * every int32 r. Four vectors share the last narrowing and the clamps.
 */
export function toBytes(f: FunctionBuilder, c: ByteStage, ...lanes: Expr[]): Expr {
  const m = f.m;
  if (lanes.length < 1 || lanes.length > 4) throw new Error(`toBytes takes 1 to 4 vectors, not ${lanes.length}`);
  const [lo, hi] = c.unsigned ? [0, 255] : [-128, 127];
  const words = (a: Expr, b: Expr | undefined): Expr => {
    const v = m.i16x8.narrow_i32x4_s(a, b ?? m.copyExpression(a));
    return c.outputOffset !== 0 && !c.high && !c.floatRounding ? m.i16x8.add_saturate_s(v, f.splatInvariant('i16x8', c.outputOffset)) : v;
  };
  const stmts: Expr[] = [];
  const low = f.local(f.t.v128);
  stmts.push(low.set(words(lanes[0]!, lanes[1])));
  const high = lanes.length > 2 ? words(lanes[2]!, lanes[3]) : low.get();
  const v = f.local(f.t.v128);
  stmts.push(v.set(c.unsigned ? m.i8x16.narrow_i16x8_u(low.get(), high) : m.i8x16.narrow_i16x8_s(low.get(), high)));
  if (c.actMin > lo) stmts.push(v.set(c.unsigned ? m.i8x16.max_u(v.get(), f.splatInvariant('i8x16', c.actMin)) : m.i8x16.max_s(v.get(), f.splatInvariant('i8x16', c.actMin))));
  if (c.actMax < hi) stmts.push(v.set(c.unsigned ? m.i8x16.min_u(v.get(), f.splatInvariant('i8x16', c.actMax)) : m.i8x16.min_s(v.get(), f.splatInvariant('i8x16', c.actMax))));
  stmts.push(v.get());
  return m.block(null, stmts, f.t.v128);
}

/**
 * A field source that loads each field of the record at `record + offset`
 * once, into a local set by a statement appended to `into` at first use:
 * the accumulators of several pixels (or rows) requantized with the same
 * record then share its loads.
 */
export function heldFields(f: FunctionBuilder, record: Local, offset: number, into: Expr[]): FieldSource {
  const held = new Map<number, Local>();
  return (at) => {
    let l = held.get(at);
    if (!l) {
      l = f.local(f.t.v128);
      into.push(l.set(f.m.v128.load(offset + at, 16, record.get())));
      held.set(at, l);
    }
    return l.get();
  };
}
