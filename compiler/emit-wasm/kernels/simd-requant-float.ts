/**
 * The float-rounding form of TFLite's fixed-point requantization, for the
 * int8 SIMD kernels: four instructions per four lanes where the high-word
 * form takes nine or more (its two 64-bit products need two unpacks each
 * on x86). For x = accumulator + bias the kernel holds the int32
 * X = 2^t·x + C (2^t folded into its int16 weights and the bias record
 * holding 2^t·bias + C, or a shift and an add in the code for packed
 * weights), and a lane computes
 *   g(x) = bits(f32(f32(f32(X) · s) + (1.5·2^23 + zero point + N))) − bits(1.5·2^23)
 * (`f32x4.convert_i32x4_s`, `f32x4.mul`, `f32x4.add`, `i32x4.sub`): adding
 * 1.5·2^23 rounds the product to an integer (nearest, ties to even) and
 * leaves it, plus the constant, in the low mantissa bits, exactly while it
 * stays below 2^22 in magnitude. Float32 arithmetic is fully specified in
 * wasm, so every engine gives the same bits.
 *
 * Fused: relaxed SIMD's `f32x4.relaxed_madd` does the multiply and the add
 * in one instruction where the engine has FMA (three instructions for four
 * lanes instead of four), but an engine may round once (fused) or twice
 * (a multiply, then an add): the relaxed module uses it only for ops whose
 * every lane verifies both ways (`FloatForm`), so its bytes do not depend
 * on the engine's choice. Fused, the sum rounds once: with the addend an
 * integer and the sum in [2^23, 2^24), where float32's step is 1, it is
 * the addend plus the exact product rounded to the nearest integer (ties
 * to the even sum).
 *
 * The lane's constants: TFLite rounds twice, x·m/2^31 to an integer and
 * then that divided by 2^e, each half away from zero, so on the positive
 * side a level's threshold sits 2^30/m units of x below where one rounding
 * would put it; the intercept C carries that shift in 1/2^t units of x,
 * less N/s. The centre N (an integer near the middle of the output range
 * less the zero point, added back in the lane's addend) keeps the product
 * small, so its rounding error is small, and, chosen among many, makes the
 * exact intercept nearly whole, which is where most of the error would be.
 * t is 8, 7 or 6: fewer fraction bits keep X exact in float32 over wider
 * ranges.
 *
 * The form rounds in float32, not as TFLite does, so it is used only where
 * it is verified to give the same bytes for every accumulator a channel can
 * reach, with the argument of the fitted lanes (simd-requant-fit.ts): the
 * reference F(x) = clamp(MBQM(x) + zero point) is nondecreasing, and so is
 * g (each float step is monotone for s ≥ 0, X does not wrap inside the
 * range, and the integer extraction is exact there, both checked at the
 * range's ends); so g equals F on all of [lo, hi] when it equals F at lo,
 * hi and at every change point p of F and p − 1. Near a rounding tie the
 * float error can put a level one x early or late, so candidates (fraction
 * bits, centres, then s and C a few units either side) are tried until
 * every check point holds. TFLite rounds ties away from zero on both sides,
 * which one intercept cannot follow, so in practice only layers whose
 * negative results clamp (ReLU, ReLU6) take the form; a channel nothing
 * verifies keeps the whole op in another form.
 */
import type { AccumulatorRange, FitTarget, LaneReference } from './simd-requant-fit.js';

/** 1.5·2^23: adding it to a float32 below 2^22 in magnitude rounds it to an integer held in the low mantissa bits. */
export const ROUNDING_BIAS = 12582912;
/** The bit pattern of ROUNDING_BIAS as a float32, subtracted from the sum's bits. */
export const ROUNDING_BITS = 0x4b400000;
/** Fraction bits tried (2^8 times any int8 weight is still int16); fewer keep X exact in float32 over wider ranges. */
export const FRACTION_BITS_TRIED: readonly number[] = [8, 7, 6];
/** Centrings tried on each side of the middle of the output range. */
const CENTRE_REACH = 128;
/** Of those, how many are tried: the ones whose exact intercept is nearest an integer. */
const CENTRES_TRIED = 24;
/** Units in the last place of the scale tried on each side of the nominal one. */
const SCALE_REACH = 4;
/** Intercept units tried on each side of the nominal one. */
const INTERCEPT_REACH = 1;
/** Distance from a rounding tie, in output units, below which a check point is tried first. */
const NEAR_TIE = 0.01;
/** Largest |rounded product + constant| the extraction holds exactly. */
const EXTRACT_LIMIT = 2 ** 22 - 1;
const INT32_MAX = 2 ** 31 - 1;

const f32 = Math.fround;

/**
 * One channel of the form: X = 2^fractionBits·x + intercept (int32), and
 * g = round(f32(X)·scale) + zero point + centre.
 */
export interface FloatLane {
  scale: number;
  intercept: number;
  fractionBits: number;
  centre: number;
}

/** The middle of the activation range less the zero point: the centring that keeps products smallest. */
const middle = (t: FitTarget): number => Math.round((t.actMin + t.actMax) / 2) - t.outputOffset;

