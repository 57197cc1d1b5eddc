/**
 * Skipping zero activations in the int8 matrix kernel (gemm-simd.ts).
 *
 * After a ReLU, many activations are exactly the input zero point: in
 * vww_96_int8's later pointwise layers 60–80 % of the depth pairs of a
 * block of four pixels are the zero point in all four, and they add
 * nothing to the sum TFLite defines, Σ (x − zero point)·w. So in this mode
 * rows are packed less the zero point (gemm-pack.ts), the biases do not
 * fold in the zero point's term (gemm-simd.ts), and before a block of rows
 * is multiplied its nonzero pairs are listed once (`listNonzeroPairs`):
 * for each, the rows' int16 pairs and the offset of the pair's weights.
 * Every channel block then runs over the list instead of all pairs
 * (gemm-block.ts). The sums are the same integers, so the output keeps the
 * reference's bits; only the time depends on the data. With nothing to
 * skip, the list costs a scalar pass over the pairs per block of rows,
 * shared by all channel blocks, and the inner loop one load more per pair.
 *
 * Where whole 8-depth chunks and 16-channel blocks allow (`listsDepths`),
 * the list holds single depths instead (`listNonzeroDepths`), and the
 * weights are stored depth by depth: a pair is then any two listed depths,
 * so a depth that is zero in both rows drops out even when its stream
 * partner is not. Each pair costs the block four interleaving shuffles more
 * (20 vector instructions per 64 multiply-adds against 16), and the list
 * is built eight depths a step with SIMD (a mask of the nonzero lanes, a
 * swizzle from a 4 KB table shared by all layers) instead of a scalar pass
 * per pair. On person_detect's 6×6×128 layers 43–49 % of the depths of two
 * rows are zero against 18–26 % of the pairs: 12–16 % faster per layer.
 * A depth list serves blocks of three rows (`DEPTH_LIST_ROWS`), one pair
 * list blocks of two.
 *
 * Taken where a ReLU-like producer makes zeros likely, enough channel
 * blocks share the list and the depth is large enough to hold many zeros:
 * the input zero point is the lowest value of its type, there are at least
 * SPARSE_MIN_CHANNELS output channels and SPARSE_MIN_DEPTH input depths.
 * Shallower layers are mostly slower listed: few of their depths are zero
 * in two rows (person_detect's 12×12×32 layer: 13 %, and 1 % of its
 * pairs). On an AMD Zen 3, listed against dense, person_detect's and
 * kws_ref_model's depth-32 and depth-64 layers were 16–49 % slower and
 * vww_96_int8's depth-32 layer 33 %; vww_96_int8's two sparser depth-64
 * layers were 4–8 % faster listed, which the rule gives up. (On the Intel
 * core the lists were first tuned on, only the two lists were compared:
 * person_detect's 12×12×32 layer was 5–9 % slower with depths listed than
 * with pairs, its 12×12×64 layer 8 % faster.)
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { entryBytes, pairWeightBytes } from './gemm-block.js';
import { packedBytes, packedRowStride } from './gemm-pack.js';
import type { GemmSimdConfig, RowSource } from './gemm-simd.js';

/** Output channels from which the list pays for itself (its pass over the pairs is shared by N/16 channel blocks). */
export const SPARSE_MIN_CHANNELS = 64;

/** Input depth from which enough of a block's depths are zero to pay for the list (see the header). */
export const SPARSE_MIN_DEPTH = 128;

/** Whether the kernel lists nonzero pairs for a layer (see the header); packed int4/int2 weights keep the dense loop. */
export function skipsZeroPairs(input: { weightBits: number; inputUnsigned: boolean; zeroPoint: number }, N: number, K: number, source: RowSource): boolean {
  if (input.weightBits !== 8 || source.mode === 'im2col') return false;
  return input.zeroPoint === (input.inputUnsigned ? 0 : -128) && N >= SPARSE_MIN_CHANNELS && K >= SPARSE_MIN_DEPTH;
}

/**
 * The register block when zero pairs are skipped: 2 rows × 4 vectors (16
 * channels); with a depth list, 3 rows (`DEPTH_LIST_ROWS`). A pair is
 * skipped only where it is zero in every row of the block, so fewer rows
 * skip more (person_detect's pointwise layers: 22 %
 * of the pairs of one row, 15 % of two rows, 9 % of four), and the same
 * eight accumulators still cost two instructions per eight multiply-adds.
 * Measured on a 6×6×128 → 128 layer (fastest of five runs): with no zero
 * at all 16.4 µs against the dense kernel's 15.4 (listing with 4 × 2:
 * 16.2); with half the values zero 15.3 (4 × 2: 16.1); with nine tenths
 * 6.3 (4 × 2: 9.4). One row alone (1 × 8) streams four times the weights
 * and was no faster on whole models.
 */
