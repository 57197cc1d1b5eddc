/**
 * The float-rounding form of TFLite's fixed-point requantization, for the
 * int8 SIMD kernels whose weights are held as int16: four instructions per
 * four lanes where the high-word form takes nine or more (its two 64-bit
 * products need two unpacks each on x86). For x = accumulator + bias the
 * kernel holds X = 2^8·x + C (the 2^8 folded into its int16 weights, the
 * bias record holding 2^8·bias + C), and a lane computes
 *   g(x) = bits(f32(f32(f32(X) · s) + (1.5·2^23 + zero point + N))) − bits(1.5·2^23)
 * (`f32x4.convert_i32x4_s`, `f32x4.mul`, `f32x4.add`, `i32x4.sub`): adding
 * 1.5·2^23 rounds the product to an integer (nearest, ties to even) and
 * leaves it, plus the constant, in the low mantissa bits, exactly while it
 * stays below 2^22 in magnitude. Float32 arithmetic is fully specified in
 * wasm (SIMD128 has no fused multiply-add), so every engine gives the same
 * bits.
 *
 * Why the intercept: TFLite rounds twice, x·m/2^31 to an integer and then
 * that divided by 2^e, each half away from zero, so on the positive side a
 * level's threshold sits 2^30/m units of x below where one rounding would
 * put it. C carries that shift in 1/2^8 units of x. N (the middle of the
 * output range less the zero point, with −N/s folded into C) centres the
 * product on the levels that matter, halving its rounding error.
 *
 * The form rounds in float32, not as TFLite does, so it is used only where
 * it is verified to give the same bytes for every accumulator a channel can
 * reach, with the argument of the fitted lanes (simd-requant-fit.ts): the
 * reference F(x) = clamp(MBQM(x) + zero point) is nondecreasing, and so is
 * g (each float step is monotone for s ≥ 0, and the integer extraction is
 * exact inside the range, checked at the range's ends); so g equals F on
 * all of [lo, hi] when it equals F at lo, hi and at every change point p of
 * F and p − 1. Near a rounding tie the float error can put a level one x
 * early or late, so s is moved by a few units in the last place and C by a
 * few units until every check point holds. TFLite rounds ties away from
 * zero on both sides, which one intercept cannot follow, so in practice
 * only layers whose negative results clamp (ReLU, ReLU6) take the form;
 * a channel nothing verifies keeps the whole op in another form.
 */
import type { AccumulatorRange, FitTarget, LaneReference } from './simd-requant-fit.js';

/** 1.5·2^23: adding it to a float32 below 2^22 in magnitude rounds it to an integer held in the low mantissa bits. */
export const ROUNDING_BIAS = 12582912;
/** The bit pattern of ROUNDING_BIAS as a float32, subtracted from the sum's bits. */
export const ROUNDING_BITS = 0x4b400000;
/** The accumulator's fixed-point fraction bits: 2^8 times any int8 weight is still int16. */
export const FRACTION_BITS = 8;
/** Units in the last place of the scale tried on each side of the nominal one. */
const SCALE_REACH = 16;
/** Intercept units tried on each side of the nominal one. */
const INTERCEPT_REACH = 3;
/** Largest |rounded product + constant| the extraction holds exactly. */
const EXTRACT_LIMIT = 2 ** 22 - 1;
const INT32_MAX = 2 ** 31 - 1;

const f32 = Math.fround;

/** One channel of the form: X = 2^8·x + intercept, times `scale`. */
export interface FloatLane {
  scale: number;
  intercept: number;
}

/** The centring N of an op's lanes: the middle of the activation range, less the zero point. */
export const centring = (t: FitTarget): number => Math.round((t.actMin + t.actMax) / 2) - t.outputOffset;

/** The float32 constant the kernel adds: 1.5·2^23 plus the zero point and the centring. */
export const roundingAddend = (t: FitTarget): number => ROUNDING_BIAS + t.outputOffset + centring(t);

/** The kernel's int32 X for x: 2^8·x + intercept, wrapping as int32 arithmetic does. */
export const laneInput = (lane: FloatLane, x: number): number => (x * 2 ** FRACTION_BITS + lane.intercept) | 0;

