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
 * Taken where a ReLU-like producer makes zeros likely and enough channel
 * blocks share the list: the input zero point is the lowest value of its
 * type, and there are at least SPARSE_MIN_CHANNELS output channels.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { entryBytes, pairWeightBytes } from './gemm-block.js';
import { packedBytes, packedRowStride } from './gemm-pack.js';
import type { GemmSimdConfig, RowSource } from './gemm-simd.js';

/** Output channels from which the list pays for itself (its pass over the pairs is shared by N/16 channel blocks). */
export const SPARSE_MIN_CHANNELS = 64;

/** Whether the kernel lists nonzero pairs for a layer (see the header); packed int4/int2 weights keep the dense loop. */
export function skipsZeroPairs(input: { weightBits: number; inputUnsigned: boolean; zeroPoint: number }, N: number, source: RowSource): boolean {
  if (input.weightBits !== 8 || source.mode === 'im2col') return false;
  return input.zeroPoint === (input.inputUnsigned ? 0 : -128) && N >= SPARSE_MIN_CHANNELS;
}

/**
 * The register block when zero pairs are skipped: 2 rows × 4 vectors (16
 * channels). A pair is skipped only where it is zero in every row of the
 * block, so fewer rows skip more (person_detect's pointwise layers: 22 %
 * of the pairs of one row, 15 % of two rows, 9 % of four), and the same
 * eight accumulators still cost two instructions per eight multiply-adds.
 * Measured on a 6×6×128 → 128 layer (fastest of five runs): with no zero
 * at all 16.4 µs against the dense kernel's 15.4 (listing with 4 × 2:
 * 16.2); with half the values zero 15.3 (4 × 2: 16.1); with nine tenths
 * 6.3 (4 × 2: 9.4). One row alone (1 × 8) streams four times the weights
 * and was no faster on whole models.
 */
export function sparseBlock(rows: number, N: number): { rows: number; vectors: number } {
  return { rows: Math.max(1, Math.min(rows, 2)), vectors: Math.min(4, Math.ceil(N / 4)) };
}

/** Scratch bytes of the list for `pairs` pairs of `rows` rows. */
export const pairListBytes = (pairs: number, rows: number): number => pairs * entryBytes(rows);

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