export function sparseBlock(rows: number, N: number, depths = false): { rows: number; vectors: number } {
  return { rows: Math.max(1, Math.min(rows, depths ? DEPTH_LIST_ROWS : 2)), vectors: Math.min(4, Math.ceil(N / 4)) };
}

/**
 * Rows of a block whose list holds single depths. Its block runs two
 * passes of eight channels (gemm-block.ts), each with R·2 accumulators,
 * R splats, two weight vectors, an interleaved one and a product live:
 * three rows fit x86's fifteen vector registers, four spill. A third row
 * shares each entry's offsets, weight loads and interleaving shuffles, so
 * a step is 25 instructions per 48 multiply-adds against 22 per 32, and it
 * costs some zeros: on person_detect's 6×6×128 layers 38–45 % of the
 * depths of three rows are zero against 43–49 % of two. Measured on an
 * AMD Zen 3 in Node 20 against two rows: those layers 7–10 % faster,
 * whole inferences of person_detect 2–3 %, vww_96_int8 and kws_ref_model
 * about 1 %; four rows made the layers 25–40 % slower.
 */
export const DEPTH_LIST_ROWS = 3;

/**
 * Rows of a depth list's block in a relaxed-SIMD module, whose block runs
 * both eight-channel halves in one pass (gemm-block.ts): eight
 * accumulators, two splats, two weight vectors, an interleaved one and a
 * product, which Chromium 156's V8 keeps in registers. Two rows leave
 * more depths zero than three (person_detect's 6×6×128 layers: 43–49 %
 * against 38–45 %), and each entry's offsets and splats are read once for
 * sixteen channels. Measured in Chromium 156 on an AMD Zen 3 against the
 * SIMD module's three rows in two passes (both with relaxed SIMD's
 * multiply-add): person_detect's listed layers 1–10 % faster, whole
 * inferences 1–3 %; one pass over three rows spilled and was 6 % slower.
 */
export const ONE_PASS_ROWS = 2;

/** Scratch bytes of the list for `pairs` pairs of `rows` rows. */
export const pairListBytes = (pairs: number, rows: number): number => pairs * entryBytes(rows);

/**
 * Whether the list holds single depths instead of stream pairs (see
 * `listNonzeroDepths`): whole 16-channel blocks, whole 8-depth chunks, and
 * weight offsets that fit 16 bits.
 */
export function listsDepths(K: number, N: number, bits: number): boolean {
  return (bits === 16 || bits === 8) && N % 16 === 0 && K % 8 === 0 && (K - 1) * depthWeightBytes(bits) <= 0xffff;
}

/** Bytes of one depth's weights in a 16-channel block of the depth-ordered stream. */
export const depthWeightBytes = (bits: number): number => (16 * bits) / 8;

/** Bytes of each region of a depth list (one of values per row, then the weight offsets), with room for a 16-byte store past the last entry. */
export const depthRegionBytes = (K: number): number => 2 * K + 16;

/** Byte distance from a depth list's start to its weight offsets, after one region of values per row of a full block. */
export const depthOffsetsAt = (K: number, blockRows: number): number => blockRows * depthRegionBytes(K);

/** Scratch bytes of a depth list for blocks of `blockRows` rows: a region of values per row and one of weight offsets. */
export const depthListBytes = (K: number, blockRows: number): number => depthOffsetsAt(K, blockRows) + depthRegionBytes(K);

/**
 * The compaction table of `listNonzeroDepths`: for each 8-bit mask of
 * nonzero int16 lanes, the `i8x16.swizzle` indices that move those lanes,
 * in order, to the front (the rest read index 0x80, so zero, also for
 * `i8x16.relaxed_swizzle`, which the relaxed-SIMD module uses).
 */
export function compactionTable(): Uint8Array {
  const table = new Uint8Array(256 * 16).fill(0x80);
  for (let mask = 0; mask < 256; mask++) {
    let to = 0;
    for (let lane = 0; lane < 8; lane++) {
      if (!(mask & (1 << lane))) continue;
      table[mask * 16 + 2 * to] = 2 * lane;
      table[mask * 16 + 2 * to + 1] = 2 * lane + 1;
      to++;
    }
  }
  return table;
}

/**
 * Lists the pairs of the `rows` packed rows at `scratch` that are nonzero
 * in some row, after the packed rows; sets `list.start` and `list.end`.
 * Every pair's entry is written, and the cursor moves past it only when
 * it is nonzero: no branch per pair.
 */
