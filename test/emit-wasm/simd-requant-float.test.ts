/**
 * The float-rounding form of the SIMD requantization (simd-requant-float.ts)
 * against TFLite's scalar MultiplyByQuantizedMultiplier, zero point and
 * activation clamp.
 *
 * - Synthetic channels (multipliers over [2^30, 2^31), right shifts 1–12,
 *   zero points, ReLU, ReLU6 and no clamp, ranges up to ±60,000): every lane
 *   the search returns is checked at every x of its range, which is what
 *   the change-point verification claims; most ReLU lanes must be found, and
 *   lanes whose negative results do not clamp are found less often.
 * - Constant lanes: a pruned channel (bias only, even 2^30, where X wraps)
 *   beside live ones, run as wasm with int8 and uint8 outputs.
 * - Real layers of vww_96_int8, person_detect and kws_ref_model, run as wasm
 *   with the records the kernels get, folded (int8 weights) and shifted
 *   (packed weights), over each channel's range; their early layers must
 *   take the form (they are where it saves most).
 * - Fused (relaxed SIMD's multiply-add rounding once): the lane value
 *   against an exact rational evaluation in BigInt, and lanes searched for
 *   both roundings equal the reference at every x in each.
 * - A planted error (the intercept half a unit of x off, the double
 *   rounding's shift left out) fails both the verification and the wasm check.
 */
import test from 'ava';
import { laneReference, referenceOutput, type FitTarget } from '../../compiler/emit-wasm/kernels/simd-requant-fit.js';
import { EITHER_FORM, floatLane, floatLaneValue, laneAddend, laneInput, ROUNDING_BIAS, verifyFloatLane, type FloatForm, type FloatLane } from '../../compiler/emit-wasm/kernels/simd-requant-float.js';
import { F_BIAS, F_INTERCEPT, simdOutputStage } from '../../compiler/emit-wasm/kernels/simd-requant-records.js';
import { importModel } from '../../compiler/import/index.js';
import type { IntegerOutput } from '../../compiler/ops/common/requantize.js';
import { requantize } from '../../compiler/ops/common/requantize.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';
import { opOutputStages } from '../helpers/output-stages.js';
import { mismatches, random } from '../helpers/requant-check.js';

const TARGETS: Array<{ name: string; target: FitTarget; clampsNegatives: boolean }> = [
  { name: 'ReLU', target: { outputOffset: -128, actMin: -128, actMax: 127 }, clampsNegatives: true },
  { name: 'ReLU6', target: { outputOffset: -128, actMin: -128, actMax: -128 + 60 }, clampsNegatives: true },
  { name: 'no clamp', target: { outputOffset: 3, actMin: -128, actMax: 127 }, clampsNegatives: false },
];

/** A random channel: a multiplier in [2^30, 2^31) and a right shift of 1 to 12. */
function randomChannel(next: () => number): { m: number; shift: number } {
  const m = 2 ** 30 + Math.floor(next() * (2 ** 31 - 1 - 2 ** 30));
  return { m, shift: -1 - Math.floor(next() * 12) };
}

/** The first x of the range where the clamped lane (in `form`) differs from the reference F, or undefined. */
function firstMismatch(lane: FloatLane, target: FitTarget, range: { lo: number; hi: number }, F: (x: number) => number, form: FloatForm = 'unfused'): number | undefined {
  for (let x = range.lo; x <= range.hi; x++) {
    if (Math.min(target.actMax, Math.max(target.actMin, floatLaneValue(lane, target, x, form))) !== F(x)) return x;
  }
  return undefined;
}

for (const { name, target, clampsNegatives } of TARGETS) {
  test(`float-rounding lanes, ${name}: every lane found equals the reference at every x of its range`, (t) => {
    const next = random(name.length * 97);
    let found = 0;
    let checked = 0;
    const CHANNELS = 60;
    for (let c = 0; c < CHANNELS; c++) {
      const { m, shift } = randomChannel(next);
      const half = 1000 + Math.floor(next() * 59000);
      const centre = Math.floor((next() - 0.3) * 20000);
      const range = { lo: centre - half, hi: centre + half };
      const ref = laneReference(m, shift, range, target)!;
      const lane = floatLane(m, shift, range, target, ref);
      if (!lane) continue;
      found++;
      const F = referenceOutput(m, shift, target);
      const x = firstMismatch(lane, target, range, F);
      if (x !== undefined) {
        t.fail(`channel ${c} (m ${m}, shift ${shift}): x ${x} gives ${floatLaneValue(lane, target, x)} before the clamp, reference ${F(x)}`);
        return;
      }
      checked += range.hi - range.lo + 1;
    }
    t.log(`${found} of ${CHANNELS} channels found, ${checked} values checked`);
    if (clampsNegatives) t.true(found >= CHANNELS * 0.8, 'most channels whose negatives clamp take the form');
    else t.true(found < CHANNELS * 0.8, 'ties away from zero on both sides rule out many channels');
    t.true(found > 0);
  });
}

