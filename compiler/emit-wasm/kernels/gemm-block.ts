/**
 * The register block of the int8 matrix kernel (gemm-simd.ts): R rows ×
 * V vectors of four output channels, R·V int32x4 accumulators.
 *
 * The rows wait in scratch widened to int16 (gemm-pack.ts). Weights come in
 * "pair" order: for each pair of depths (k, k+1) and each vector of four
 * channels, 8 int8 values [c0 k, c0 k+1, c1 k, c1 k+1, …, c3 k+1] (or
 * int16 values, scaled for the high-word requantization, loaded as they
 * are). One
 * `v128.load32_splat` repeats a row's int16 pair (x_k, x_k+1) over the four
 * lanes, and `i32x4.dot_i16x8_s` with the widened weight vector adds
 * x_k·w_k + x_k+1·w_k+1 for the four channels at once: each accumulator
 * holds finished sums of one row and four channels, so no horizontal sum is
 * needed. Each splat serves the V weight vectors and each weight vector,
 * widened once, serves all R rows; the splat is a plain load on x86, so the
 * inner loop is one widening per R multiply-adds plus the multiply-adds.
 *
 * Packed int4/int2 weights keep the stream order: every four consecutive
 * weight vectors are one 16-byte (int4) or 8-byte (int2) unit, unpacked in
 * registers (int4: bytes j of vectors 0/1 in the low nibbles of bytes j and
 * 8 + j, vectors 2/3 in the high ones; int2: vector v in bits 2v, 2v + 1).
 *
 * Integer sums are exact, so this order gives the reference's bits; the
 * output stage is simd-requant.ts.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { heldFields, recordBytes, requantWith, toBytes } from './simd-requant.js';
import type { GemmSimdConfig, StreamBits } from './gemm-simd.js';
import { depthOffsetsAt, depthRegionBytes, depthWeightBytes } from './gemm-sparse.js';
import { interleaveI16Lanes } from './kernel.js';

/** Rows and channel vectors of one block; the last vector may hold fewer than four channels. */
export interface BlockShape {
  rows: number;
  vectors: number;
  /** Channels in the last vector, 1…4. */
  lastLanes: number;
}

/** Pointers a block reads and writes (none is changed). */
export interface BlockPointers {
  /** Packed int16 rows: row r at `scratch + r·rowStride`. */
  scratch: Local;
  /** The block's weights. */
  weights: Local;
  /** The block's first requantization record. */
  records: Local;
  /** Output of row 0, first channel of the block; row r at `+ r·N`. */
  out: Local;
  /** The block's nonzero pairs (gemm-sparse.ts), when the kernel skips zero pairs: the multiply-adds run over these. */
  list?: { start: Local; end: Local };
}

/** Bytes of one pair's weights in a block of `vectors` vectors. */
export const pairWeightBytes = (c: Pick<GemmSimdConfig, 'weightBits'>, vectors: number): number => vectors * c.weightBits;

/** Bytes of the weights of one block of `vectors` vectors. */
export const blockWeightBytes = (c: Pick<GemmSimdConfig, 'pairs' | 'weightBits'>, vectors: number): number => c.pairs * pairWeightBytes(c, vectors);

/**
 * Bytes of one entry of a list of nonzero pairs (gemm-sparse.ts writes
 * them) for a block of `rows` rows: each row's pair (two int16), then the
 * byte offset of the pair's weights in a block of the kernel's full width.
 */
export const entryBytes = (rows: number): number => 4 * rows + 4;

/**
 * The block's statements: accumulators set to the bias, multiply-adds over
 * all pairs, requantization, stores. The pair loop takes one pair per iteration (packed weights: the
 * pairs of whole units): V8 issues all of an iteration's loads before its
 * arithmetic, so every loaded value of an iteration is live at once beside
 * the accumulators, and one pair is what the registers hold.
 */
