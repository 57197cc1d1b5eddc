/**
 * AVERAGE_POOL_2D and MAX_POOL_2D on int8/uint8 for the SIMD build, eight
 * channels per step over the same clipped windows as the scalar kernel
 * (pool-window.ts).
 *
 * Average: the eight channels are widened to int16 and summed in int16 when
 * no window can overflow it (taps × largest |value| ≤ 32767), else in two
 * int32x4; the sums then take TFLite's rounding division by the window's
 * pixel count four lanes at a time in float32, exact for sums below 2^24
 * (`divideLanes`; lane by lane in integers beyond), the activation clamp
 * (`toBytes`), and one 8-byte store (person_detect's 3×3×256 pool:
 * 0.8 → 0.4 µs). Max: eight bytes reduced with `i8x16.max_s/u`, clamped
 * with a vector min/max and stored in one 8-byte store.
 *
 * Float32: four channels per step in the reference's arithmetic, lane by
 * lane: max is `pmax(acc, v)` = `acc < v ? v : acc` from −∞ (the
 * reference's `v > acc ? v : acc`, NaN included), the average adds in tap
 * order from +0 and divides by the count, and the clamp is pmax/pmin, which
 * are exactly `v < lo ? lo : v` and `hi < v ? hi : v`.
 */
import type { Pool2dPrepared } from '../../ops/pool2d.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { clampAdd } from '../runtime/fixed-point.js';
import { roundingDivide, walkPoolWindows } from './pool-window.js';
import { ROUNDING_BIAS, ROUNDING_BITS } from './simd-requant-float.js';
import { toBytes } from './simd-requant.js';

const GROUP = 8;
const FLOAT_GROUP = 4;

/** True when the SIMD kernel handles `p`: int8 or uint8 with channels a multiple of eight, or float32 with a multiple of four. */
export const poolSimdFits = (p: Pool2dPrepared): boolean =>
  ((p.dtype === 'i8' || p.dtype === 'u8') && p.channels % GROUP === 0) || (p.dtype === 'f32' && p.channels % FLOAT_GROUP === 0);

export function emitPoolSimd(f: FunctionBuilder, p: Pool2dPrepared): Expr {
  const [pIn, pOut] = f.params(2);
  if (p.dtype === 'f32') return emitFloat(f, p, pIn, pOut);
  const unsigned = p.dtype === 'u8';
  return p.reduce === 'max' ? emitMax(f, p, unsigned, pIn, pOut) : emitAverage(f, p, unsigned, pIn, pOut);
}

function emitMax(f: FunctionBuilder, p: Pool2dPrepared, unsigned: boolean, pIn: Local, pOut: Local): Expr {
  const m = f.m;
  const acc = f.local(f.t.v128);
  const max = (a: Expr, b: Expr): Expr => (unsigned ? m.i8x16.max_u(a, b) : m.i8x16.max_s(a, b));
  const min = (a: Expr, b: Expr): Expr => (unsigned ? m.i8x16.min_u(a, b) : m.i8x16.min_s(a, b));
  return walkPoolWindows(f, p, pIn, pOut, 1, GROUP, ({ outPtr, taps }) => [
    acc.set(f.splatInvariant('i8x16', unsigned ? 0 : -128)),
    taps((address) => [acc.set(max(acc.get(), m.v128.load64_zero(0, 1, address)))]),
    m.v128.store64_lane(0, 1, 0, outPtr.get(), min(max(acc.get(), f.splatInvariant('i8x16', p.actMin)), f.splatInvariant('i8x16', p.actMax))),
  ]);
}