/** round(f32(X)·scale + addend) to an integer, ties to even, as a fused multiply-add with a float32 result in [2^23, 2^24): exact, in BigInt. */
function fusedExact(lane: FloatLane, target: FitTarget, x: number): number {
  const bits = new DataView(new ArrayBuffer(4));
  bits.setFloat32(0, lane.scale);
  const word = bits.getUint32(0);
  const exponent = (word >>> 23) & 0xff;
  const mantissa = BigInt((word & 0x7fffff) | (exponent === 0 ? 0 : 0x800000));
  const shift = BigInt(150 - Math.max(exponent, 1)); // scale = mantissa / 2^shift
  const X = BigInt(Math.fround(laneInput(lane, x)));
  const D = 1n << shift;
  const N = X * mantissa + BigInt(laneAddend(lane, target)) * D;
  let q = N / D;
  if (q * D > N) q -= 1n; // floor for negative N
  const twice = 2n * (N - q * D);
  const rounded = twice < D ? q : twice > D ? q + 1n : q % 2n === 0n ? q : q + 1n;
  return Number(rounded) - ROUNDING_BIAS;
}

test('fused lane values equal an exact rational evaluation of the rounding-once multiply-add', (t) => {
  const next = random(7);
  const target = TARGETS[0]!.target;
  let checked = 0;
  for (let c = 0; c < 40; c++) {
    const { m, shift } = randomChannel(next);
    const range = { lo: -30000, hi: 30000 };
    const ref = laneReference(m, shift, range, target)!;
    const lane = floatLane(m, shift, range, target, ref);
    if (!lane) continue;
    for (let k = 0; k < 2000; k++) {
      const x = range.lo + Math.floor(next() * (range.hi - range.lo + 1));
      const got = floatLaneValue(lane, target, x, 'fused');
      const want = fusedExact(lane, target, x);
      if (got !== want) {
        t.fail(`channel ${c}: x ${x} fused ${got}, exact ${want}`);
        return;
      }
      checked++;
    }
  }
  t.true(checked > 20000, `${checked} values checked`);
});

for (const { name, target } of TARGETS.filter((x) => x.clampsNegatives)) {
  test(`float-rounding lanes for either rounding, ${name}: every lane found equals the reference at every x, fused and unfused`, (t) => {
    const next = random(name.length * 31);
    let found = 0;
    const CHANNELS = 30;
    for (let c = 0; c < CHANNELS; c++) {
      const { m, shift } = randomChannel(next);
      const half = 1000 + Math.floor(next() * 29000);
      const range = { lo: -half, hi: half };
      const ref = laneReference(m, shift, range, target)!;
      const lane = floatLane(m, shift, range, target, ref, undefined, EITHER_FORM);
      if (!lane) continue;
      found++;
      t.true(verifyFloatLane(lane, range, target, ref, EITHER_FORM));
      const F = referenceOutput(m, shift, target);
      for (const form of EITHER_FORM) {
        const x = firstMismatch(lane, target, range, F, form);
        if (x !== undefined) {
          t.fail(`channel ${c} ${form}: x ${x} gives ${floatLaneValue(lane, target, x, form)} before the clamp, reference ${F(x)}`);
          return;
        }
      }
    }
    t.log(`${found} of ${CHANNELS} channels found for both roundings`);
    t.true(found >= CHANNELS * 0.8, 'most channels whose negatives clamp verify both ways');
  });
}

/** An output stage as simdOutputStage takes it, for one set of channels. */
function prepared(multipliers: number[], shifts: number[], target: FitTarget): IntegerOutput {
  return { requant: 'fixed', inputOffset: 0, filterOffsets: [0], multipliers, shifts, scales: [], wideAccumulator: false, weightBits: 8, ...target };
}

/** Outputs the wasm checks: int8 and uint8 (TFLite's older asymmetric quantization), each with ReLU. */
const OUTPUTS: Array<{ dtype: 'i8' | 'u8'; target: FitTarget }> = [
  { dtype: 'i8', target: TARGETS[0]!.target },
  { dtype: 'u8', target: { outputOffset: 37, actMin: 37, actMax: 255 } },
];

