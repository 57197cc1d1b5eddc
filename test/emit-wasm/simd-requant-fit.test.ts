/**
 * Fitted lanes of the high-word requantization (simd-requant-fit.ts) run
 * as wasm against TFLite's scalar MultiplyByQuantizedMultiplier, zero point
 * and activation clamp: synthetic channel sets mixing ordinary and tiny
 * scales (a range straddling a rounding tie, constant ranges, a multiplier
 * of exactly 2^30, a channel with a dozen change points, one with two far
 * apart, a dead and a left-shifted channel) in int8 and uint8, with the scale multiplied or
 * folded and the bias added either way, and every layer of vww_96_int8.
 * Each channel is checked over its whole range when it is small, else at
 * its ends, at every change point of the reference and the points next to
 * it, and at random points. A planted off-by-one rounding term must fail.
 */
import test from 'ava';
import { changePoints, referenceOutput, verifyFittedLane, type AccumulatorRange } from '../../compiler/emit-wasm/kernels/simd-requant-fit.js';
import { buildRecords, F_BIAS, F_HIGH_ROUND, F_MULT, RECORD_BYTES, type ChannelWeights, type SimdRequantConfig } from '../../compiler/emit-wasm/kernels/simd-requant-records.js';
import { importModel } from '../../compiler/import/index.js';
import { requantize } from '../../compiler/ops/common/requantize.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';
import { opOutputStages } from '../helpers/output-stages.js';
import { mismatches, type Channel, type Stage } from '../helpers/requant-check.js';

/** A synthetic channel: multiplier, shift and the range of x. */
interface Spec {
  m: number;
  shift: number;
  range: AccumulatorRange;
}

/** A range of half-width w around the x where x·m / 2^(31+e) is `value` (a tie at k + 1/2, or a plateau). */
const around = (value: number, m: number, e: number, w: number): AccumulatorRange => {
  const centre = Math.round((value * 2 ** (31 + e)) / m);
  return { lo: centre - w, hi: centre + w };
};

const MIXED: Spec[] = [
  { m: 1518500250, shift: -7, range: { lo: -300000, hi: 250000 } },
  { m: 1300000001, shift: -9, range: { lo: -400000, hi: 400000 } },
  { m: 1800000000, shift: -27, range: around(6.5, 1800000000, 27, 300000) },
  { m: 1400000000, shift: -29, range: around(1, 1400000000, 29, 500000) },
  { m: 1073741824, shift: -8, range: { lo: -200000, hi: 200000 } },
  { m: 1600000000, shift: -14, range: { lo: -131072, hi: 131072 } },
  { m: 0, shift: 0, range: { lo: -1000, hi: 1000 } },
  { m: 1200000000, shift: 1, range: { lo: -6000, hi: 6000 } },
  { m: 1900000000, shift: -26, range: around(-4.5, 1900000000, 26, 200000) },
  { m: 1100000000, shift: -30, range: around(-0.5, 1100000000, 30, 2000) },
  { m: 2000000000, shift: -20, range: around(2.5, 2000000000, 20, 3000) },
  { m: 1700000000, shift: -8, range: { lo: -1500, hi: 1500 } },
  // Two change points far apart for the shift's resolution: fitted with the sign step on one and h's step on the other.
  { m: 1500000000, shift: -22, range: around(2, 1500000000, 22, 7800000) },
];
/** Channels that cannot be exact under any shift the ordinary ones allow. */
const TINY = [2, 3, 8, 9, 12];

const TARGETS = [
  { name: 'int8, clamp at the zero point', outputOffset: -128, actMin: -128, actMax: 127, unsigned: false },
  { name: 'int8, narrow clamp', outputOffset: 5, actMin: -100, actMax: 120, unsigned: false },
  { name: 'uint8', outputOffset: 128, actMin: 0, actMax: 255, unsigned: true },
];

/** Records for the mixed set: biases stand in for the folded bias (any int32 works). */
function mixedStage(target: (typeof TARGETS)[number], foldable: boolean): { stage: Stage; channels: Channel[]; fitted: number[] } {
  const biases = MIXED.map((_, c) => (c * 7919 - 30000) | 0);
  const bounds = MIXED.map((s) => Math.max(Math.abs(s.range.lo), Math.abs(s.range.hi)));
  // Depth-1 weights of ±1 stand for the kernel's (the check feeds x directly); the left-shifted channel 7's exact scale
  // 2^(1 + 2 + E) leaves int16 for any nonzero weight, so it holds 0.
  const weights: ChannelWeights = { weights: Int8Array.from(MIXED, (_, c) => (c === 7 ? 0 : c % 2 ? 1 : -1)), channels: MIXED.length, depth: 1, layout: 'channel-major' };
  const built = buildRecords(biases, MIXED.map((s) => s.m), MIXED.map((s) => s.shift), MIXED.length, {
    bounds, outputOffset: target.outputOffset, ranges: MIXED.map((s) => s.range), activation: target, ...(foldable ? { foldable: weights } : {}),
  })!;
  const rq: SimdRequantConfig = { emax: built.emax, hasLeft: built.hasLeft, outputOffset: target.outputOffset, actMin: target.actMin, actMax: target.actMax,
    ...(built.high ? { high: built.high } : {}), ...(target.unsigned ? { unsigned: true } : {}) };
  const channels = MIXED.map((s, c) => ({ range: s.range, bias: biases[c]!, reference: s.m === 0 ? () => Math.min(target.actMax, Math.max(target.actMin, target.outputOffset)) : referenceOutput(s.m, s.shift, target) }));
  return { stage: { records: built.records, rq, channelScales: built.channelScales }, channels, fitted: built.fitted ?? [] };
}