/** The float32 the kernel adds for a lane: 1.5·2^23 plus the zero point and the lane's centre (an integer below 2^24). */
export const laneAddend = (lane: FloatLane, t: FitTarget): number => ROUNDING_BIAS + t.outputOffset + lane.centre;

/** How the multiply and the add round: twice (`f32x4.mul`, then `f32x4.add`), or once (a fused multiply-add). */
export type FloatForm = 'unfused' | 'fused';

/** Both ways `f32x4.relaxed_madd` may round: a lane verified in each gives the same bits on every engine. */
export const EITHER_FORM: readonly FloatForm[] = ['unfused', 'fused'];

/** The kernel's int32 X for x, wrapping as int32 arithmetic does. */
export const laneInput = (lane: FloatLane, x: number): number => (x * 2 ** lane.fractionBits + lane.intercept) | 0;

/**
 * The lane's value for x as the wasm computes it, before the clamp, with
 * the lane's constants taken once (the search runs it for every check
 * point of every candidate).
 */
function laneValues(lane: FloatLane, t: FitTarget, form: FloatForm = 'unfused'): (x: number) => number {
  const unit = 2 ** lane.fractionBits;
  const { intercept, scale } = lane;
  const addend = laneAddend(lane, t);
  if (form === 'unfused') return (x) => f32(f32(f32((x * unit + intercept) | 0) * scale) + addend) - ROUNDING_BIAS;
  // A float32 times a float32 has at most 48 significant bits, so the double product is exact.
  return (x) => addend + roundHalfEvenSum(f32((x * unit + intercept) | 0) * scale, addend) - ROUNDING_BIAS;
}

/**
 * round(p + n) − n for an integer n: p rounded to an integer, a tie going
 * to the side that makes the sum even (float32's ties-to-even at step 1).
 */
function roundHalfEvenSum(p: number, n: number): number {
  const floor = Math.floor(p);
  const fraction = p - floor;
  if (fraction !== 0.5) return fraction < 0.5 ? floor : floor + 1;
  return (floor + n) % 2 === 0 ? floor : floor + 1;
}

/** A lane's value as the wasm computes it in `form`, before the clamp. */
export const floatLaneValue = (lane: FloatLane, t: FitTarget, x: number, form: FloatForm = 'unfused'): number => laneValues(lane, t, form)(x);

const ulpFloat = new Float32Array(1);
const ulpBits = new Int32Array(ulpFloat.buffer);

/** The float32 `steps` units in the last place away from x > 0 (negative steps toward zero). */
function ulpStep(x: number, steps: number): number {
  ulpFloat[0] = x;
  ulpBits[0]! += steps;
  return ulpFloat[0]!;
}

/** The lane's structural limits: X rising with x and inside int32 without wrapping in the range, the extraction exact at both ends. */
function laneFits(lane: FloatLane, range: AccumulatorRange, t: FitTarget, forms: readonly FloatForm[]): boolean {
  const { lo, hi } = range;
  if (!(lane.scale >= 0) || !Number.isInteger(lane.intercept) || Math.abs(lane.centre) > 2 ** 20) return false;
  if (laneInput(lane, hi) - laneInput(lane, lo) !== (hi - lo) * 2 ** lane.fractionBits) return false;
  return forms.every((form) => [lo, hi].every((x) => Math.abs(floatLaneValue(lane, t, x, form)) <= EXTRACT_LIMIT));
}

/**
 * The first check point where the clamped lane differs from F, trying
 * `first` before the rest; undefined when none does. `values` holds F at
 * each of `points` (the reference is the costlier side).
 */
function mismatch(lane: FloatLane, t: FitTarget, ref: LaneReference, points: readonly number[], values: Int32Array, first: readonly number[],
  forms: readonly FloatForm[]): number | undefined {
  for (const form of forms) {
    const value = laneValues(lane, t, form);
    const clamped = (x: number): number => Math.min(t.actMax, Math.max(t.actMin, value(x)));
    for (const x of first) if (clamped(x) !== ref.F(x)) return x;
    const at = points.find((x, i) => clamped(x) !== values[i]);
    if (at !== undefined) return at;
  }
  return undefined;
}

/** True when the lane equals F on all of [lo, hi] (see the header) in each of `forms`. */
export function verifyFloatLane(lane: FloatLane, range: AccumulatorRange, t: FitTarget, ref: LaneReference,
  forms: readonly FloatForm[] = ['unfused']): boolean {
  return laneFits(lane, range, t, forms) && mismatch(lane, t, ref, checkPoints(range, ref), checkValues(ref), [], forms) === undefined;
}

/** lo, hi and every change point p of F with p − 1. */
function checkPoints(range: AccumulatorRange, ref: LaneReference): number[] {
  const points = new Array<number>(2 + 2 * ref.points.length);
  points[0] = range.lo;
  points[1] = range.hi;
  ref.points.forEach((p, i) => {
    points[2 + 2 * i] = p - 1;
    points[3 + 2 * i] = p;
  });
  return points;
}

