/**
 * The compile-time half of the SIMD requantization (simd-requant.ts emits
 * the code): which exact form an op's output stage takes, and the records
 * the kernels read, one record per group of four output channels.
 *
 * First, when the accumulator ranges are known, the float-rounding form
 * (simd-requant-float.ts): each channel's lane is searched and verified
 * exact over its range, and if every channel has one the op takes it
 * (48-byte records: bias, float32 scale and addend; 64 with the intercept
 * when the kernel cannot fold 2^t into its weights). Else three integer
 * forms of TFLite's fixed point (96-byte records), the first that applies:
 * - high-word (accumulators bounded, every live multiplier above 2^30):
 *   bias, multiplier, the lane's scale 2^(left + 2 + s) with s = emax − e,
 *   the rounding term 2^s·ROUND + zero point·2^(emax+1), and the sign term
 *   2^s·NEG (ROUND and NEG as in the short form);
 * - short (accumulators bounded): bias, multiplier, left factor, 2^(emax−e),
 *   1 + 2^e (or 1) and −2 (or 0);
 * - general: bias, multiplier, left factor, 2^(emax−e), the mask 2^e − 1 and
 *   half of it.
 * ONNX's float stage has 32-byte records: folded bias, float32 scale.
 *
 * The bounds come from the constant weights and bias (`accumulatorBounds`):
 * each form's fit check keeps every intermediate of its derivation (see
 * simd-requant.ts) inside int32 for any input the dtype allows.
 *
 * When some channels' exact high-word construction does not fit under any
 * common shift (a few channels with tiny scales, right shifts near 30, next
 * to ordinary ones), the common shift E is chosen for the ordinary channels
 * and the others become fitted lanes (simd-requant-fit.ts): record values
 * found by search and verified against the scalar reference over each
 * channel's whole accumulator range (`accumulatorRanges`). If a channel
 * cannot be fitted, the op keeps the short or general form.
 */
import type { IntegerOutput } from '../../ops/common/requantize.js';
import { fitLane, laneReference, type AccumulatorRange, type FitTarget, type FittedLane, type LaneReference } from './simd-requant-fit.js';
import { EITHER_FORM, floatLane, FRACTION_BITS_TRIED, laneAddend, verifyFloatLane, type FloatLane } from './simd-requant-float.js';

export type { AccumulatorRange } from './simd-requant-fit.js';

export const RECORD_BYTES = 96;
export const FLOAT_RECORD_BYTES = 32;
/** Float-rounding records: bias, float32 scale, float32 addend, and when the kernel does not fold 2^t, the intercept C. */
export const FOLDED_RECORD_BYTES = 48;
export const SHIFTED_RECORD_BYTES = 64;
export const F_FLOAT_SCALE = 16;
export const F_ADDEND = 32;
export const F_INTERCEPT = 48;
/** Record fields, in bytes from a record's start (four int32 lanes each). */
export const F_BIAS = 0;
export const F_MULT = 16;
export const F_LEFT = 32;
export const F_POW = 48;
export const F_MASK = 64;
export const F_HALF = 80;
/** Short form: 1 + 2^e (e > 0) or 1, and −2 (e > 0) or 0, in place of the mask and half. */
export const F_ROUND = 64;
export const F_NEGATIVE = 80;
/** High-word form: the lane's scale, rounding term (zero point folded in) and sign term. */
export const F_SCALE = 32;
export const F_HIGH_ROUND = 48;
export const F_HIGH_NEGATIVE = 64;

/**
 * How the high-word form scales the accumulator: by the record's scale
 * (`multiply`), by one shift when all lanes share it (`shift`), or not at
 * all because the kernel folded each lane's scale into its weights and
 * bias (`folded`: the records then hold the scaled bias). A folded scale
 * may leave a common `shift` to the code: each lane's weights and bias then
 * take 2^(scale bits − shift) and the sum is shifted left by `shift`, which
 * gives the same int32 bits (multiplying by a power of two commutes with
 * int32 wrapping) when the whole scale would push a weight out of int16.
 */