for (const target of TARGETS) {
  for (const foldable of [false, true]) {
    for (const biasAdded of [false, true]) {
      test(`fitted high-word lanes, ${target.name}, scale ${foldable ? 'folded' : 'multiplied'}, bias ${biasAdded ? 'in the accumulator' : 'added'}: equal the reference over each range`, async (t) => {
        const { stage, channels, fitted } = mixedStage(target, foldable);
        t.truthy(stage.rq.high, 'the high-word form is chosen');
        t.deepEqual(stage.rq.high!.scale.kind, foldable ? 'folded' : 'multiply');
        for (const c of TINY) t.true(fitted.includes(c), `tiny-scale channel ${c} is fitted`);
        t.log(`E = ${stage.rq.emax}, fitted channels ${fitted.join(' ')}`);
        if (!foldable) {
          // Channel 12 (group 3, lane 0) is anchored: x' = x − p for one of its change points, and a live multiplier.
          const ints = new Int32Array(stage.records.slice().buffer);
          const offset = channels[12]!.bias - ints[(3 * RECORD_BYTES + F_BIAS) / 4]!;
          t.true(changePoints(channels[12]!.reference, MIXED[12]!.range.lo, MIXED[12]!.range.hi).includes(offset), 'anchored on a change point');
          t.not(ints[(3 * RECORD_BYTES + F_MULT) / 4], 0);
        }
        const { bad, checked } = await mismatches(stage, channels, biasAdded);
        t.deepEqual(bad, []);
        t.true(checked > 20000);
      });
    }
  }
}

test('a planted off-by-one rounding term in a fitted lane is caught by the check and by the fit verification', async (t) => {
  const target = TARGETS[0]!;
  const { stage, channels } = mixedStage(target, false);
  // Channel 2's range straddles one tie: its fit puts the step exactly there, so R' has no slack.
  const at = (0 * RECORD_BYTES + F_HIGH_ROUND) / 4 + 2;
  const planted = new Int32Array(stage.records.slice().buffer);
  planted[at] = planted[at]! - 1;
  const { bad } = await mismatches({ ...stage, records: new Uint8Array(planted.buffer) }, channels, false);
  t.true(bad.length > 0, 'the wasm check finds the planted error');
  t.true(bad.every((b) => b.startsWith('channel 2:')));
  const E = stage.rq.emax;
  const lane = (r: Int32Array): { offset: number; scaleBits: number; multiplier: number; round: number; negative: number } => ({
    offset: channels[2]!.bias - r[(F_BIAS / 4) + 2]!, scaleBits: Math.log2(r[8 + 2]!), multiplier: r[4 + 2]!, round: r[at]!, negative: r[16 + 2]!,
  });
  const original = new Int32Array(stage.records.slice().buffer);
  const spec = MIXED[2]!;
  const F = referenceOutput(spec.m, spec.shift, target);
  const points = changePoints(F, spec.range.lo, spec.range.hi);
  t.is(points.length, 1);
  t.true(verifyFittedLane(lane(original), E, F, spec.range, target, points), 'the fitted lane verifies');
  t.false(verifyFittedLane(lane(planted), E, F, spec.range, target, points), 'the planted lane does not');
});

test('change points equal a brute-force scan of the reference', (t) => {
  for (const target of TARGETS) {
    for (const s of MIXED.filter((x) => x.m !== 0)) {
      const F = referenceOutput(s.m, s.shift, target);
      for (const [lo, hi] of [[-3000, 3000], [s.range.lo, s.range.lo + 5000], [s.range.hi - 5000, s.range.hi]] as const) {
        const scan: number[] = [];
        for (let x = lo + 1; x <= hi; x++) if (F(x) !== F(x - 1)) scan.push(x);
        t.deepEqual(changePoints(F, lo, hi), scan);
      }
    }
  }
});

test('vww_96_int8 without the float-rounding form: every layer\'s SIMD requantization equals the reference over each channel\'s range', async (t) => {
  const g = importModel(modelBytes(oracleEntry('mlperf-tiny-vww-mobilenet__vww_96_int8')), 'vww_96_int8');
  const stages = opOutputStages(g, false);
  let withFitted = 0;
  for (const s of stages) {
    const fitted = s.stage.fittedChannels ?? [];
    if (fitted.length > 0) withFitted++;
    const form = s.stage.rq.high ? `high-word (${s.stage.rq.high.scale.kind})` : s.stage.rq.short ? 'short' : 'general';
    t.log(`${s.op.kind} ${s.opIndex}: ${form}, E ${s.stage.rq.emax}, ${fitted.length} of ${s.biases.length} channels fitted`);
    const channels = s.biases.map((bias, c) => ({ range: s.ranges[c]!, bias, reference: (x: number) => requantize(x, c, s.prepared) }));
    // The matrix kernel starts its accumulators at the record's bias; the depthwise kernel adds it after.
    const { bad, checked } = await mismatches(s.stage, channels, s.op.kind !== 'depthwise_conv2d');
    t.deepEqual(bad, [], `${s.op.kind} ${s.opIndex}`);
    t.true(checked > s.biases.length * 4);
  }
  t.true(stages.every((s) => s.stage.rq.high !== undefined), 'every layer takes the high-word form');
  t.true(withFitted >= 9, 'the deep pointwise layers have fitted channels');
});