/** A lane's value as the wasm computes it, before the clamp. */
export function floatLaneValue(lane: FloatLane, t: FitTarget, x: number): number {
  return f32(f32(f32(laneInput(lane, x)) * lane.scale) + roundingAddend(t)) - ROUNDING_BIAS;
}

/** The float32 `steps` units in the last place away from x > 0 (negative steps toward zero). */
function ulpStep(x: number, steps: number): number {
  const bits = new Float32Array([x]);
  new Int32Array(bits.buffer)[0]! += steps;
  return bits[0]!;
}

/** True when the lane equals F on all of [lo, hi] (see the header). */
export function verifyFloatLane(lane: FloatLane, range: AccumulatorRange, t: FitTarget, ref: LaneReference): boolean {
  const { lo, hi } = range;
  if (!(lane.scale >= 0) || !Number.isInteger(lane.intercept)) return false;
  // X may wrap as a whole (a constant lane's bias), not inside the range: then it rises with x.
  if (laneInput(lane, hi) - laneInput(lane, lo) !== (hi - lo) * 2 ** FRACTION_BITS) return false;
  if ([lo, hi].some((x) => Math.abs(floatLaneValue(lane, t, x)) > EXTRACT_LIMIT)) return false;
  const clamp = (v: number): number => Math.min(t.actMax, Math.max(t.actMin, v));
  return [lo, hi, ...ref.points.flatMap((p) => [p - 1, p])].every((x) => clamp(floatLaneValue(lane, t, x)) === ref.F(x));
}

/**
 * A verified lane for channel (m, shift) over `range`, or undefined.
 */
export function floatLane(m: number, shift: number, range: AccumulatorRange, t: FitTarget, ref: LaneReference): FloatLane | undefined {
  const constant = ref.points.length === 0 ? constantLane(range, t, ref) : undefined;
  if (constant || m === 0) return constant;
  const exact = (m * 2 ** shift) / 2 ** 31;
  const e = shift > 0 ? 0 : -shift;
  // The double rounding's shift (none when there is no second rounding), less the centring, in 1/2^8 units of x.
  const intercept = Math.round(2 ** FRACTION_BITS * ((e > 0 ? 2 ** 30 / m : 0) - centring(t) / exact));
  const scale = f32(exact / 2 ** FRACTION_BITS);
  for (let c = 0; c <= 2 * INTERCEPT_REACH; c++) {
    for (let u = 0; u <= 2 * SCALE_REACH; u++) {
      const lane = { scale: ulpStep(scale, alternate(u)), intercept: intercept + alternate(c) };
      if (verifyFloatLane(lane, range, t, ref)) return lane;
    }
  }
  return undefined;
}

/**
 * A lane whose reference is one value v over its range (a dead or pruned
 * channel, or a scale too small to change the output): X centred on
 * T·2^k, T = v − zero point − centring, times 2^−k with 2^k above X's
 * spread, stays within half a unit of T. The intercept wraps when the bias
 * is large (X wraps alike in the kernel).
 */
function constantLane(range: AccumulatorRange, t: FitTarget, ref: LaneReference): FloatLane | undefined {
  const { lo, hi } = range;
  const target = ref.F(lo) - t.outputOffset - centring(t);
  const spread = (hi - lo) * 2 ** FRACTION_BITS;
  const k = Math.ceil(Math.log2(spread + 1));
  if (Math.abs(target) * 2 ** k + spread > INT32_MAX) return undefined;
  const middle = lo + Math.floor((hi - lo) / 2);
  const lane = { scale: 2 ** -k, intercept: (target * 2 ** k - middle * 2 ** FRACTION_BITS) | 0 };
  return verifyFloatLane(lane, range, t, ref) ? lane : undefined;
}

/** 0, 1, −1, 2, −2, …: the i-th step of a search outward from the nominal value. */
const alternate = (i: number): number => (i % 2 === 1 ? 1 : -1) * Math.ceil(i / 2);
