/**
 * The four-lane wasm requantization against TFLite's scalar
 * MultiplyByQuantizedMultiplier, in every form: the general one, the short
 * one and the high-word one (its scale multiplied, shifted, or folded into
 * the accumulator as a kernel with int16 weights does, wholly or less a
 * common left shift the code applies; its bias added here or already in
 * the accumulator). Channel sets cover equal and differing
 * right shifts, left shifts, a multiplier of exactly 2^30, a dead
 * (zero-multiplier) channel, nonzero biases and zero points, and bounds at
 * the high-word form's limit; accumulators are the bounds themselves,
 * values next to every rounding tie, and random values within the bound.
 * Each lane's int32 result and its clamped output byte are checked; with
 * a ReLU range (activation minimum at the zero point) the high-word form
 * leaves out its sign term, and negative accumulators must still give the
 * reference's bytes.
 */
import { instantiateWasm } from '../helpers/wasm-instance.js';
import test, { type ExecutionContext } from 'ava';
import { loadBinaryen, ModuleBuilder } from '../../compiler/emit-wasm/binaryen.js';
import { negativesClamp, requantLanes, toBytes } from '../../compiler/emit-wasm/kernels/simd-requant.js';
import { buildRecords, RECORD_BYTES, type BuiltRecords, type ChannelWeights, type SimdRequantConfig } from '../../compiler/emit-wasm/kernels/simd-requant-records.js';
import { multiplyByQuantizedMultiplier } from '../../compiler/quant/fixed-point.js';

type Requant = (acc: Int32Array) => { lanes: Int32Array; bytes: Int8Array };

const RECORD_AT = 16;
const OUT_AT = RECORD_AT + RECORD_BYTES;

/** A module requantizing one i32x4 at address 0 with the record at 16: int32 lanes and bytes after the record. */
async function requantizer(rq: SimdRequantConfig, records: Uint8Array, biasAdded: boolean): Promise<Requant> {
  const mb = new ModuleBuilder(await loadBinaryen(), true);
  mb.setMemory(1, []);
  mb.addFunction('rq', [], mb.t.none, (f) => {
    const rec = f.local(f.t.i32);
    const lanes = f.local(f.t.v128);
    return f.block([
      rec.set(f.i32(RECORD_AT)),
      lanes.set(requantLanes(f, rq, f.m.v128.load(0, 16, f.i32(0)), rec, 0, biasAdded)),
      f.m.v128.store(0, 16, f.i32(OUT_AT), lanes.get()),
      f.m.v128.store(0, 16, f.i32(OUT_AT + 16), toBytes(f, rq, lanes.get())),
    ]);
  });
  mb.exportFunction('rq', 'rq');
  const bytes = mb.finish();
  mb.dispose();
  const ex = await instantiateWasm<{ rq: () => void }>(bytes);
  new Uint8Array(ex.memory.buffer, RECORD_AT, RECORD_BYTES).set(records);
  return (acc) => {
    new Int32Array(ex.memory.buffer, 0, 4).set(acc);
    ex.rq();
    return { lanes: new Int32Array(ex.memory.buffer.slice(OUT_AT, OUT_AT + 16)), bytes: new Int8Array(ex.memory.buffer.slice(OUT_AT + 16, OUT_AT + 20)) };
  };
}

interface Channels {
  name: string;
  multipliers: number[];
  shifts: number[];
  /** Largest |accumulator + bias| per lane. */
  bounds: number[];
  biases: number[];
  outputOffset: number;
}

const right = (shift: number): number => (shift > 0 ? 0 : -shift);
/** The largest bound the high-word form takes: |x|·2^(left + 2 + emax − e) below 2^31. */
function highLimit(shifts: number[]): number[] {
  const emax = Math.max(0, ...shifts.map(right));
  return shifts.map((s) => Math.floor((2 ** 31 - 1) / 2 ** (Math.max(s, 0) + 2 + emax - right(s))));
}
const LIMIT_SHIFTS = [-3, -9, -6, 1];

