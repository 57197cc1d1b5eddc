/**
 * Runs an SIMD output stage (records and config, as a kernel would build
 * them) as wasm over many accumulators and compares each output byte with
 * a per-channel reference: every x of a channel's range when it is small,
 * else its ends, the points around each change point of the reference and
 * random points. Shared by the requantization tests on synthetic channels
 * and on real layers.
 */
import { loadBinaryen, ModuleBuilder } from '../../compiler/emit-wasm/binaryen.js';
import { changePoints, type AccumulatorRange } from '../../compiler/emit-wasm/kernels/simd-requant-fit.js';
import { F_BIAS, type SimdRequantConfig } from '../../compiler/emit-wasm/kernels/simd-requant-records.js';
import { recordBytes, requantLanes, toBytes } from '../../compiler/emit-wasm/kernels/simd-requant.js';
import { instantiateWasm } from './wasm-instance.js';

const IN_AT = 32768;
const MAX_VECTORS = 16384;
const OUT_AT = IN_AT + MAX_VECTORS * 16;
const BYTES_AT = OUT_AT + MAX_VECTORS * 16;
const PAGES = Math.ceil((BYTES_AT + MAX_VECTORS * 4 + 16) / 65536);

type Batch = (group: number, acc: Int32Array) => Uint8Array;

/** A module requantizing `count` i32x4 with group `group`'s record (records from address 0): each vector's four output bytes. */
async function batchRequantizer(rq: SimdRequantConfig, records: Uint8Array, biasAdded: boolean): Promise<Batch> {
  const mb = new ModuleBuilder(await loadBinaryen(), true);
  mb.setMemory(PAGES, []);
  mb.addFunction('rq', [mb.t.i32, mb.t.i32], mb.t.none, (f) => {
    const [group, count] = f.params(2);
    const [rec, i] = [f.local(f.t.i32), f.local(f.t.i32)];
    const m = f.m;
    const lanes = f.local(f.t.v128);
    return f.block([
      rec.set(m.i32.mul(group.get(), f.i32(recordBytes(rq)))),
      f.forRange(i, 0, { expr: count.get() }, [
        lanes.set(requantLanes(f, rq, m.v128.load(IN_AT, 16, m.i32.shl(i.get(), f.i32(4))), rec, 0, biasAdded)),
        m.v128.store(BYTES_AT, 1, m.i32.shl(i.get(), f.i32(2)), toBytes(f, rq, lanes.get())),
      ]),
    ]);
  });
  mb.exportFunction('rq', 'rq');
  const bytes = mb.finish();
  mb.dispose();
  const ex = await instantiateWasm<{ rq: (group: number, count: number) => void }>(bytes);
  new Uint8Array(ex.memory.buffer, 0, records.length).set(records);
  return (group, acc) => {
    const out = new Uint8Array(acc.length);
    for (let from = 0; from < acc.length; from += MAX_VECTORS * 4) {
      const part = acc.subarray(from, from + MAX_VECTORS * 4);
      new Int32Array(ex.memory.buffer, IN_AT, part.length).set(part);
      ex.rq(group, part.length / 4);
      out.set(new Uint8Array(ex.memory.buffer, BYTES_AT, part.length), from);
    }
    return out;
  };
}

/** A channel as the test sees it: x = accumulator + `bias` ranges over `range`; `reference` gives its output byte. */
export interface Channel {
  range: AccumulatorRange;
  bias: number;
  reference: (x: number) => number;
}

/** The stage under test: records, config, folded scales. */
export interface Stage {
  records: Uint8Array;
  rq: SimdRequantConfig;
  channelScales?: number[] | undefined;
}

const EXHAUSTIVE = 4096;
const RANDOM_POINTS = 64;

/** Deterministic pseudo-random generator in [0, 1). */
export function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** The x values a channel is checked at (see the header). */
function checkPoints(ch: Channel, next: () => number): number[] {
  const { lo, hi } = ch.range;
  if (hi - lo <= EXHAUSTIVE) return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  const near = changePoints(ch.reference, lo, hi).flatMap((p) => [p - 2, p - 1, p, p + 1]);
  const randoms = Array.from({ length: RANDOM_POINTS }, () => lo + Math.floor(next() * (hi - lo + 1)));
  return [lo, lo + 1, hi - 1, hi, ...near, ...randoms].filter((x) => x >= lo && x <= hi);
}

/** Runs every channel's check points through the wasm and returns the mismatches (at most 10 described) and the count checked. */
export async function mismatches(stage: Stage, channels: Channel[], biasAdded: boolean): Promise<{ bad: string[]; checked: number }> {
  const run = await batchRequantizer(stage.rq, stage.records, biasAdded);
  const recordInts = new Int32Array(stage.records.buffer, stage.records.byteOffset, stage.records.byteLength / 4);
  const bytesPerRecord = recordBytes(stage.rq);
  const bad: string[] = [];
  let checked = 0;
  const next = random(7);
  for (let group = 0; group * 4 < channels.length; group++) {
    const lanes = channels.slice(group * 4, group * 4 + 4);
    const points = lanes.map((ch) => checkPoints(ch, next));
    const count = Math.max(...points.map((p) => p.length));
    const acc = new Int32Array(count * 4);
    const xs = points.map((p, lane) => Array.from({ length: count }, (_, j) => p[j] ?? lanes[lane]!.range.lo));
    lanes.forEach((ch, lane) => {
      const scale = stage.channelScales?.[group * 4 + lane] ?? 1;
      const recordBias = recordInts[(group * bytesPerRecord + F_BIAS) / 4 + lane]!;
      // What the kernel holds for x: the accumulator (its scale folded into the weights), plus the record's bias if it started there.
      for (let j = 0; j < count; j++) acc[j * 4 + lane] = (Math.imul(xs[lane]![j]! - ch.bias, scale) + (biasAdded ? recordBias : 0)) | 0;
    });
    const out = run(group, acc);
    lanes.forEach((ch, lane) => {
      for (let j = 0; j < count; j++) {
        const raw = out[j * 4 + lane]!;
        const got = stage.rq.unsigned ? raw : (raw << 24) >> 24;
        const want = ch.reference(xs[lane]![j]!);
        checked++;
        if (got !== want && bad.push(`channel ${group * 4 + lane}: x ${xs[lane]![j]} gives ${got}, reference ${want}`) > 10) bad.pop();
      }
    });
  }
  return { bad, checked };
}