export type HighScale = { kind: 'multiply' } | { kind: 'shift'; bits: number } | { kind: 'folded'; shift?: number };

/** The high-word form's variant (see SimdRequantConfig.high). */
export interface HighForm {
  scale: HighScale;
  fittedSigns?: boolean;
}

export interface SimdRequantConfig {
  /** ONNX float requantization (records of FLOAT_RECORD_BYTES); absent for TFLite's fixed point. */
  float?: boolean;
  /**
   * TFLite's fixed point in the float-rounding form (simd-requant-float.ts),
   * verified exact for every reachable accumulator; the zero point is then
   * already in the requantized lanes. `folded`: the kernel's int16 weights
   * carry each channel's 2^bits, and the records (FOLDED_RECORD_BYTES) hold
   * 2^bits·bias + C, the float32 scale and addend; else the code shifts the
   * accumulator left by `shift` and adds C from the record
   * (SHIFTED_RECORD_BYTES). `fused`: every lane also verifies with one
   * rounding, so a relaxed-SIMD module may multiply and add with
   * `f32x4.relaxed_madd`.
   */
  floatRounding?: ({ folded: true } | { folded: false; shift: number }) & { fused?: true };
  /** uint8 output (else int8). */
  unsigned?: boolean;
  /** Largest right shift over the op's channels. */
  emax: number;
  /** Some channel shifts left (shift > 0). */
  hasLeft: boolean;
  /** The short form (accumulators bounded); `spread` when channels' right shifts differ. */
  short?: { spread: boolean };
  /**
   * The high-word form; the zero point is then already in the requantized
   * lanes. `fittedSigns`: some fitted lane has a sign term, which the code
   * must then apply even where exact lanes could drop theirs.
   */
  high?: HighForm;
  outputOffset: number;
  actMin: number;
  actMax: number;
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

/** Options of `buildRecords`. */
export interface RecordOptions {
  /** Accumulator bound per channel: enables the short and high-word forms. */
  bounds?: ReadonlyArray<number>;
  /** Output zero point, folded into the high-word form's rounding term. */
  outputOffset?: number;
  /** The kernel holds these weights as int16 and can scale each channel's (high-word form). */
  foldable?: ChannelWeights;
  /** With `foldable`: the kernel applies a folded scale's common left shift (HighScale `folded` with `shift`). */
  foldShift?: boolean;
  /** Consider the high-word form (default true; false keeps the short form reachable for tests). */
  highWord?: boolean;
  /**
   * Each channel's accumulator range and the activation clamp the kernel
   * applies: with both, channels that do not fit the high-word form exactly
   * may be fitted lanes.
   */
  ranges?: ReadonlyArray<AccumulatorRange>;
  activation?: { actMin: number; actMax: number };
}

export interface BuiltRecords {
  records: Uint8Array;
  emax: number;
  hasLeft: boolean;
  short?: { spread: boolean };
  high?: HighForm;
  /** With a folded scale: the factor the kernel must multiply channel c's weights by. */
  channelScales?: number[];
  /** High-word form: the channels that are fitted lanes (empty when every lane is exact). */
  fitted?: number[];
}

const rightShift = (shift: number): number => (shift > 0 ? 0 : -shift);

/**
 * Builds the per-group records for `channels` channels (padded to a multiple
 * of four with zero multipliers), or undefined when the shifts do not fit.
 */
export function buildRecords(biases: ReadonlyArray<number>, multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>, channels: number,
  options: RecordOptions = {}): BuiltRecords | undefined {
  // A zero multiplier makes the lane 0 whatever its shift, so such lanes do not widen the range.
  const live = shifts.filter((_, c) => multipliers[c] !== 0);
  const right = live.map(rightShift);
  const liveEmax = Math.max(0, ...right);
  const emin = Math.min(liveEmax, ...right);
  if (multipliers.some((m) => m < 0)) return undefined;
  const { bounds, outputOffset = 0 } = options;
  const exactHigh = bounds !== undefined && options.highWord !== false && liveEmax - emin <= 30 && highFormFits(bounds, multipliers, shifts, liveEmax, outputOffset);
  const fit = !exactHigh && bounds !== undefined && options.highWord !== false ? fitHighForm(multipliers, shifts, channels, bounds, options) : undefined;
  if (!fit && (liveEmax - emin > 30 || liveEmax > 31)) return undefined;
  const emax = fit ? fit.E : liveEmax;
  const fitted = fit?.lanes ?? new Map<number, FittedLane>();
  const high = exactHigh || fit !== undefined;
  const isLive = (c: number): boolean => c < channels && multipliers[c] !== 0;
  const laneE = (c: number): number => (isLive(c) ? rightShift(shifts[c]!) : emax);
  const scaleOf = (c: number): number => {
    const lane = fitted.get(c);
    return lane ? 2 ** lane.scaleBits : isLive(c) ? 2 ** (Math.max(shifts[c]!, 0) + 2 + emax - laneE(c)) : 4;
  };
  const short = !high && bounds !== undefined && shortFormFits(bounds, multipliers, shifts, emax);
  const groups = Math.ceil(channels / 4);
  // A lane whose multiplier is zero gives its constant whatever it is fed: factor 1, no limit on the shift.
  const multiplied = (c: number): boolean => (fitted.get(c)?.multiplier ?? (isLive(c) ? 1 : 0)) !== 0;
  const foldShift = high && options.foldable !== undefined
    ? foldingShift(options.foldable, Array.from({ length: channels }, (_, c) => (multiplied(c) ? scaleOf(c) : undefined)), options.foldShift === true)
    : undefined;
  const folded = foldShift !== undefined;
  /** Channel c's folded weight factor: its scale less the common shift. */
  const factorOf = (c: number): number => (multiplied(c) ? scaleOf(c) / 2 ** (foldShift ?? 0) : 1);
  const records = new Int32Array((groups * RECORD_BYTES) / 4);
  for (let c = 0; c < groups * 4; c++) {
    const base = (Math.floor(c / 4) * RECORD_BYTES) / 4 + (c % 4);
    const real = c < channels;
    const e = laneE(c);
    const s = emax - e;
    const left = isLive(c) && shifts[c]! > 0 ? 2 ** shifts[c]! : 1;
    const round = e === 0 ? 1 : 1 + 2 ** e;
    const negative = e === 0 ? 0 : -2;
    const lane = fitted.get(c);
    // A fitted lane's x' = x − offset: its bias moves by the offset (int32 arithmetic wraps alike in the kernel).
    const bias = real ? (biases[c]! - (lane?.offset ?? 0)) | 0 : 0;
    records[base + F_BIAS / 4] = folded ? Math.imul(bias, factorOf(c)) : bias;
    records[base + F_MULT / 4] = lane ? lane.multiplier : real ? multipliers[c]! : 0;
    if (lane) {
      records[base + F_SCALE / 4] = scaleOf(c);
      records[base + F_HIGH_ROUND / 4] = lane.round;
      records[base + F_HIGH_NEGATIVE / 4] = lane.negative;
      continue;
    }
    if (high) {
      records[base + F_SCALE / 4] = scaleOf(c);
      records[base + F_HIGH_ROUND / 4] = 2 ** s * round + outputOffset * 2 ** (emax + 1);
      records[base + F_HIGH_NEGATIVE / 4] = 2 ** s * negative;
      continue;
    }
    records[base + F_LEFT / 4] = left;
    records[base + F_POW / 4] = 2 ** s | 0;
    if (short) {
      records[base + F_ROUND / 4] = round;
      records[base + F_NEGATIVE / 4] = negative;
    } else {
      records[base + F_MASK / 4] = e === 0 ? 0 : e >= 31 ? 0x7fffffff : (1 << e) - 1;
      records[base + F_HALF / 4] = (e === 0 ? 0 : e >= 31 ? 0x7fffffff : (1 << e) - 1) >> 1;
    }
  }
  const hasLeft = shifts.some((s, c) => s > 0 && multipliers[c] !== 0);
  const built = { records: new Uint8Array(records.buffer), emax, hasLeft };
  if (high) {
    const liveScales = new Set(Array.from({ length: channels }, (_, c) => c).filter(isLive).map(scaleOf));
    const uniform = liveScales.size <= 1 ? [...liveScales][0] ?? 4 : undefined;
    const scale: HighScale = folded ? { kind: 'folded', ...(foldShift > 0 ? { shift: foldShift } : {}) } : uniform !== undefined ? { kind: 'shift', bits: Math.log2(uniform) } : { kind: 'multiply' };
    const fittedSigns = [...fitted.values()].some((lane) => lane.negative !== 0);
    return { ...built, high: { scale, ...(fittedSigns ? { fittedSigns } : {}) }, fitted: [...fitted.keys()].sort((a, b) => a - b), ...(folded ? { channelScales: Array.from({ length: channels }, (_, c) => factorOf(c)) } : {}) };
  }
  // Dead lanes (zero multiplier) take e = emax, so only live channels can spread the shifts.
  return { ...built, ...(short ? { short: { spread: new Set(right).size > 1 } } : {}) };
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
    const e = rightShift(shift);
    const a = bounds[c]! * 2 ** Math.max(shift, 0);
    return a < 2 ** 30 && (2 * a + 2 ** e + 4) * 2 ** (emax - e) < 2 ** 31;
  });
}