const CHANNEL_SETS: Channels[] = [
  { name: 'one shift', multipliers: [1518500250, 1518500250, 1518500250, 1518500250], shifts: [-7, -7, -7, -7], bounds: [300000, 300000, 300000, 300000], biases: [0, 0, 0, 0], outputOffset: 0 },
  { name: 'spread shifts', multipliers: [1073741824, 2147483647, 1300000000, 1900000001], shifts: [-1, -9, -4, -12], bounds: [200000, 150000, 90000, 2000], biases: [-5000, 17, 0, 999], outputOffset: -128 },
  { name: 'left and right shifts', multipliers: [1200000000, 1717986918, 1073741824, 2000000000], shifts: [2, 0, -3, -6], bounds: [60000, 400000, 250000, 250000], biases: [3, -3, 40000, -40000], outputOffset: 5 },
  { name: 'dead channel', multipliers: [0, 1400000000, 1600000000, 1073741824], shifts: [-5, -5, -8, 0], bounds: [1000, 100000, 100000, 100000], biases: [0, 1, 2, 3], outputOffset: -7 },
  { name: 'spread, multipliers above 2^30', multipliers: [1073741825, 2147483647, 1300000000, 1900000001], shifts: [-7, -9, -8, -11], bounds: [200000, 150000, 90000, 100000], biases: [-5000, 17, 0, 999], outputOffset: -128 },
  { name: 'left shift, dead channel, above 2^30', multipliers: [1200000000, 0, 1717986918, 2000000000], shifts: [1, -12, 0, -2], bounds: [60000, 1000, 400000, 250000], biases: [3, -3, 400, -400], outputOffset: 100 },
  // Scales 2^10 … 2^2: against int8 weights of ±128 the fold leaves a left shift of 2 (foldShift).
  { name: 'spread of eight, multipliers above 2^30', multipliers: [1500000000, 1200000000, 2000000000, 1100000001], shifts: [-2, -10, -6, -9], bounds: [100000, 300000, 200000, 300000], biases: [77, -77, 0, 5], outputOffset: -128 },
  { name: 'bounds at the high-word limit', multipliers: [1518500250, 1100000000, 2147483647, 1300000001], shifts: LIMIT_SHIFTS, bounds: highLimit(LIMIT_SHIFTS), biases: [12345, -54321, 7, -7], outputOffset: -1 },
];

/** Deterministic pseudo-random integers in [−bound, bound]. */
function* randomWithin(bounds: number[], count: number): Generator<Int32Array> {
  let seed = 12345;
  const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) yield Int32Array.from(bounds, (b) => Math.round((next() * 2 - 1) * b));
}

/** Values of x = accumulator + bias at and next to each lane's rounding ties, at the bounds, and small values. */
function* edges(c: Channels): Generator<Int32Array> {
  for (const sign of [1, -1]) yield Int32Array.from(c.bounds, (b) => sign * b);
  for (let v = -40; v <= 40; v++) yield Int32Array.from(c.bounds, () => v);
  // x with x·m/2^(31+e) within one unit of k + 1/2, for several k: where both roundings can go wrong.
  for (let k = -50; k <= 50; k++) {
    for (const delta of [-2, -1, 0, 1, 2]) {
      yield Int32Array.from(c.multipliers, (m, lane) => {
        if (m === 0) return k;
        const e = right(c.shifts[lane]!);
        const left = 2 ** Math.max(c.shifts[lane]!, 0);
        const x = Math.round(((k + 0.5) * 2 ** (31 + e)) / m / left) + delta;
        return Math.max(-c.bounds[lane]!, Math.min(c.bounds[lane]!, x));
      });
    }
  }
}

/** How a test builds and feeds the stage: the form asked for, and what the kernel would have done to the accumulator. */
interface Form {
  name: string;
  /** Bounds given (short and high-word forms), high-word form allowed. */
  bounded: boolean;
  high: boolean;
  /** The kernel's weights take the scale (depth-1 weights of ±1 stand for them in the fold check). */
  foldable: boolean;
  /** Weights of ±128 in the fold check, and the kernel may leave a common left shift of the scale to the code. */
  foldShift?: boolean;
  /** The accumulator starts at the bias. */
  biasAdded: boolean;
}

const FORMS: Form[] = [
  { name: 'general', bounded: false, high: false, foldable: false, biasAdded: false },
  { name: 'short', bounded: true, high: false, foldable: false, biasAdded: false },
  { name: 'high-word', bounded: true, high: true, foldable: false, biasAdded: false },
  { name: 'high-word, bias in the accumulator', bounded: true, high: true, foldable: false, biasAdded: true },
  { name: 'high-word, scale folded into the weights', bounded: true, high: true, foldable: true, biasAdded: false },
  { name: 'high-word, scale folded into weights of ±128 less a left shift', bounded: true, high: true, foldable: true, foldShift: true, biasAdded: true },
];