for (const { dtype, target } of OUTPUTS) {
  test(`constant lanes, ${dtype} outputs: pruned channels, one with a bias of 2^30, give their constant in wasm beside live ones`, async (t) => {
    // Lanes 0 and 1: live channels; lane 2: a pruned channel whose bias alone is 2^30 (2^8·x wraps int32); lane 3: a tiny scale, constant.
    const multipliers = [1500000000, 1300000000, 1593797991, 1200000000];
    const shifts = [-7, -9, -29, -30];
    const biases = [100, -2000, 2 ** 30, 5000];
    const ranges = [{ lo: -40000, hi: 40000 }, { lo: -90000, hi: 70000 }, { lo: 2 ** 30, hi: 2 ** 30 }, { lo: -3000, hi: 13000 }];
    const p = prepared(multipliers, shifts, target);
    for (const folded of [true, false]) {
      const weights = { weights: Int8Array.from([1, -1, 0, 1]), channels: 4, depth: 1, layout: 'channel-major' as const };
      const stage = simdOutputStage(p, biases, 4, dtype, { foldable: folded ? weights : undefined, ranges })!;
      t.deepEqual(stage.rq.floatRounding, folded ? { folded, fused: true } : { folded, shift: 8, fused: true }, 'the float-rounding form is chosen, verified for either rounding');
      t.is(stage.rq.unsigned === true, dtype === 'u8');
      const channels = biases.map((bias, c) => ({ range: ranges[c]!, bias, reference: referenceOutput(multipliers[c]!, shifts[c]!, target) }));
      const { bad, checked } = await mismatches(stage, channels, folded);
      t.deepEqual(bad, [], folded ? 'folded' : 'shifted');
      t.true(checked > 1000);
    }
  });
}

/** The models, and their first layers, which must take the form: the largest feature maps, where it saves most time. */
const MODELS: Array<[string, number[]]> = [
  ['mlperf-tiny-vww-mobilenet__vww_96_int8', [0, 1, 2, 3, 4, 5]],
  ['tflm-person-detection__person_detect', [0, 1, 2, 3]],
  ['mlperf-tiny-kws-dscnn__kws_ref_model', [0, 1]],
];

for (const [id, first] of MODELS) {
  test(`${id.split('__')[1]}: layers in the float-rounding form equal the reference over each channel's range, folded and shifted`, async (t) => {
    const g = importModel(modelBytes(oracleEntry(id)), id);
    const stages = opOutputStages(g);
    const rounded = stages.filter((s) => s.stage.rq.floatRounding !== undefined);
    t.log(`${rounded.length} of ${stages.length} layers in the float-rounding form: ${rounded.map((s) => s.opIndex).join(' ')}`);
    t.true(first.every((i) => rounded.some((s) => s.opIndex === i)), `layers ${first.join(' ')} take the form`);
    let withShift = 0;
    for (const s of rounded) {
      const channels = s.biases.map((bias, c) => ({ range: s.ranges[c]!, bias, reference: (x: number) => requantize(x, c, s.prepared) }));
      // The matrix kernel starts its accumulators at the record's bias; the depthwise kernel adds it after.
      const biasAdded = s.op.kind !== 'depthwise_conv2d';
      const folded = await mismatches(s.stage, channels, biasAdded);
      t.deepEqual(folded.bad, [], `${s.op.kind} ${s.opIndex}, folded`);
      // Packed weights hold no 2^bits: one shift for all lanes in the code, where every channel verifies with one.
      const shifted = simdOutputStage(s.prepared, s.biases, s.biases.length, 'i8', { ranges: s.ranges })!;
      if (shifted.rq.floatRounding?.folded === false) {
        withShift++;
        const unfolded = await mismatches(shifted, channels, biasAdded);
        t.deepEqual(unfolded.bad, [], `${s.op.kind} ${s.opIndex}, shifted`);
      }
      t.true(folded.checked > s.biases.length * 4);
    }
    t.log(`${withShift} of them also in the shifted variant`);
    t.true(withShift >= rounded.length / 2);
  });
}

test('a lane without the double rounding\'s shift fails the verification and the wasm check', async (t) => {
  const target = TARGETS[0]!.target;
  const m = 1740558766;
  const shift = -6;
  const range = { lo: -18152, hi: 72883 };
  const ref = laneReference(m, shift, range, target)!;
  const lane = floatLane(m, shift, range, target, ref)!;
  t.truthy(lane);
  // 2^30/m units of x, about 0.62 here: half a unit of x off leaves levels one x late.
  const planted = { ...lane, intercept: lane.intercept - 2 ** (lane.fractionBits - 1) };
  t.false(verifyFloatLane(planted, range, target, ref), 'the verification refuses it');
  const p = prepared([m, m, m, m], [shift, shift, shift, shift], target);
  const stage = simdOutputStage(p, [0, 0, 0, 0], 4, 'i8', { ranges: [range, range, range, range] })!;
  const records = new Int32Array(stage.records.slice().buffer);
  // The shifted form keeps C in the record (its lane search has one choice of fraction bits: a lane of its own).
  const shiftedLane = floatLane(m, shift, range, target, ref, [8])!;
  t.is(records[F_INTERCEPT / 4], shiftedLane.intercept);
  records[F_INTERCEPT / 4] = shiftedLane.intercept - 2 ** 7;
  const channels = [0, 1, 2, 3].map(() => ({ range, bias: 0, reference: referenceOutput(m, shift, target) }));
  const { bad } = await mismatches({ ...stage, records: new Uint8Array(records.buffer) }, channels, false);
  t.true(bad.length > 0 && bad.every((b) => b.startsWith('channel 0:')), 'the wasm check finds it in lane 0 only');
  t.is(records[F_BIAS / 4], 0);
});