/**
 * True when the high-word form is exact for every channel: the multiplier
 * is above 2^30 (so z < −1 exactly when x < 0), the scaled accumulator
 * |x|·2^(left+2+s) is below 2^31, the sum y = z' + rounding + sign terms
 * (|z'| ≤ 2^30) stays below 2^31 in magnitude, and the final shift emax + 1
 * is below 32. Dead lanes (zero multiplier) give the zero point whatever
 * their accumulator, so only their constant terms are checked.
 */
function highFormFits(bounds: ReadonlyArray<number>, multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>, emax: number, outputOffset: number): boolean {
  return highConstantsFit(emax, outputOffset) && multipliers.every((_, c) => laneExact(bounds, multipliers, shifts, emax, outputOffset, c));
}

/** The high-word form's shared terms under common shift E: the final shift below 32, a dead lane's constant in int32. */
function highConstantsFit(E: number, outputOffset: number): boolean {
  return E + 1 <= 31 && 2 ** E + 1 + 2 + Math.abs(outputOffset) * 2 ** (E + 1) < 2 ** 31;
}

/** Channel c's exact high-word construction under common shift E keeps int32 (see `highFormFits`); dead lanes always do. */
function laneExact(bounds: ReadonlyArray<number>, multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>, E: number, outputOffset: number,
  c: number): boolean {
  const m = multipliers[c]!;
  if (m === 0) return true;
  const shift = shifts[c]!;
  const s = E - rightShift(shift);
  const scaled = bounds[c]! * 2 ** (Math.max(shift, 0) + 2 + s);
  return s >= 0 && m > 2 ** 30 && scaled < 2 ** 31 && 2 ** 30 + 2 ** s + 2 ** E + 2 ** (s + 1) + Math.abs(outputOffset) * 2 ** (E + 1) < 2 ** 31;
}

