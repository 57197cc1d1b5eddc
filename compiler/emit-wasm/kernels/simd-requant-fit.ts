/**
 * Fitted lanes of the high-word requantization form: record values for a
 * channel whose exact high-word construction does not fit int32 under the
 * op's common shift E (typically a channel with a tiny scale, right shift
 * e far above the others'), found by search and verified exactly over the
 * channel's whole accumulator range.
 *
 * A fitted lane computes, for x = accumulator + bias in [lo, hi],
 *   x' = x − D,  h = floor(x'·2^t·m' / 2^32),
 *   g(x) = clamp(floor((h + R' + [x' < 0]·N') / 2^(E+1)), actMin, actMax)
 * (the high-word form's code with the lane's record holding bias − D, scale
 * 2^t, multiplier m', rounding term R' and sign term N'), and must equal
 *   F(x) = clamp(MultiplyByQuantizedMultiplier(x, m, shift) + zero point, actMin, actMax)
 * for every integer x in [lo, hi].
 *
 * Why checking a few points proves it: F is nondecreasing (m ≥ 0; both of
 * TFLite's roundings are monotone; x·2^left never wraps in the range, which
 * is checked), and so is g when m' ≥ 0 and N' ≤ 0 (h is nondecreasing, and
 * the sign term only rises, by −N', as x' crosses 0) and nothing wraps in
 * int32 (checked at the range's ends, where the monotone sums are extreme).
 * Take lo, hi, every change point p of F (F(p − 1) < F(p)) and p − 1: on
 * each interval between consecutive such points F is constant, and g, being
 * monotone and equal to F at both ends, is sandwiched to the same value.
 * F has at most actMax − actMin change points; binary search finds them.
 *
 * The search: with no change point, g is the constant (m' = 0). With one,
 * D = p puts the sign term's jump exactly on it (m' = 0, N' = −jump·2^(E+1)).
 * Otherwise D centres the range, t is the largest scale that keeps x'·2^t in
 * int32 (and the lane's weights in int16 when the kernel folds the scale),
 * and multipliers near m·2^(left+2+E−e−t) are tried; for each, the check
 * points bound R' (points with x' ≥ 0) and R' + N' (points with x' < 0) to
 * intervals, and any R', N' ≤ 0 inside them is verified once more
 * independently. h steps every 2^32 / (m'·2^t) ≈ 2^(e−E−1) units of x, so
 * a channel whose change points are closer than that rarely fits near the
 * nominal multiplier; with few change points, anchored candidates put the
 * sign step on one change point and an h step exactly on another. A channel
 * for which nothing verifies is not fitted, and the op keeps a slower exact
 * form (or another common shift).
 */
import { multiplyByQuantizedMultiplier } from '../../quant/fixed-point.js';

/** Smallest and largest x = accumulator + bias a channel can reach. */
export interface AccumulatorRange {
  lo: number;
  hi: number;
}

/** The output side a lane must reproduce: zero point and activation clamp. */
export interface FitTarget {
  outputOffset: number;
  actMin: number;
  actMax: number;
}