export function emitBlock(f: FunctionBuilder, c: GemmSimdConfig, rowStride: number, shape: BlockShape, at: BlockPointers): Expr[] {
  const m = f.m;
  const { rows, vectors } = shape;
  const acc = Array.from({ length: rows }, () => f.locals(vectors, f.t.v128) as Local[]);
  const wv = f.local(f.t.v128);
  const [s, w, sEnd] = f.locals(3, f.t.i32);
  const stream = weightStream(f, c.weightBits);
  const splats = f.locals(rows, f.t.v128) as Local[];
  /** Pair p of a step: each row's pair splatted once (from `splatAt(r)`), then each weight vector once for all rows. */
  const pair = (p: number, splatAt: (r: number) => Expr): Expr[] => [
    ...splats.map((x, r) => x.set(splatAt(r))),
    ...Array.from({ length: vectors }, (_, v) => {
      const index = p * vectors + v;
      return [
        ...(index % 4 === 0 ? stream.unpack(w, index) : []),
        wv.set(stream.vector(w, index)),
        ...acc.map((accs, r) => accs[v]!.set(m.i32x4.add(accs[v]!.get(), m.i32x4.dot_i16x8_s(splats[r]!.get(), wv.get())))),
      ];
    }).flat(),
  ];
  // Accumulators start at their channels' (folded) bias, which the requantization then skips.
  const bias = (v: number): Expr => m.v128.load(v * recordBytes(c.rq), 16, at.records.get());
  /** Every pair: the splats from the packed rows at a cursor, whole packed-weight units per step (pairs · vectors a multiple of four). */
  const allPairs = (): Expr[] => {
    const perStep = c.weightBits >= 8 ? 1 : 4 / (vectors % 4 === 0 ? 4 : vectors % 2 === 0 ? 2 : 1);
    return [
      w.set(at.weights.get()),
      sEnd.set(m.i32.add(at.scratch.get(), f.i32(4 * c.pairs))),
      f.forRange(s, f.dyn(at.scratch.get()), f.dyn(sEnd.get()), [
        ...Array.from({ length: perStep }, (_, p) => pair(p, (r) => m.v128.load32_splat(r * rowStride + 4 * p, 4, s.get()))).flat(),
        w.set(m.i32.add(w.get(), f.i32(perStep * pairWeightBytes(c, vectors)))),
      ], 4 * perStep),
    ];
  };
  /** The listed pairs: the splats from each entry, the weights at its offset (given for a full-width block; a narrower last block rescales it). */
  const listedPairs = (list: { start: Local; end: Local }): Expr[] => {
    const full = pairWeightBytes(c, c.block.vectors);
    const own = pairWeightBytes(c, vectors);
    const scaled = (offset: Expr): Expr => (own === full ? offset : m.i32.mul(m.i32.div_u(offset, f.i32(full)), f.i32(own)));
    const entry = f.local(f.t.i32);
    return [
      f.forRange(entry, f.dyn(list.start.get()), f.dyn(list.end.get()), [
        w.set(m.i32.add(at.weights.get(), scaled(m.i32.load(4 * rows, 4, entry.get())))),
        ...pair(0, (r) => m.v128.load32_splat(4 * r, 4, entry.get())),
      ], entryBytes(rows)),
    ];
  };
  /**
   * The listed depths (gemm-sparse.ts `listNonzeroDepths`), two per step:
   * each row's two values splatted from one 32-bit load, and each depth's
   * eight-channel weight vectors interleaved into the pair order
   * [c0 i, c0 j, c1 i, …] that `dot_i16x8_s` takes, for each half of the
   * sixteen channels in `halves`.
   *
   * The SIMD module makes two passes over the list, eight channels each,
   * and each pass's accumulators are set to the bias, summed and stored on
   * their own. In one pass over all sixteen, Node 20's V8 loads both
   * halves' weights at the top of the step: with two rows, the eight
   * accumulators, two splats, four weight vectors, an interleaved one and a
   * product need sixteen registers of x86's fifteen, and one accumulator
   * lived on the stack, a store and a reload per step on the loop's
   * critical path. On an AMD Zen 3 that made person_detect's 6×6×128
   * layers 17–19 % slower than two passes (which re-read each entry's
   * values and offsets, loads that are cheap beside the spill). A pass
   * needs only its own accumulators, which leaves room for a third row
   * (`DEPTH_LIST_ROWS`). The relaxed-SIMD module, which only newer engines
   * run, makes one pass over two rows (`onePass`, gemm-sparse.ts
   * `ONE_PASS_ROWS`).
   */
  const listedDepths = (list: { start: Local; end: Local }, halves: ReadonlyArray<0 | 1>): Expr => {
    const region = depthRegionBytes(c.K);
    const offsets = depthOffsetsAt(c.K, c.block.rows);
    const [entry, wi, wj] = f.locals(3, f.t.i32);
    const [vi, vj] = f.locals(2, f.t.v128);
    // Bytes of eight channels' weights of one depth.
    const half = depthWeightBytes(c.weightBits) / 2;
    const load = (offset: number, ptr: Local): Expr => (c.weightBits === 16 ? m.v128.load(offset, 16, ptr.get()) : m.v128.load8x8_s(offset, 1, ptr.get()));
    return f.forRange(entry, f.dyn(list.start.get()), f.dyn(list.end.get()), [
      wi.set(m.i32.add(at.weights.get(), m.i32.load16_u(offsets, 2, entry.get()))),
      wj.set(m.i32.add(at.weights.get(), m.i32.load16_u(offsets + 2, 2, entry.get()))),
      ...splats.map((x, r) => x.set(m.v128.load32_splat(r * region, 4, entry.get()))),
      ...halves.flatMap((h) => [
        vi.set(load(h * half, wi)),
        vj.set(load(h * half, wj)),
        ...([0, 1] as const).flatMap((part) => [
          wv.set(m.i8x16.shuffle(vi.get(), vj.get(), interleaveI16Lanes(part))),
          ...acc.map((accs, r) => accs[2 * h + part]!.set(m.i32x4.add(accs[2 * h + part]!.get(), m.i32x4.dot_i16x8_s(splats[r]!.get(), wv.get())))),
        ]),
      ]),
    ], 4);
  };
  if (at.list && c.sparse?.depths) {
    if (vectors !== 4) throw new Error('a depth list needs whole 16-channel blocks');
    const list = at.list;
    if (c.sparse.onePass) {
      return [...acc.flatMap((accs) => accs.map((a, v) => a.set(bias(v)))), listedDepths(list, [0, 1]), ...storeRows(f, c, shape, acc, at)];
    }
    // Only the pass's own accumulators are live in its loop (six with three rows).
    return ([0, 1] as const).flatMap((h) => [
      ...acc.flatMap((accs) => [2 * h, 2 * h + 1].map((v) => accs[v]!.set(bias(v)))),
      listedDepths(list, [h]),
      ...storeRows(f, c, shape, acc, at, 2 * h, 2 * h + 2),
    ]);
  }
  return [
    ...acc.flatMap((accs) => accs.map((a, v) => a.set(bias(v)))),
    ...(at.list ? listedPairs(at.list) : allPairs()),
    ...storeRows(f, c, shape, acc, at),
  ];
}