/**
 * The high-word form with fitted lanes: a common shift E and a verified
 * fit for every live channel not exact under it, or undefined. Needs the
 * channels' ranges and the activation clamp. Shifts are tried best first:
 * those whose exact lanes' scales still fold into int16 weights (the
 * kernel's fastest variant), then those keeping most channels exact, then
 * the smaller; a shift fails at its first channel that cannot be fitted.
 */
function fitHighForm(multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>, channels: number,
  bounds: ReadonlyArray<number>, options: RecordOptions): { E: number; lanes: Map<number, FittedLane> } | undefined {
  const { ranges, activation, outputOffset = 0 } = options;
  if (!ranges || !activation) return undefined;
  const target: FitTarget = { outputOffset, ...activation };
  const all = Array.from({ length: channels }, (_, c) => c);
  const candidates = Array.from({ length: 31 }, (_, E) => E)
    .filter((E) => highConstantsFit(E, outputOffset))
    .map((E) => {
      const exact = all.filter((c) => multipliers[c] !== 0 && laneExact(bounds, multipliers, shifts, E, outputOffset, c));
      const scaleBits = (c: number): number => Math.max(shifts[c]!, 0) + 2 + E - rightShift(shifts[c]!);
      const folds = options.foldable !== undefined && exact.every((c) => scaleBits(c) <= foldableScaleBits(options.foldable!, c));
      return { E, exact: exact.length, folds };
    })
    .filter((x) => x.exact > 0)
    .sort((a, b) => Number(b.folds) - Number(a.folds) || b.exact - a.exact || a.E - b.E);
  // Each channel's reference and change points, found once whatever the shift.
  const references = new Map<number, LaneReference | undefined>();
  const referenceOf = (c: number): LaneReference | undefined => {
    if (!references.has(c)) references.set(c, laneReference(multipliers[c]!, shifts[c]!, ranges[c]!, target));
    return references.get(c);
  };
  // A channel that could not be fitted under one shift is tried first under the next.
  const hard: number[] = [];
  for (const { E } of candidates) {
    const lanes = new Map<number, FittedLane>();
    const order = [...hard, ...all.filter((c) => !hard.includes(c))];
    const fitsAll = order.every((c) => {
      if (laneExact(bounds, multipliers, shifts, E, outputOffset, c)) return true;
      const maxScaleBits = options.foldable ? foldableScaleBits(options.foldable, c) : 30;
      const ref = referenceOf(c);
      const lane = ref && fitLane(multipliers[c]!, shifts[c]!, ranges[c]!, E, target, maxScaleBits, ref);
      if (lane) lanes.set(c, lane);
      else if (!hard.includes(c)) hard.push(c);
      return lane !== undefined;
    });
    if (fitsAll) return { E, lanes };
  }
  return undefined;
}