/** Weights standing for a kernel's in the fold check: ±1, or ±128 (int8's widest) with `foldShift`. */
const foldWeights = (form: Form): ChannelWeights =>
  ({ weights: Int8Array.from(form.foldShift ? [-128, 127, -128, 127] : [1, -1, 1, -1]), channels: 4, depth: 1, layout: 'channel-major' });

/**
 * A partly folded scale's shape: each live lane's factor times 2^shift is
 * its whole scale 2^(left + 2 + emax − e), and its weight times the factor
 * fits int16.
 */
function checkFolding(t: ExecutionContext, c: Channels, built: BuiltRecords, weights: ChannelWeights): void {
  const scale = built.high!.scale;
  if (scale.kind !== 'folded') return;
  const shift = scale.shift ?? 0;
  for (let lane = 0; lane < 4; lane++) {
    if (c.multipliers[lane] === 0) continue;
    const whole = 2 ** (Math.max(c.shifts[lane]!, 0) + 2 + built.emax - right(c.shifts[lane]!));
    t.is(built.channelScales![lane]! * 2 ** shift, whole, `lane ${lane}: factor · 2^shift is the scale`);
    t.true(Math.abs(weights.weights[lane]! * built.channelScales![lane]!) <= 32768, `lane ${lane}: folded weight in int16`);
  }
}

/**
 * Activation ranges: a plain one below every zero point but −128, ReLU's
 * (from the zero point up), and one starting just below the zero point,
 * where a result of −1 must stay distinct from 0.
 */
const RANGES = [
  { name: '', actMin: (): number => -100, actMax: 120 },
  { name: ', ReLU range', actMin: (zeroPoint: number): number => Math.max(-128, zeroPoint), actMax: 127 },
  { name: ', minimum one below the zero point', actMin: (zeroPoint: number): number => Math.max(-128, zeroPoint - 1), actMax: 127 },
];

for (const range of RANGES) {
  for (const c of CHANNEL_SETS) {
    // The ReLU range only changes the high-word form.
    for (const form of FORMS.filter((fm) => range.name === '' || fm.high)) {
      test(`wasm requantization, ${form.name} form, ${c.name}${range.name}: equals MultiplyByQuantizedMultiplier`, async (t) => {
        const actMin = range.actMin(c.outputOffset);
        const actMax = range.actMax;
        const foldable = foldWeights(form);
        const built = buildRecords(c.biases, c.multipliers, c.shifts, 4, {
          ...(form.bounded ? { bounds: c.bounds } : {}), outputOffset: c.outputOffset, highWord: form.high,
          ...(form.foldable ? { foldable, foldShift: form.foldShift === true } : {}),
        });
        t.truthy(built, 'records built');
        const highFits = c.multipliers.every((m) => m === 0 || m > 2 ** 30);
        t.is(built!.high !== undefined, form.high && highFits, 'the multipliers and bounds select the high-word form');
        if (!form.high) t.is(built!.short !== undefined, form.bounded, 'the bounds select the short form');
        // ±128 weights may not take the scale even with a shift (then it is multiplied); ±1 weights always do.
        if (!form.foldShift) t.is(built!.channelScales !== undefined, form.foldable && built!.high !== undefined, 'a folded scale is reported');
        if (built!.high) checkFolding(t, c, built!, foldable);
        const rq: SimdRequantConfig = {
          emax: built!.emax, hasLeft: built!.hasLeft, outputOffset: c.outputOffset, actMin, actMax,
          ...(built!.short ? { short: built!.short } : {}), ...(built!.high ? { high: built!.high } : {}),
        };
        const clamps = negativesClamp(rq);
        if (range.name !== '') t.is(clamps, built!.high !== undefined && actMin >= c.outputOffset, 'a range from the zero point up drops the sign term of the high-word form');
        const run = await requantizer(rq, built!.records, form.biasAdded);
        const scales = built!.channelScales ?? [1, 1, 1, 1];
        // What the kernel hands over for x = accumulator + bias (a folded scale multiplies its accumulator).
        const feed = (x: Int32Array): Int32Array => Int32Array.from(x, (v, lane) => Math.imul(form.biasAdded ? v : v - c.biases[lane]!, scales[lane]!));
        let checked = 0;
        for (const x of [...edges(c), ...randomWithin(c.bounds, 20000)]) {
          const got = run(feed(x));
          for (let lane = 0; lane < 4; lane++) {
            const want = c.multipliers[lane] === 0 ? 0 : multiplyByQuantizedMultiplier(x[lane]!, c.multipliers[lane]!, c.shifts[lane]!);
            const wantLane = want + (built!.high ? c.outputOffset : 0);
            const wantByte = Math.max(actMin, Math.min(actMax, want + c.outputOffset));
            // Without the sign term a negative x's lane may differ, but both are at or below actMin.
            const laneOk = got.lanes[lane] === wantLane || (clamps && x[lane]! < 0 && got.lanes[lane]! <= actMin && wantLane <= actMin);
            if (!laneOk || got.bytes[lane] !== wantByte) {
              t.fail(`lane ${lane}: x ${x[lane]} gives ${got.lanes[lane]} (byte ${got.bytes[lane]}), reference ${wantLane} (byte ${wantByte})`);
              return;
            }
            checked++;
          }
        }
        t.true(checked > 80000);
      });
    }
  }
}