/** Requantizes each accumulator of vectors [from, to) with its vector's record and stores those channels of each row. */
function storeRows(f: FunctionBuilder, c: GemmSimdConfig, shape: BlockShape, acc: Local[][], at: BlockPointers, from = 0, to = shape.vectors): Expr[] {
  const m = f.m;
  const results = Array.from({ length: shape.vectors }, () => f.local(f.t.v128));
  const bytes = f.local(f.t.v128);
  // Each vector's record fields are loaded once for all rows: loads between the rows' stores are not reused by V8.
  const prelude: Expr[] = [];
  const fields = Array.from({ length: shape.vectors }, (_, v) => heldFields(f, at.records, v * recordBytes(c.rq), prelude));
  const rows = acc.flatMap((accs, r) => {
    const stmts: Expr[] = accs.slice(from, to).map((a, i) => results[from + i]!.set(requantWith(f, c.rq, a.get(), fields[from + i]!, true)));
    for (let v = from; v < to; v += 2) {
      const pairOf = v + 1 < shape.vectors;
      stmts.push(bytes.set(toBytes(f, c.rq, results[v]!.get(), ...(pairOf ? [results[v + 1]!.get()] : []))));
      const channels = v + 2 >= shape.vectors ? 4 * (shape.vectors - v - 1) + shape.lastLanes : 8;
      stmts.push(...storeLow(f, at.out, r * c.N + 4 * v, bytes, channels));
    }
    return stmts;
  });
  return [...prelude, ...rows];
}

/** Stores the low `count` bytes of `v` at `ptr + offset` with the fewest lane stores. */
function storeLow(f: FunctionBuilder, ptr: Local, offset: number, v: Local, count: number): Expr[] {
  const m = f.m;
  const stmts: Expr[] = [];
  let done = 0;
  for (const size of [8, 4, 2, 1] as const) {
    if (count - done < size) continue;
    const lane = done / size;
    const store = { 8: m.v128.store64_lane, 4: m.v128.store32_lane, 2: m.v128.store16_lane, 1: m.v128.store8_lane }[size];
    stmts.push(store.call(m.v128, offset + done, 1, lane, ptr.get(), v.get()));
    done += size;
  }
  return stmts;
}

/**
 * Weight vector `index` of a block's stream as eight int16 lanes: int8
 * vectors load widened; packed ones are unpacked one four-vector unit at a
 * time (`unpack` at every fourth index, then `vector` reads the registers).
 */
function weightStream(f: FunctionBuilder, bits: StreamBits): { unpack(w: Local, index: number): Expr[]; vector(w: Local, index: number): Expr } {
  const m = f.m;
  if (bits === 16) return { unpack: () => [], vector: (w, index) => m.v128.load(index * 16, 1, w.get()) };
  if (bits === 8) return { unpack: () => [], vector: (w, index) => m.v128.load8x8_s(index * 8, 1, w.get()) };
  const raw = f.local(f.t.v128);
  const unitBytes = 4 * bits;
  if (bits === 4) {
    const [low, high] = f.locals(2, f.t.v128);
    return {
      unpack: (w, index) => [
        raw.set(m.v128.load((index / 4) * unitBytes, 1, w.get())),
        low.set(m.i8x16.shr_s(m.i8x16.shl(raw.get(), f.i32(4)), f.i32(4))),
        high.set(m.i8x16.shr_s(raw.get(), f.i32(4))),
      ],
      vector: (_w, index) => {
        const o = index % 4;
        const v = o < 2 ? low : high;
        return o % 2 === 0 ? m.i16x8.extend_low_i8x16_s(v.get()) : m.i16x8.extend_high_i8x16_s(v.get());
      },
    };
  }
  return {
    unpack: (w, index) => [raw.set(m.v128.load64_zero((index / 4) * unitBytes, 1, w.get()))],
    // Field o of each byte to the top two bits, then an arithmetic shift sign-extends it.
    vector: (_w, index) => {
      const o = index % 4;
      return m.i16x8.extend_low_i8x16_s(m.i8x16.shr_s(o === 3 ? raw.get() : m.i8x16.shl(raw.get(), f.i32(6 - 2 * o)), f.i32(6)));
    },
  };
}