/** The largest t with channel c's weights times 2^t inside int16. */
function foldableScaleBits(w: ChannelWeights, c: number): number {
  let [lo, hi] = [0, 0];
  for (let k = 0; k < w.depth; k++) {
    const v = w.weights[channelIndex(w, c, k)]!;
    [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  let t = 0;
  while (t < 30 && lo * 2 ** (t + 1) >= -32768 && hi * 2 ** (t + 1) <= 32767) t++;
  return t;
}

/**
 * The common left shift under which the scales fold into the weights: 0
 * when every weight times its channel's scale fits int16; with `allowShift`,
 * else the smallest g leaving every scale (undefined: any factor will do)
 * an integer 2^(bits − g) whose products fit; undefined when none does.
 */
function foldingShift(w: ChannelWeights, scales: ReadonlyArray<number | undefined>, allowShift: boolean): number | undefined {
  const limit = allowShift ? Math.min(30, ...scales.filter((x) => x !== undefined).map(Math.log2)) : 0;
  for (let g = 0; g <= limit; g++) {
    if (foldFits(w, scales.map((x) => (x === undefined ? 1 : x / 2 ** g)))) return g;
  }
  return undefined;
}

/** True when every weight times its channel's scale fits int16 (the kernel's weight lanes). */
function foldFits(w: ChannelWeights, scales: ReadonlyArray<number>): boolean {
  for (let c = 0; c < w.channels; c++) {
    for (let k = 0; k < w.depth; k++) {
      const scaled = w.weights[channelIndex(w, c, k)]! * scales[c]!;
      if (scaled < -32768 || scaled > 32767) return false;
    }
  }
  return true;
}

/** Σ_k f(w) over channel c's weights. */
function channelSum(w: ChannelWeights, c: number, f: (v: number) => number): number {
  let sum = 0;
  for (let k = 0; k < w.depth; k++) sum += f(w.weights[channelIndex(w, c, k)]!);
  return sum;
}

/** Index of channel c's k-th weight. */
export const channelIndex = (w: ChannelWeights, c: number, k: number): number => (w.layout === 'channel-major' ? c * w.depth + k : k * w.channels + c);

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

/**
 * Smallest and largest accumulator + bias per output channel, for any input
 * the dtype allows: bias plus, per weight, the extreme of w·(input + input
 * offset) — a subrange of ±`accumulatorBounds`.
 */
export function accumulatorRanges(w: ChannelWeights, biases: ArrayLike<number> | undefined, inputOffset: number, inputUnsigned: boolean): AccumulatorRange[] {
  const [lo, hi] = inputUnsigned ? [0, 255] : [-128, 127];
  return Array.from({ length: w.channels }, (_, c) => {
    const bias = biases ? biases[c]! : 0;
    const low = channelSum(w, c, (v) => Math.min(v * (lo + inputOffset), v * (hi + inputOffset)));
    const high = channelSum(w, c, (v) => Math.max(v * (lo + inputOffset), v * (hi + inputOffset)));
    return { lo: bias + low, hi: bias + high };
  });
}

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
 * Float-rounding records, four channels each (padded with zeros): folded,
 * 2^bits·bias + C (wrapping as the kernel's sum does), the float32 scale
 * and addend; shifted, bias, scale, addend and C.
 */
function floatRoundingRecords(biases: ReadonlyArray<number>, lanes: FloatLane[], channels: number, folded: boolean, t: FitTarget): Uint8Array {
  const bytes = folded ? FOLDED_RECORD_BYTES : SHIFTED_RECORD_BYTES;
  const buffer = new ArrayBuffer(Math.ceil(channels / 4) * bytes);
  const ints = new Int32Array(buffer);
  const floats = new Float32Array(buffer);
  for (let c = 0; c < channels; c++) {
    const base = (Math.floor(c / 4) * bytes) / 4 + (c % 4);
    const lane = lanes[c]!;
    ints[base + F_BIAS / 4] = folded ? Math.imul(biases[c]!, 2 ** lane.fractionBits) + lane.intercept : biases[c]!;
    floats[base + F_FLOAT_SCALE / 4] = lane.scale;
    floats[base + F_ADDEND / 4] = laneAddend(lane, t);
    if (!folded) ints[base + F_INTERCEPT / 4] = lane.intercept;
  }
  return new Uint8Array(buffer);
}

/** What a kernel knows of its accumulators and weights, which opens the faster forms to `simdOutputStage`. */
export interface StageOptions {
  /** Largest |accumulator + bias| per channel (the short and high-word forms). */
  bounds?: ReadonlyArray<number>;
  /** Weights the kernel holds as int16, so it can take per-channel scales (returned as `channelScales`). */
  foldable?: ChannelWeights;
  /** Each channel's accumulator range (fitted lanes and the float-rounding form). */
  ranges?: ReadonlyArray<AccumulatorRange>;
  /** The kernel can apply a common left shift of a folded scale (HighScale `folded` with `shift`). */
  foldShift?: boolean;
  /** Consider the float-rounding form (default true; false builds what a kernel without it would). */
  floatRounding?: boolean;
}

/** An op's output stage for the SIMD kernels: records, config and, with folded scales, each channel's weight factor. */
export interface SimdOutputStage {
  records: Uint8Array;
  rq: SimdRequantConfig;
  channelScales?: number[];
  /** High-word form: the channels that are fitted lanes. */
  fittedChannels?: number[];
}

/**
 * The records and requantization config of an integer op's output stage
 * for `channels` channels with (input-offset-folded) `biases`, or undefined
 * when the SIMD kernels cannot do it (a raw int32 output, int16 output, or
 * fixed-point shifts out of range).
 */
export function simdOutputStage(p: IntegerOutput, biases: ReadonlyArray<number>, channels: number, outDtype: string, options: StageOptions = {}): SimdOutputStage | undefined {
  const { bounds, foldable, ranges, foldShift = false, floatRounding = true } = options;
  if (outDtype !== 'i8' && outDtype !== 'u8') return undefined;
  const unsigned = outDtype === 'u8' ? { unsigned: true } : {};
  const common = { outputOffset: p.outputOffset, actMin: p.actMin, actMax: p.actMax, ...unsigned };
  if (p.requant === 'float') {
    return { records: buildFloatRecords(biases, p.scales, channels), rq: { float: true, emax: 0, hasLeft: false, ...common } };
  }
  if (p.requant !== 'fixed') return undefined;
  const perChannel = (xs: number[]): number[] => (xs.length === 1 ? new Array<number>(channels).fill(xs[0]!) : xs);
  const target = { outputOffset: p.outputOffset, actMin: p.actMin, actMax: p.actMax };
  // Weights the kernel holds as int16 take each lane's 2^bits; others leave one shift to the code.
  const folded = foldable !== undefined;
  const rounding = floatRounding && ranges ? floatRoundingLanes(perChannel(p.multipliers), perChannel(p.shifts), ranges, target, folded) : undefined;
  if (rounding) {
    const { lanes, shift, fused } = rounding;
    const form = shift === undefined ? { folded: true as const } : { folded: false as const, shift };
    return {
      records: floatRoundingRecords(biases, lanes, channels, folded, target),
      rq: { floatRounding: fused ? { ...form, fused } : form, emax: 0, hasLeft: false, ...common },
      ...(folded ? { channelScales: lanes.map((l) => 2 ** l.fractionBits) } : {}),
    };
  }
  const built = buildRecords(biases, perChannel(p.multipliers), perChannel(p.shifts), channels,
    { ...(bounds ? { bounds } : {}), outputOffset: p.outputOffset, ...(foldable ? { foldable, foldShift } : {}), ...(ranges ? { ranges, activation: { actMin: p.actMin, actMax: p.actMax } } : {}) });
  if (!built) return undefined;
  return {
    records: built.records, rq: requantConfig(built, common),
    ...(built.channelScales ? { channelScales: built.channelScales } : {}), ...(built.fitted?.length ? { fittedChannels: built.fitted } : {}),
  };
}

/**
 * Each channel's lane of the float-rounding form (simd-requant-float.ts),
 * or undefined when some channel has none that verifies (or its reference
 * is not monotone over its range). Folded, each lane picks its fraction
 * bits; else all lanes share the code's `shift`, the first that every
 * channel verifies with. `fused`: every lane also verifies with one
 * rounding (a fused multiply-add), so relaxed SIMD's `relaxed_madd` gives
 * the same bits whichever way an engine rounds; a lane that verifies only
 * unfused is searched again in both forms before the op gives that up.
 */
export function floatRoundingLanes(multipliers: ReadonlyArray<number>, shifts: ReadonlyArray<number>, ranges: ReadonlyArray<AccumulatorRange>,
  target: FitTarget, folded: boolean): { lanes: FloatLane[]; shift?: number; fused: boolean } | undefined {
  const references = multipliers.map((m, c) => laneReference(m, shifts[c]!, ranges[c]!, target));
  if (references.some((r) => r === undefined)) return undefined;
  const lanesWith = (bits: readonly number[]): { lanes: FloatLane[]; fused: boolean } | undefined => {
    const lanes: FloatLane[] = [];
    let fused = true;
    for (let c = 0; c < multipliers.length; c++) {
      const args = [multipliers[c]!, shifts[c]!, ranges[c]!, target, references[c]!] as const;
      const lane = floatLane(...args, bits);
      if (!lane) return undefined;
      if (fused && !verifyFloatLane(lane, ranges[c]!, target, references[c]!, EITHER_FORM)) {
        const both = floatLane(...args, bits, EITHER_FORM);
        if (both) {
          lanes.push(both);
          continue;
        }
        fused = false;
      }
      lanes.push(lane);
    }
    return { lanes, fused };
  };
  if (folded) return lanesWith(FRACTION_BITS_TRIED);
  for (const shift of FRACTION_BITS_TRIED) {
    const found = lanesWith([shift]);
    if (found) return { ...found, shift };
  }
  return undefined;
}

/** The requantization config of built records, for an output with this zero point and clamp. */
export function requantConfig(built: BuiltRecords, output: Pick<SimdRequantConfig, 'outputOffset' | 'actMin' | 'actMax' | 'unsigned'>): SimdRequantConfig {
  const form = built.high ? { high: built.high } : built.short ? { short: built.short } : {};
  return { emax: built.emax, hasLeft: built.hasLeft, ...form, ...output };
}