test('accumulators too large for the short form keep the general one', (t) => {
  const built = buildRecords([0, 0, 0, 0], [1073741824, 1073741824, 1073741824, 1073741824], [-1, -20, -1, -1], 4, { bounds: [2 ** 20, 2 ** 20, 2 ** 20, 2 ** 20] });
  t.is(built!.short, undefined);
  t.is(built!.high, undefined);
});

test('one past the high-word limit keeps the short form', (t) => {
  const c = CHANNEL_SETS.find((s) => s.name === 'bounds at the high-word limit')!;
  t.truthy(buildRecords(c.biases, c.multipliers, c.shifts, 4, { bounds: c.bounds })!.high);
  for (let lane = 0; lane < 4; lane++) {
    const past = c.bounds.map((b, i) => (i === lane ? b + 1 : b));
    const built = buildRecords(c.biases, c.multipliers, c.shifts, 4, { bounds: past })!;
    t.is(built.high, undefined, `lane ${lane}`);
    t.truthy(built.short, `lane ${lane}`);
  }
});

test('a scale too wide for int16 weights folds less a common left shift when the kernel allows it', (t) => {
  const c = CHANNEL_SETS.find((s) => s.name === 'spread of eight, multipliers above 2^30')!;
  const weights = foldWeights({ name: '', bounded: true, high: true, foldable: true, foldShift: true, biasAdded: true });
  const options = { bounds: c.bounds, outputOffset: c.outputOffset, foldable: weights };
  t.deepEqual(buildRecords(c.biases, c.multipliers, c.shifts, 4, options)!.high?.scale, { kind: 'multiply' });
  const shifted = buildRecords(c.biases, c.multipliers, c.shifts, 4, { ...options, foldShift: true })!;
  t.deepEqual(shifted.high?.scale, { kind: 'folded', shift: 2 });
  t.deepEqual(shifted.channelScales, [256, 1, 16, 2]);
  // A spread of nine leaves no shift that both keeps every factor whole and fits lane 0's weight.
  const wider = buildRecords(c.biases, c.multipliers, [-1, -10, -6, -9], 4, { ...options, foldShift: true })!;
  t.deepEqual(wider.high?.scale, { kind: 'multiply' });
});

test('weights that would leave int16 once scaled are not folded', (t) => {
  const weights: ChannelWeights = { weights: Int8Array.from([-128, 1, 1, 1]), channels: 4, depth: 1, layout: 'channel-major' };
  // Lane 0's scale is 2^(2 + 9 − 3) = 256: −128·256 = −2^15 still fits; one more bit of spread does not.
  const fits = buildRecords([0, 0, 0, 0], [1500000000, 1500000000, 1500000000, 1500000000], [-3, -9, -9, -9], 4, { bounds: [1000, 1000, 1000, 1000], foldable: weights })!;
  t.deepEqual(fits.high?.scale, { kind: 'folded' });
  const over = buildRecords([0, 0, 0, 0], [1500000000, 1500000000, 1500000000, 1500000000], [-3, -10, -10, -10], 4, { bounds: [1000, 1000, 1000, 1000], foldable: weights })!;
  t.deepEqual(over.high?.scale, { kind: 'multiply' });
});