/** A fitted lane's record values (see the header): x' = x − offset, scale 2^t, m', R', N'. */
export interface FittedLane {
  offset: number;
  scaleBits: number;
  multiplier: number;
  round: number;
  negative: number;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** Multipliers tried on each side of the nominal one, for lanes with two or more change points. */
const MULTIPLIER_REACH = 64;

/** The scalar reference F for one channel. */
export function referenceOutput(m: number, shift: number, t: FitTarget): (x: number) => number {
  return (x) => Math.min(t.actMax, Math.max(t.actMin, multiplyByQuantizedMultiplier(x, m, shift) + t.outputOffset));
}

/**
 * Every p in (lo, hi] with F(p − 1) < F(p), for nondecreasing F. Each is
 * bracketed by galloping from a guess one previous gap past the last (the
 * levels of a requantization are nearly evenly spaced, so the guess is
 * usually right or one off), then found by bisection. `levels`, when
 * given, receives F(lo) and then F at each point.
 */
export function changePoints(F: (x: number) => number, lo: number, hi: number, levels?: number[]): number[] {
  const points: number[] = [];
  let from = lo;
  let value = F(lo);
  levels?.push(value);
  const last = F(hi);
  let gap = 1;
  while (value < last) {
    // The smallest x in (from, hi] with F(x) > value lies in [a, b]: F(a − 1) ≤ value < F(b).
    let [a, b] = [from + 1, hi];
    const guess = Math.min(hi, from + gap);
    if (F(guess) > value) {
      b = guess;
      for (let step = 1; a < b; step *= 2) {
        const x = Math.max(a, b - step);
        if (F(x) > value) b = x;
        else { a = x + 1; break; }
      }
    } else {
      a = guess + 1;
      for (let step = 1; a < b; step *= 2) {
        const x = Math.min(b, a + step - 1);
        if (F(x) > value) { b = x; break; }
        a = x + 1;
      }
    }
    while (a < b) {
      const mid = a + Math.floor((b - a) / 2);
      if (F(mid) > value) b = mid;
      else a = mid + 1;
    }
    points.push(a);
    gap = a - from;
    from = a;
    value = F(a);
    levels?.push(value);
  }
  return points;
}

/**
 * floor(a·b / 2^32) for int32 a and 0 ≤ b < 2^31, exactly in doubles: with
 * b = bh·2^16 + bl, a·b = (a·bh)·2^16 + a·bl, each part below 2^47, and the
 * remainder of a·bl below 2^16 cannot carry into the high word's floor.
 */
export function high32(a: number, b: number): number {
  const bl = b % 65536;
  return Math.floor((a * ((b - bl) / 65536) + Math.floor((a * bl) / 65536)) / 65536);
}

/** The lane's g(x) as the wasm computes it (unclamped int32 lane value, before `toBytes`). */
export function fittedLaneValue(l: FittedLane, E: number, x: number): number {
  const scaled = (x - l.offset) * 2 ** l.scaleBits;
  const h = high32(scaled, l.multiplier);
  const y = h + l.round + (scaled < 0 && E > 0 ? l.negative : 0);
  return Math.floor(y / 2 ** (E + 1));
}

/**
 * True when the lane equals F on all of [lo, hi]: no intermediate leaves
 * int32 and g equals F at the check points (see the header).
 */
export function verifyFittedLane(l: FittedLane, E: number, F: (x: number) => number, range: AccumulatorRange, t: FitTarget, points: number[]): boolean {
  const { lo, hi } = range;
  if (l.multiplier < 0 || l.multiplier > INT32_MAX || l.negative > 0 || (E === 0 && l.negative !== 0)) return false;
  const scaledEnds = [lo, hi].map((x) => (x - l.offset) * 2 ** l.scaleBits);
  if (scaledEnds.some((s) => s < INT32_MIN || s > INT32_MAX)) return false;
  if ([l.round, l.round + l.negative].some((r) => r < INT32_MIN || r > INT32_MAX)) return false;
  const sum = (x: number): number => {
    const scaled = (x - l.offset) * 2 ** l.scaleBits;
    return high32(scaled, l.multiplier) + l.round + (scaled < 0 && E > 0 ? l.negative : 0);
  };
  if (sum(lo) < INT32_MIN || sum(hi) > INT32_MAX) return false;
  const clamp = (v: number): number => Math.min(t.actMax, Math.max(t.actMin, v));
  return [lo, hi, ...points.flatMap((p) => [p - 1, p])].every((x) => clamp(fittedLaneValue(l, E, x)) === F(x));
}

/** What fitting needs of one channel whatever the common shift: F and its change points, or undefined when F is not monotone there. */
export interface LaneReference {
  F: (x: number) => number;
  points: number[];
  /** F at lo, then at each change point (F is constant between them): one more than `points`. */
  levels: number[];
}

/** The channel's reference and change points over `range` (x·2^left must not wrap, or F is not monotone). */
export function laneReference(m: number, shift: number, range: AccumulatorRange, t: FitTarget): LaneReference | undefined {
  const { lo, hi } = range;
  const left = Math.max(shift, 0);
  if (m < 0 || lo > hi || lo < INT32_MIN || hi > INT32_MAX || lo * 2 ** left < INT32_MIN || hi * 2 ** left > INT32_MAX) return undefined;
  const F = referenceOutput(m, shift, t);
  const levels: number[] = [];
  return { F, points: changePoints(F, lo, hi, levels), levels };
}

/**
 * Record values for channel (m, shift) under common shift E that verify
 * over `range`, or undefined. `ref`: from `laneReference`; `maxScaleBits`:
 * the largest t the kernel allows (its weights in int16 once scaled).
 */
export function fitLane(m: number, shift: number, range: AccumulatorRange, E: number, t: FitTarget, maxScaleBits: number, ref: LaneReference): FittedLane | undefined {
  const { lo } = range;
  if (E + 1 > 31) return undefined;
  const { F, points } = ref;
  const unit = 2 ** (E + 1);
  const candidates: FittedLane[] = [];
  if (points.length === 0) candidates.push({ offset: 0, scaleBits: 0, multiplier: 0, round: F(lo) * unit, negative: 0 });
  if (points.length === 1 && E > 0) {
    const p = points[0]!;
    candidates.push({ offset: p, scaleBits: 0, multiplier: 0, round: F(p) * unit, negative: (F(p - 1) - F(p)) * unit });
  }
  for (const c of candidates) if (verifyFittedLane(c, E, F, range, t, points)) return c;
  return fitSlope(m, shift, range, E, t, maxScaleBits, F, points);
}

/** The general search for lanes with several change points (see the header). */
function fitSlope(m: number, shift: number, range: AccumulatorRange, E: number, t: FitTarget, maxScaleBits: number, F: (x: number) => number,
  points: number[]): FittedLane | undefined {
  const { lo, hi } = range;
  const e = shift > 0 ? 0 : -shift;
  const solve = (offset: number, scaleBits: number, multiplier: number): FittedLane | undefined => {
    const lane = solveRounding(range, E, t, F, points, offset, scaleBits, multiplier);
    return lane && verifyFittedLane(lane, E, F, range, t, points) ? lane : undefined;
  };
  const centre = lo + Math.floor((hi - lo) / 2);
  const largestScale = (offset: number): number => {
    const reach = Math.max(offset - lo, hi - offset, 1);
    return Math.min(maxScaleBits, Math.max(0, Math.floor(Math.log2(INT32_MAX / reach))));
  };
  const scaleBits = largestScale(centre);
  const nominal = Math.round(m * 2 ** (Math.max(shift, 0) + 2 + E - e - scaleBits));
  for (let d = 0; d <= MULTIPLIER_REACH; d = d <= 0 ? 1 - d : -d) {
    const lane = solve(centre, scaleBits, nominal + d);
    if (lane) return lane;
  }
  return points.length <= ANCHORED_POINTS ? fitAnchored(m, shift, range, E, points, solve, largestScale) : undefined;
}

/** Lanes with at most this many change points also try anchored candidates. */
const ANCHORED_POINTS = 8;

/**
 * Candidates for a lane with few change points whose slope the common
 * shift cannot resolve: the sign term's step on one change point (offset
 * D = p_i) and a multiplier that puts one of h's steps exactly on another
 * change point p_j (h steps from k − 1 to k at x' = d = p_j − D when
 * m'·2^t is in [k·2^32/d, k·2^32/(d − 1)), mirrored for d < 0), with k
 * near the nominal slope's count.
 */
function fitAnchored(m: number, shift: number, range: AccumulatorRange, E: number, points: number[],
  solve: (offset: number, scaleBits: number, multiplier: number) => FittedLane | undefined, largestScale: (offset: number) => number): FittedLane | undefined {
  const e = shift > 0 ? 0 : -shift;
  const slope = (m * 2 ** (Math.max(shift, 0) + 2 + E - e)) / 2 ** 32;
  for (const offset of points) {
    for (const scaleBits of new Set([largestScale(offset), 0])) {
      const s = 2 ** scaleBits;
      for (const anchor of points) {
        const d = anchor - offset;
        if (d === 0) continue;
        const k0 = Math.round(Math.abs(d) * slope);
        for (const k of new Set([1, k0 - 1, k0, k0 + 1].filter((k) => k >= 1))) {
          const multiplier = d > 0 ? Math.ceil((k * 2 ** 32) / (s * d)) : Math.floor((k * 2 ** 32) / (s * -d));
          if (multiplier > INT32_MAX) continue;
          const lane = solve(offset, scaleBits, multiplier);
          if (lane) return lane;
        }
      }
    }
  }
  return undefined;
}

/**
 * R' and N' for given offset, scale and multiplier: each check point's
 * output band bounds R' (x' ≥ 0) or R' + N' (x' < 0); N' ≤ 0 needs R' at
 * least the lowest R' + N'. Undefined when the bands do not meet.
 */
function solveRounding(range: AccumulatorRange, E: number, t: FitTarget, F: (x: number) => number, points: number[], offset: number, scaleBits: number,
  multiplier: number): FittedLane | undefined {
  if (multiplier < 0 || multiplier > INT32_MAX) return undefined;
  const unit = 2 ** (E + 1);
  let [aLo, aHi, bLo, bHi] = [-(2 ** 30), 2 ** 30, -(2 ** 30), 2 ** 30];
  for (const x of [range.lo, range.hi, ...points.flatMap((p) => [p - 1, p])]) {
    const scaled = (x - offset) * 2 ** scaleBits;
    const h = high32(scaled, multiplier);
    const v = F(x);
    const bandLo = v === t.actMin ? -Infinity : v * unit - h;
    const bandHi = v === t.actMax ? Infinity : (v + 1) * unit - 1 - h;
    if (scaled >= 0 || E === 0) [aLo, aHi] = [Math.max(aLo, bandLo), Math.min(aHi, bandHi)];
    else [bLo, bHi] = [Math.max(bLo, bandLo), Math.min(bHi, bandHi)];
  }
  const rLo = Math.max(aLo, bLo);
  if (rLo > aHi || bLo > bHi) return undefined;
  const round = rLo + Math.floor((aHi - rLo) / 2);
  return { offset, scaleBits, multiplier, round, negative: E === 0 ? 0 : Math.min(0, bHi - round) };
}