export function listNonzeroPairs(f: FunctionBuilder, c: GemmSimdConfig, scratch: Local, rows: number, list: { start: Local; end: Local }): Expr[] {
  const m = f.m;
  const stride = packedRowStride(c.K);
  const entry = entryBytes(rows);
  const [q, any, weights] = f.locals(3, f.t.i32);
  const values = f.locals(rows, f.t.i32) as Local[];
  return [
    list.start.set(m.i32.add(scratch.get(), f.i32(packedBytes(c, c.block.rows)))),
    list.end.set(list.start.get()),
    weights.set(f.i32(0)),
    f.forRange(q, f.dyn(scratch.get()), f.dyn(m.i32.add(scratch.get(), f.i32(4 * c.pairs))), [
      ...values.map((v, r) => v.set(m.i32.load(r * stride, 4, q.get()))),
      any.set(values.slice(1).reduce<Expr>((acc, v) => m.i32.or(acc, v.get()), values[0]!.get())),
      ...values.map((v, r) => m.i32.store(4 * r, 4, list.end.get(), v.get())),
      m.i32.store(4 * rows, 4, list.end.get(), weights.get()),
      list.end.set(m.i32.add(list.end.get(), m.select(any.get(), f.i32(entry), f.i32(0)))),
      weights.set(m.i32.add(weights.get(), f.i32(pairWeightBytes(c, c.block.vectors)))),
    ], 4),
  ];
}

/**
 * Lists the single depths of the `rows` (up to the block's) packed rows at
 * `scratch` that are nonzero in some row, after the packed rows, as int16
 * arrays at a fixed distance (`depthRegionBytes`): each row's values, then
 * (`depthOffsetsAt`, after a full block's rows) each depth's weight offset
 * in a 16-channel block. Consecutive entries then form the pairs the block
 * multiplies: a 32-bit load splats two
 * listed values of a row, and the two offsets address the two depths'
 * weights, which the block interleaves. An odd count gets a zero entry.
 * Eight depths a step: the mask of nonzero lanes picks a row of the
 * compaction table, whose swizzle moves the listed lanes to the front of
 * each array's next 16 bytes; the cursor then moves by the count. Pairs
 * that are zero in only one of their depths, which the pair list keeps,
 * drop out here.
 */
export function listNonzeroDepths(f: FunctionBuilder, c: GemmSimdConfig, scratch: Local, table: Local, rows: number, list: { start: Local; end: Local }): Expr[] {
  const m = f.m;
  const stride = packedRowStride(c.K);
  const region = depthRegionBytes(c.K);
  const step = depthWeightBytes(c.weightBits);
  const offsetsAt = depthOffsetsAt(c.K, c.block.rows);
  const [q, mask, to] = f.locals(3, f.t.i32);
  const [shuffle, offsets] = f.locals(2, f.t.v128);
  const values = f.locals(rows, f.t.v128) as Local[];
  const store = (at: number, value: Expr): Expr => m.v128.store(at, 1, to.get(), value);
  return [
    list.start.set(m.i32.add(scratch.get(), f.i32(packedBytes(c, c.block.rows)))),
    to.set(list.start.get()),
    offsets.set(f.i16x8Const([0, 1, 2, 3, 4, 5, 6, 7].map((lane) => lane * step))),
    f.forRange(q, f.dyn(scratch.get()), f.dyn(m.i32.add(scratch.get(), f.i32(2 * c.K))), [
      ...values.map((v, r) => v.set(m.v128.load(r * stride, 1, q.get()))),
      mask.set(m.i16x8.bitmask(m.i16x8.ne(values.slice(1).reduce<Expr>((acc, v) => m.v128.or(acc, v.get()), values[0]!.get()), f.zeroV128()))),
      shuffle.set(m.v128.load(0, 1, m.i32.add(table.get(), m.i32.shl(mask.get(), f.i32(4))))),
      ...values.map((v, r) => store(r * region, f.swizzleInRange(v.get(), shuffle.get()))),
      store(offsetsAt, f.swizzleInRange(offsets.get(), shuffle.get())),
      to.set(m.i32.add(to.get(), m.i32.shl(m.i32.popcnt(mask.get()), f.i32(1)))),
      offsets.set(m.i16x8.add(offsets.get(), m.i16x8.splat(f.i32(8 * step)))),
    ], 16),
    // A zero entry after the last: it completes an odd count's last pair (value 0, depth 0's weights).
    ...[...values.map((_, r) => r * region), offsetsAt].map((at) => m.i32.store16(at, 2, to.get(), f.i32(0))),
    // Whole pairs: the listed bytes rounded up to a multiple of 4 (the cursor moves in whole int16s).
    list.end.set(m.i32.add(list.start.get(), m.i32.and(m.i32.add(m.i32.sub(to.get(), list.start.get()), f.i32(2)), f.i32(~3)))),
  ];
}