function emitAverage(f: FunctionBuilder, p: Pool2dPrepared, unsigned: boolean, pIn: Local, pOut: Local): Expr {
  const m = f.m;
  const largest = unsigned ? 255 : 128;
  const narrow = p.kH * p.kW * largest <= 32767;
  const [sum16, lo, hi] = f.locals(3, f.t.v128);
  const half = f.local(f.t.i32);
  const load = (address: Expr): Expr => (unsigned ? m.v128.load8x8_u(0, 1, address) : m.v128.load8x8_s(0, 1, address));
  const accumulate = (address: Expr): Expr[] => {
    if (narrow) return [sum16.set(m.i16x8.add(sum16.get(), load(address)))];
    return [
      sum16.set(load(address)),
      lo.set(m.i32x4.add(lo.get(), m.i32x4.extend_low_i16x8_s(sum16.get()))),
      hi.set(m.i32x4.add(hi.get(), m.i32x4.extend_high_i16x8_s(sum16.get()))),
    ];
  };
  // Sums of uint8 in int16 stay below 32768, so a signed lane read is right for both types.
  const lane = (k: number): Expr => (narrow ? m.i16x8.extract_lane_s(sum16.get(), k) : m.i32x4.extract_lane(k < 4 ? lo.get() : hi.get(), k % 4));
  const vectorDivide = p.kH * p.kW * largest + p.kH * p.kW < FLOAT_EXACT;
  const [countF, halfF] = vectorDivide ? f.locals(2, f.t.v128) : [];
  return walkPoolWindows(f, p, pIn, pOut, 1, GROUP, ({ count, outPtr, taps }) => [
    ...(narrow ? [sum16.set(f.zeroV128())] : [lo.set(f.zeroV128()), hi.set(f.zeroV128())]),
    taps(accumulate),
    half.set(m.i32.div_s(count.get(), f.i32(2))),
    ...(vectorDivide
      ? [
        countF!.set(m.f32x4.splat(m.f32.convert_s.i32(count.get()))),
        halfF!.set(m.f32x4.splat(m.f32.convert_s.i32(half.get()))),
        // The quotients are the outputs (input and output share their quantization): narrowed and clamped.
        m.v128.store64_lane(0, 1, 0, outPtr.get(), toBytes(f, { unsigned, outputOffset: 0, actMin: p.actMin, actMax: p.actMax },
          divideLanes(f, narrow ? m.i32x4.extend_low_i16x8_s(sum16.get()) : lo.get(), halfF!, countF!),
          divideLanes(f, narrow ? m.i32x4.extend_high_i16x8_s(sum16.get()) : hi.get(), halfF!, countF!))),
      ]
      : Array.from({ length: GROUP }, (_, k) => m.i32.store8(k, 1, outPtr.get(), clampAdd(f.module, roundingDivide(f, lane(k), half, count), 0, p.actMin, p.actMax)))),
  ]);
}

/** Integers below this in magnitude are exact in float32, and so are their correctly rounded quotients' integer parts (see `divideLanes`). */
const FLOAT_EXACT = 2 ** 24;

/**
 * TFLite's rounding division of four int32 sums by the window's pixel
 * count c, (s > 0 ? s + h : s − h) / c truncated (h = ⌊c/2⌋), in float32:
 * a = s ± h is an integer below 2^24 in magnitude, so exact, and a/c
 * rounded to float32 truncates to the same integer as a/c: when a/c is
 * not whole it lies at least 1/c from the next integer toward which
 * rounding could carry it, and the rounding moves it by at most
 * |a/c|·2^−24 < 1/c. The sign of s picks ±h (a sum of zero takes +h,
 * which truncates to zero as −h does, h < c). The quotient, below 2^22,
 * comes out of the float's low mantissa bits after adding 1.5·2^23.
 */
function divideLanes(f: FunctionBuilder, sums: Expr, half: Local, count: Local): Expr {
  const m = f.m;
  const s = f.local(f.t.v128);
  const signBit = f.splatInvariant('i32x4', 0x80000000);
  const signedHalf = m.v128.or(half.get(), m.v128.and(s.get(), signBit));
  const quotient = m.f32x4.trunc(m.f32x4.div(m.f32x4.add(m.f32x4.convert_i32x4_s(s.get()), signedHalf), count.get()));
  return m.block(null, [
    s.set(sums),
    m.i32x4.sub(m.f32x4.add(quotient, f.splatInvariant('f32x4', ROUNDING_BIAS)), f.splatInvariant('i32x4', ROUNDING_BITS)),
  ], f.t.v128);
}

function emitFloat(f: FunctionBuilder, p: Pool2dPrepared, pIn: Local, pOut: Local): Expr {
  const m = f.m;
  const acc = f.local(f.t.v128);
  const isMax = p.reduce === 'max';
  return walkPoolWindows(f, p, pIn, pOut, 4, FLOAT_GROUP, ({ count, outPtr, taps }) => {
    let v = isMax ? acc.get() : m.f32x4.div(acc.get(), m.f32x4.convert_i32x4_s(m.i32x4.splat(count.get())));
    if (p.actMin !== -Infinity) v = m.f32x4.pmax(v, f.splatInvariant('f32x4', p.actMin));
    if (p.actMax !== Infinity) v = m.f32x4.pmin(v, f.splatInvariant('f32x4', p.actMax));
    return [
      acc.set(f.splatInvariant('f32x4', isMax ? -Infinity : 0)),
      taps((address) => [acc.set(isMax ? m.f32x4.pmax(acc.get(), m.v128.load(0, 4, address)) : m.f32x4.add(acc.get(), m.v128.load(0, 4, address)))]),
      m.v128.store(0, 4, outPtr.get(), v),
    ];
  });
}
