/**
 * The four-lane wasm requantization against TFLite's scalar
 * MultiplyByQuantizedMultiplier, in both forms: the general one and the
 * short one chosen when accumulators are bounded. Channel sets cover equal
 * and differing right shifts, left shifts, a multiplier of exactly 2^30 and
 * a dead (zero-multiplier) channel; accumulators are the bounds themselves,
 * values next to every rounding tie, and random values within the bound.
 */
import { instantiateWasm } from '../helpers/wasm-instance.js';
import test from 'ava';
import { loadBinaryen, ModuleBuilder } from '../../compiler/emit-wasm/binaryen.js';
import { buildRecords, RECORD_BYTES, simdRequant, type SimdRequantConfig } from '../../compiler/emit-wasm/kernels/simd-requant.js';
import { multiplyByQuantizedMultiplier } from '../../compiler/quant/fixed-point.js';

type Requant = (acc: Int32Array) => Int32Array;

/** A module requantizing one i32x4 at address 0 with the record at 16, into address 16 + RECORD_BYTES. */
async function requantizer(rq: SimdRequantConfig, records: Uint8Array): Promise<Requant> {
  const mb = new ModuleBuilder(await loadBinaryen(), true);
  mb.setMemory(1, []);
  mb.addFunction('rq', [], mb.t.none, (f) => {
    const rec = f.local(f.t.i32);
    return f.block([
      rec.set(f.i32(16)),
      f.m.v128.store(0, 16, f.i32(16 + RECORD_BYTES), simdRequant(f, rq, f.m.v128.load(0, 16, f.i32(0)), rec, 0)),
    ]);
  });
  mb.exportFunction('rq', 'rq');
  const bytes = mb.finish();
  mb.dispose();
  const ex = await instantiateWasm<{ rq: () => void }>(bytes);
  new Uint8Array(ex.memory.buffer, 16, RECORD_BYTES).set(records);
  return (acc) => {
    new Int32Array(ex.memory.buffer, 0, 4).set(acc);
    ex.rq();
    return new Int32Array(ex.memory.buffer.slice(16 + RECORD_BYTES, 32 + RECORD_BYTES));
  };
}

interface Channels {
  name: string;
  multipliers: number[];
  shifts: number[];
  bounds: number[];
}

const CHANNEL_SETS: Channels[] = [
  { name: 'one shift', multipliers: [1518500250, 1518500250, 1518500250, 1518500250], shifts: [-7, -7, -7, -7], bounds: [300000, 300000, 300000, 300000] },
  { name: 'spread shifts', multipliers: [1073741824, 2147483647, 1300000000, 1900000001], shifts: [-1, -9, -4, -12], bounds: [200000, 150000, 90000, 2000] },
  { name: 'left and right shifts', multipliers: [1200000000, 1717986918, 1073741824, 2000000000], shifts: [2, 0, -3, -6], bounds: [60000, 400000, 250000, 250000] },
  { name: 'dead channel', multipliers: [0, 1400000000, 1600000000, 1073741824], shifts: [-5, -5, -8, 0], bounds: [1000, 100000, 100000, 100000] },
];

/** Deterministic pseudo-random integers in [−bound, bound]. */
function* randomWithin(bounds: number[], count: number): Generator<Int32Array> {
  let seed = 12345;
  const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) yield Int32Array.from(bounds, (b) => Math.round((next() * 2 - 1) * b));
}

/** Accumulators at and next to each lane's rounding ties, at the bounds, and small values. */
function* edges(c: Channels): Generator<Int32Array> {
  for (const sign of [1, -1]) yield Int32Array.from(c.bounds, (b) => sign * b);
  for (let v = -40; v <= 40; v++) yield Int32Array.from(c.bounds, () => v);
  // x with x·m/2^(31+e) within one unit of k + 1/2, for several k: where both roundings can go wrong.
  for (let k = -50; k <= 50; k++) {
    for (const delta of [-2, -1, 0, 1, 2]) {
      yield Int32Array.from(c.multipliers, (m, lane) => {
        if (m === 0) return k;
        const e = c.shifts[lane]! > 0 ? 0 : -c.shifts[lane]!;
        const left = 2 ** Math.max(c.shifts[lane]!, 0);
        const x = Math.round(((k + 0.5) * 2 ** (31 + e)) / m / left) + delta;
        return Math.max(-c.bounds[lane]!, Math.min(c.bounds[lane]!, x));
      });
    }
  }
}

for (const c of CHANNEL_SETS) {
  for (const form of ['general', 'short'] as const) {
    test(`wasm requantization, ${form} form, ${c.name}: equals MultiplyByQuantizedMultiplier`, async (t) => {
      const built = buildRecords([0, 0, 0, 0], c.multipliers, c.shifts, 4, form === 'short' ? c.bounds : undefined);
      t.truthy(built, 'records built');
      t.is(built!.short !== undefined, form === 'short', 'the bounds select the form');
      const rq: SimdRequantConfig = { emax: built!.emax, hasLeft: built!.hasLeft, outputOffset: 0, actMin: -128, actMax: 127, ...(built!.short ? { short: built!.short } : {}) };
      const run = await requantizer(rq, built!.records);
      let checked = 0;
      for (const acc of [...edges(c), ...randomWithin(c.bounds, 20000)]) {
        const got = run(acc);
        for (let lane = 0; lane < 4; lane++) {
          const want = c.multipliers[lane] === 0 ? 0 : multiplyByQuantizedMultiplier(acc[lane]!, c.multipliers[lane]!, c.shifts[lane]!);
          if (got[lane] !== want) {
            t.fail(`lane ${lane}: acc ${acc[lane]} gives ${got[lane]}, reference ${want}`);
            return;
          }
          checked++;
        }
      }
      t.true(checked > 80000);
    });
  }
}

test('accumulators too large for the short form keep the general one', (t) => {
  const built = buildRecords([0, 0, 0, 0], [1073741824, 1073741824, 1073741824, 1073741824], [-1, -20, -1, -1], 4, [2 ** 20, 2 ** 20, 2 ** 20, 2 ** 20]);
  t.is(built!.short, undefined);
});