/** F at each of `checkPoints`, from the levels the change-point search found. */
function checkValues(ref: LaneReference): Int32Array {
  const { levels } = ref;
  const values = new Int32Array(2 * levels.length);
  values[0] = levels[0]!;
  values[1] = levels[levels.length - 1]!;
  for (let i = 1; i < levels.length; i++) {
    values[2 * i] = levels[i - 1]!;
    values[2 * i + 1] = levels[i]!;
  }
  return values;
}

/**
 * A verified lane for channel (m, shift) over `range`, or undefined.
 * `fractionBits`: the choices the kernel allows (the shifted variant has
 * one). Candidates, nearest the exact construction first: for each choice
 * of fraction bits, the middle centre, then the centres whose exact
 * intercept lies nearest an integer (so rounding it costs least), each with
 * intercepts and scales a few units either side. Check points that refused a candidate are tried first
 * on the next, which refuses most candidates at once.
 */
export function floatLane(m: number, shift: number, range: AccumulatorRange, t: FitTarget, ref: LaneReference,
  fractionBits: readonly number[] = FRACTION_BITS_TRIED, forms: readonly FloatForm[] = ['unfused']): FloatLane | undefined {
  if (ref.points.length === 0) {
    const constant = constantLane(range, t, ref, fractionBits[0]!, forms);
    if (constant || m === 0) return constant;
  }
  const exact = (m * 2 ** shift) / 2 ** 31;
  const e = shift > 0 ? 0 : -shift;
  // TFLite's double rounding moves each positive level 2^30/m units of x down (none without a second rounding).
  const doubleRounding = e > 0 ? 2 ** 30 / m : 0;
  const points = checkPoints(range, ref);
  // Points whose exact value lies near a rounding tie are checked first: they refuse most candidates.
  const nearTie = (x: number): boolean => {
    const y = (x + doubleRounding) * exact;
    return Math.abs(y - Math.floor(y) - 0.5) < NEAR_TIE;
  };
  const refusing = points.filter(nearTie);
  const values = checkValues(ref);
  for (const bits of fractionBits) {
    const scale = f32(exact / 2 ** bits);
    const unit = 2 ** bits;
    /** The verified lane with this centre (its exact intercept rounded, then a unit either side, with scales a few ulps either side), if any. */
    const withCentre = (centre: number): FloatLane | undefined => {
      const intercept = Math.round(unit * (doubleRounding - centre / exact));
      for (let c = 0; c <= 2 * INTERCEPT_REACH; c++) {
        for (let u = 0; u <= 2 * SCALE_REACH; u++) {
          const lane = { scale: ulpStep(scale, alternate(u)), intercept: intercept + alternate(c), fractionBits: bits, centre };
          if (!laneFits(lane, range, t, forms)) continue;
          const x = mismatch(lane, t, ref, points, values, refusing, forms);
          if (x === undefined) return lane;
          if (!refusing.includes(x)) refusing.push(x);
        }
      }
      return undefined;
    };
    // The middle first (most channels verify there), then the centres whose exact intercept lies nearest an integer.
    const first = withCentre(middle(t));
    if (first) return first;
    const offs = new Float64Array(2 * CENTRE_REACH + 1);
    for (let i = 1; i < offs.length; i++) {
      const intercept = unit * (doubleRounding - (middle(t) + alternate(i)) / exact);
      offs[i] = Math.abs(intercept - Math.round(intercept));
    }
    offs[0] = Infinity;
    for (let k = 0; k < CENTRES_TRIED; k++) {
      let best = 1;
      for (let i = 2; i < offs.length; i++) if (offs[i]! < offs[best]!) best = i;
      offs[best] = Infinity;
      const lane = withCentre(middle(t) + alternate(best));
      if (lane) return lane;
    }
  }
  return undefined;
}

/**
 * A lane whose reference is one value v over its range (a dead or pruned
 * channel, or a scale too small to change the output): centred on v, with
 * X centred on 0 times 2^−k, 2^k above X's spread, it stays within half a
 * unit of 0. The intercept wraps when the bias is large (X wraps alike in
 * the kernel).
 */
function constantLane(range: AccumulatorRange, t: FitTarget, ref: LaneReference, fractionBits: number, forms: readonly FloatForm[]): FloatLane | undefined {
  const { lo, hi } = range;
  const spread = (hi - lo) * 2 ** fractionBits;
  const k = Math.ceil(Math.log2(spread + 1));
  const centreOfRange = lo + Math.floor((hi - lo) / 2);
  const lane = { scale: 2 ** -k, intercept: (-centreOfRange * 2 ** fractionBits) | 0, fractionBits, centre: ref.F(lo) - t.outputOffset };
  return spread <= INT32_MAX && verifyFloatLane(lane, range, t, ref, forms) ? lane : undefined;
}

/** 0, 1, −1, 2, −2, …: the i-th step of a search outward from the nominal value. */
const alternate = (i: number): number => (i % 2 === 1 ? 1 : -1) * Math.ceil(i / 2);
