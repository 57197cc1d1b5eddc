/**
 * The integer SIMD128 matrix kernel behind CONV_2D and FULLY_CONNECTED: each
 * output row (a pixel, or a batch row) is the dot product of a K-long int8
 * row with each output channel's K weights.
 *
 * Rows go in blocks of R: the block's rows are first packed into scratch,
 * widened to int16 (gemm-pack.ts: read in place, from a strided pixel, or
 * gathered as an im2col window), then every group of up to 4·V output
 * channels is an R×V register block (gemm-block.ts) whose accumulators
 * hold finished sums of one row and four channels, computed with
 * `i32x4.dot_i16x8_s` of a splatted pair of row values and a pair-ordered
 * weight vector. The block shape is chosen per layer at compile time from
 * the rows, channels and weight width (`chooseBlock`); leftover rows and
 * channels get a smaller block of the same code.
 *
 * Compile time: weights are packed per block of V vectors in pair order
 * ([pair][vector] of 8 int8 values: c0 k, c0 k+1, c1 k, …, c3 k+1), with
 * zero weights past K and past N, and the input zero point is folded into
 * the bias (bias + input_offset·Σw), so the inner loop is pure multiply-add.
 * int8 weights whose output stage takes the high-word requantization are
 * read as int16 with each channel's scale folded in (simd-requant.ts; when
 * the whole scale would leave int16, all but a common left shift, which the
 * output stage applies): no multiply per output, and a plain load replaces the widening load in
 * the inner loop (measured: 10–26 % faster on person_detect's pointwise
 * layers). The module still ships them as int8 with one i16x8 scale vector
 * per four channels, and its start function writes the int16 stream into
 * memory at instantiation (widen.ts), so the download does not double.
 * Packed int4/int2 weights stay packed in the same stream, four vectors per
 * 16- or 8-byte unit (pairs rounded up to a multiple of four so units never
 * straddle a block). uint8 inputs widen with `load8x8_u`; the output stage
 * is TFLite's fixed point or ONNX's float requantization (simd-requant.ts).
 * After a ReLU-like producer, blocks multiply only the depth pairs that are
 * not the zero point (gemm-sparse.ts). Integer sums are exact, so any order
 * (and leaving out zero terms) gives the reference's bits.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { IntegerOutput } from '../../ops/common/requantize.js';
import type { ConvGeometry } from '../../ops/conv2d.js';
import { channelMajorFilter } from '../../ops/depthwise-conv2d.js';
import { unpackedWeights } from '../../quant/packing.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { blockWeightBytes, emitBlock, type BlockShape } from './gemm-block.js';
import { compactionTable, depthListBytes, listNonzeroDepths, listNonzeroPairs, listsDepths, ONE_PASS_ROWS, pairListBytes, skipsZeroPairs, sparseBlock } from './gemm-sparse.js';
import { packedBytes, packedRowStride, packRows } from './gemm-pack.js';
import { outputOperand, tensorOperand, type Operand } from './kernel.js';
import type { WidenedTable } from '../widen.js';
import { recordBytes } from './simd-requant.js';
import { accumulatorBounds, accumulatorRanges, foldedBiases, simdOutputStage, type ChannelWeights, type SimdRequantConfig } from './simd-requant-records.js';

export interface Im2colGeometry {
  inH: number; inW: number; inC: number;
  outH: number; outW: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  padTop: number; padLeft: number;
  /** Fill value of padded taps: the input zero point. */
  zeroPoint: number;
}

/** The im2col row source of a convolution-like layer: each output pixel's window, padded taps reading the input zero point. */
export function im2colSource(p: ConvGeometry & { inputOffset: number }): RowSource {
  return {
    mode: 'im2col', inH: p.inH, inW: p.inW, inC: p.inC, outH: p.outH, outW: p.outW, kH: p.kH, kW: p.kW,
    strideH: p.strideH, strideW: p.strideW, dilationH: p.dilationH, dilationW: p.dilationW,
    padTop: p.padTop, padLeft: p.padLeft, zeroPoint: -p.inputOffset,
  };
}

export type RowSource =
  | { mode: 'rows'; rowStride: number }
  | { mode: 'pixels'; inH: number; inW: number; inC: number; outH: number; outW: number; strideH: number; strideW: number }
  | ({ mode: 'im2col' } & Im2colGeometry);

export interface GemmSimdConfig {
  kind: 'gemm';
  /** 8, 16 for int8 weights widened with the requantization's scale folded in, or 4/2 for weights kept packed. */
  weightBits: StreamBits;
  /** uint8 input rows (else int8). */
  inputUnsigned: boolean;
  rows: number;
  K: number;
  N: number;
  /** Depth pairs in the weight stream: ceil(K/2), for packed weights rounded up to a multiple of 4. */
  pairs: number;
  /** Rows and four-channel vectors of the register block. */
  block: { rows: number; vectors: number };
  rq: SimdRequantConfig;
  source: RowSource;
  /**
   * Rows are packed less the input zero point, and a block's multiply-adds
   * skip the depth pairs that are zero in all its rows (gemm-sparse.ts);
   * the records' biases then exclude the zero point's term. `depths`: the
   * list holds single depths, paired as they come (gemm-sparse.ts), and
   * the weights are in depth order (`packDepthWeights`); `onePass`: its
   * block runs both eight-channel halves in one pass over the list
   * (`onePassVariant`).
   */
  sparse?: { zeroPoint: number; depths?: true; onePass?: true };
}

/** Bits per value of the weight stream. */
export type StreamBits = 16 | 8 | 4 | 2;

/** Depth pairs of the weight stream for K and a weight width. */
export const streamPairs = (K: number, bits: StreamBits): number => (bits >= 8 ? Math.ceil(K / 2) : 4 * Math.ceil(K / 8));


/**
 * Packs [N][K] weights (int8 values) into the kernel's stream: blocks of
 * `vectors` four-channel vectors, each block in [pair][vector] order of
 * 8 values, zeros past K and N; int4/int2 fold every four vectors into one
 * unit (see gemm-block.ts). With 16 bits and `channelScales` this is the
 * int16 stream the kernel reads, which the module builds in memory at
 * instantiation from `widenedWeights` (kept here as its reference).
 */
export function packWeights(w: Int8Array, N: number, K: number, bits: StreamBits, vectors: number, channelScales?: number[]): Uint8Array {
  const pairs = streamPairs(K, bits);
  const at = (n: number, k: number): number => (n < N && k < K ? w[n * K + k]! * (channelScales ? channelScales[n]! : 1) : 0);
  const values: number[] = [];
  for (let first = 0; first < N; first += 4 * vectors) {
    const inBlock = Math.min(vectors, Math.ceil((N - first) / 4));
    for (let p = 0; p < pairs; p++) {
      for (let v = 0; v < inBlock; v++) {
        for (let lane = 0; lane < 4; lane++) values.push(at(first + 4 * v + lane, 2 * p), at(first + 4 * v + lane, 2 * p + 1));
      }
    }
  }
  if (bits === 8) return new Uint8Array(Int8Array.from(values).buffer);
  if (bits === 16) return new Uint8Array(Int16Array.from(values).buffer);
  const out = new Uint8Array((values.length * bits) / 8);
  for (let u = 0; u < values.length / 32; u++) {
    const unit = values.slice(32 * u, 32 * u + 32);
    if (bits === 4) {
      // Byte j: value j of vectors 0/1 (j < 8: vector 0) in the low nibble, of vectors 2/3 in the high one.
      for (let j = 0; j < 16; j++) out[16 * u + j] = (unit[j]! & 15) | ((unit[16 + j]! & 15) << 4);
    } else {
      // Byte j: value j of vector v in bits 2v, 2v + 1.
      for (let j = 0; j < 8; j++) out[8 * u + j] = [0, 1, 2, 3].reduce((byte, v) => byte | ((unit[8 * v + j]! & 3) << (2 * v)), 0);
    }
  }
  return out;
}

/**
 * The int8 weight stream of a kernel listing single depths (gemm-sparse.ts):
 * blocks of 16 channels, each [depth][channel] (16 values per depth), so
 * any two depths' weights can be loaded and interleaved into pair order.
 * N is a multiple of 16.
 */
export function packDepthWeights(w: Int8Array, N: number, K: number): Uint8Array {
  const out = new Int8Array(N * K);
  let at = 0;
  for (let first = 0; first < N; first += 16) {
    for (let k = 0; k < K; k++) {
      for (let n = first; n < first + 16; n++) out[at++] = w[n * K + k]!;
    }
  }
  return new Uint8Array(out.buffer);
}

/** The depth-ordered stream as int16 with each channel's scale folded in, as the module ships it: the int8 stream and per block two i16x8 scale vectors (channels 0–7, 8–15). */
export function widenedDepthWeights(w: Int8Array, N: number, K: number, channelScales: number[]): WidenedTable {
  return {
    int8: packDepthWeights(w, N, K),
    scales: new Uint8Array(Int16Array.from(channelScales.slice(0, N)).buffer),
    runs: [{ blocks: N / 16, repeats: K, vectors: 2 }],
  };
}

/**
 * The int16 stream (`packWeights` with 16 bits) as the module ships it: the
 * int8 stream, and for each block of `vectors` four-channel vectors one
 * i16x8 scale vector per vector ([s c0, s c0, s c1, s c1, …], 1 past N).
 */
export function widenedWeights(w: Int8Array, N: number, K: number, vectors: number, channelScales: number[]): WidenedTable {
  const pairs = streamPairs(K, 16);
  const scales: number[] = [];
  for (let first = 0; first < N; first += 4 * vectors) {
    const inBlock = Math.min(vectors, Math.ceil((N - first) / 4));
    for (let c = first; c < first + 4 * inBlock; c++) scales.push(...Array<number>(2).fill(c < N ? channelScales[c]! : 1));
  }
  const fullBlocks = Math.floor(N / (4 * vectors));
  const rest = Math.ceil((N - fullBlocks * 4 * vectors) / 4);
  return {
    int8: packWeights(w, N, K, 8, vectors),
    scales: new Uint8Array(Int16Array.from(scales).buffer),
    runs: [{ blocks: fullBlocks, repeats: pairs, vectors }, ...(rest > 0 ? [{ blocks: 1, repeats: pairs, vectors: rest }] : [])],
  };
}

/** What the matrix kernel needs of an integer conv or fully connected op. */
export interface GemmOperands {
  /** The weights as int8 values, [N][K]. */
  values: Int8Array;
  bits: StreamBits;
  /** With 16-bit weights: channel n's weights times channelScales[n] (the folded requantization scale). */
  channelScales?: number[];
  inputUnsigned: boolean;
  /** Present when the kernel skips zero pairs (gemm-sparse.ts); `depths` when its list holds single depths. */
  sparse?: GemmSimdConfig['sparse'];
  /** Output-stage records; the input offset is folded into the bias unless the kernel skips zero pairs (then rows are packed less it). */
  records: Uint8Array;
  rq: SimdRequantConfig;
}

/**
 * The matrix kernel's view of an integer op with weights (input 1) and an
 * optional bias (input 2) whose rows come from `source`, or undefined when
 * it does not apply: float or int16 activations, weights or bias computed
 * at run time, uint8 weights, nonzero weight offsets, or an output stage
 * the SIMD requantization cannot express. `filterLayout` 'tap-major' reads
 * a [K][N] filter (a depthwise filter over one input channel) and
 * transposes it.
 */
function gemmOperands(op: Op, g: Graph, p: IntegerOutput & { dtype: string }, N: number, K: number, source: RowSource,
  filterLayout: 'channel-major' | 'tap-major'): GemmOperands | undefined {
  const filter = g.tensors[op.inputs[1]!]!;
  const biasIndex = op.inputs[2];
  const bias = biasIndex !== undefined && biasIndex >= 0 ? g.tensors[biasIndex]! : undefined;
  if (p.dtype !== 'i8' && p.dtype !== 'u8') return undefined;
  if (p.filterOffsets.some((o) => o !== 0)) return undefined;
  if (bias && !(bias.data instanceof Int32Array)) return undefined;
  const packed = p.weightBits !== 8 && filter.data instanceof Uint8Array && (filter.dtype === 'i4' || filter.dtype === 'i2');
  if (!packed && !(filter.data instanceof Int8Array)) return undefined;
  const raw = unpackedWeights(filter.data!, p.weightBits, N * K);
  const values = filterLayout === 'channel-major' ? raw : channelMajorFilter(raw, N, K);
  const perChannel: ChannelWeights = { weights: values, channels: N, depth: K, layout: 'channel-major' };
  const biasValues = bias?.data as Int32Array | undefined;
  const inputUnsigned = p.dtype === 'u8';
  const zeroPoint = -p.inputOffset;
  const sparse = skipsZeroPairs({ weightBits: p.weightBits, inputUnsigned, zeroPoint }, N, K, source) ? { zeroPoint } : undefined;
  // Rows packed less the zero point carry its term themselves; the sums the output stage sees are the same.
  const biases = foldedBiases(perChannel, biasValues, sparse ? 0 : p.inputOffset);
  const bounds = accumulatorBounds(perChannel, biasValues, p.inputOffset, inputUnsigned);
  // int8 weights go into the stream as int16 when the high-word scale folds into them (see the header).
  const foldable = p.weightBits === 8 ? perChannel : undefined;
  const ranges = accumulatorRanges(perChannel, biasValues, p.inputOffset, inputUnsigned);
  const stage = simdOutputStage(p, biases, N, g.tensors[op.outputs[0]!]!.dtype, { bounds, foldable, ranges, foldShift: true });
  if (!stage) return undefined;
  const bits = stage.channelScales ? 16 : p.weightBits;
  const listed = sparse && { ...sparse, ...(listsDepths(K, N, bits) ? { depths: true as const } : {}) };
  return { values, bits, inputUnsigned, ...(listed ? { sparse: listed } : {}), ...stage };
}

/**
 * The register block for a layer: 4 rows × 2 vectors (8 channels). V8
 * issues all loads of a loop iteration before its arithmetic, so one
 * pair's 4 splats and 2 weight vectors are live together with the 8
 * accumulators and a product, within the fifteen vector registers V8
 * allocates on x86; each widened (or unpacked) weight vector serves four
 * rows. Measured on the oracle models' layer shapes (scripts/dev/gemm-lab.ts)
 * against 3×2, 2×4, 5×2 and others, for int8, int4 and int2 weights. A
 * block costs about the same whatever its row count, so the fewest blocks
 * win and leftover rows take one smaller block. Fewer channels shrink V.
 */
export function chooseBlock(rows: number, N: number): { rows: number; vectors: number } {
  return { rows: Math.max(1, Math.min(rows, 4)), vectors: Math.min(2, Math.ceil(N / 4)) };
}

/**
 * The config for a relaxed-SIMD module (gemm-block.ts): a depth list's
 * block of ONE_PASS_ROWS rows runs all sixteen channels in one pass, where
 * the SIMD module's block of DEPTH_LIST_ROWS rows makes two passes of
 * eight. An engine with relaxed SIMD has a newer optimizing tier than the
 * one the two passes were chosen for (Node 20's V8, which spilled an
 * accumulator of the one pass; relaxed-plan.ts); undefined for other
 * configs (the same plan serves both modules).
 */
export function onePassVariant(c: GemmSimdConfig): GemmSimdConfig | undefined {
  if (!c.sparse?.depths) return undefined;
  return { ...c, block: { ...c.block, rows: Math.min(c.rows, ONE_PASS_ROWS) }, sparse: { ...c.sparse, onePass: true } };
}

/** Scratch bytes the kernel needs: one packed row per row of a block (and the block's list of nonzero pairs or depths). */
export function gemmScratchBytes(c: Pick<GemmSimdConfig, 'K' | 'block' | 'source' | 'pairs' | 'sparse'>): number {
  const list = !c.sparse ? 0 : c.sparse.depths ? depthListBytes(c.K, c.block.rows) : pairListBytes(c.pairs, c.block.rows);
  return packedBytes(c, c.block.rows) + list;
}

/**
 * The matrix kernel's config and operands (input, weights, records,
 * output, scratch) for `rows` rows of K from `source` and N channels, or
 * undefined when the kernel does not apply (see `gemmOperands`).
 */
export function planGemm(op: Op, g: Graph, p: IntegerOutput & { dtype: string }, shape: { rows: number; K: number; N: number }, source: RowSource,
  filterLayout: 'channel-major' | 'tap-major' = 'channel-major'): { config: GemmSimdConfig; operands: Operand[]; scratchBytes: number } | undefined {
  const { rows, K, N } = shape;
  const gemm = gemmOperands(op, g, p, N, K, source, filterLayout);
  if (!gemm) return undefined;
  const { sparse } = gemm;
  const depths = sparse?.depths === true;
  const block = sparse ? sparseBlock(rows, N, depths) : chooseBlock(rows, N);
  const config: GemmSimdConfig = {
    kind: 'gemm', weightBits: gemm.bits, inputUnsigned: gemm.inputUnsigned,
    rows, K, N, pairs: streamPairs(K, gemm.bits), block, rq: gemm.rq, source, ...(sparse ? { sparse } : {}),
  };
  const operands: Operand[] = [tensorOperand(op, 0), weightOperand(gemm, N, K, block.vectors, depths), { table: gemm.records }, outputOperand(op), { scratch: true }];
  // The compaction table is the same for every layer: one copy in the module.
  if (depths) operands.push({ table: compactionTable(), shared: 'depth-list compaction' });
  return { config, operands, scratchBytes: gemmScratchBytes(config) };
}

/** The weight stream (pair order, or depth order for a depth list): a constant table, or for int16 weights a table widened at instantiation. */
function weightOperand(gemm: GemmOperands, N: number, K: number, vectors: number, depths: boolean): Operand {
  if (depths) {
    if (gemm.bits === 16) return { widened: widenedDepthWeights(gemm.values, N, K, gemm.channelScales!) };
    return { table: packDepthWeights(gemm.values, N, K) };
  }
  if (gemm.bits === 16) return { widened: widenedWeights(gemm.values, N, K, vectors, gemm.channelScales!) };
  return { table: packWeights(gemm.values, N, K, gemm.bits, vectors) };
}

/** Emits the kernel body; parameters: input, packed weights, records, output, scratch (and a depth list's compaction table). */
export function emitGemmSimd(f: FunctionBuilder, c: GemmSimdConfig): Expr {
  const m = f.m;
  const [pIn, pW, pRec, pOut, pScratch] = f.params(5);
  const pTable = c.sparse?.depths ? f.param(5) : undefined;
  const [row, w, rec, out] = f.locals(4, f.t.i32);
  const R = c.block.rows;
  const V = c.block.vectors;
  const stride = packedRowStride(c.K);
  const fullBlocks = Math.floor(c.N / (4 * V));
  const rest = c.N - fullBlocks * 4 * V;
  const restShape = (rows: number): BlockShape => ({ rows, vectors: Math.ceil(rest / 4), lastLanes: rest - 4 * (Math.ceil(rest / 4) - 1) });
  const list = c.sparse ? { start: f.local(f.t.i32), end: f.local(f.t.i32) } : undefined;
  const pointers = { scratch: pScratch, weights: w, records: rec, out, ...(list ? { list } : {}) };
  /** All channels of `rows` rows starting at row `first`. */
  const rowBlock = (rows: number, first: () => Expr): Expr[] => [
    ...packRows(f, c, pIn, pScratch, first, rows),
    ...(!list ? [] : pTable ? listNonzeroDepths(f, c, pScratch, pTable, rows, list) : listNonzeroPairs(f, c, pScratch, rows, list)),
    w.set(pW.get()),
    rec.set(pRec.get()),
    out.set(m.i32.add(pOut.get(), m.i32.mul(first(), f.i32(c.N)))),
    f.repeat(fullBlocks, [
      ...emitBlock(f, c, stride, { rows, vectors: V, lastLanes: 4 }, pointers),
      w.set(m.i32.add(w.get(), f.i32(blockWeightBytes(c, V)))),
      rec.set(m.i32.add(rec.get(), f.i32(V * recordBytes(c.rq)))),
      out.set(m.i32.add(out.get(), f.i32(4 * V))),
    ]),
    ...(rest > 0 ? emitBlock(f, c, stride, restShape(rows), pointers) : []),
  ];
  const full = Math.floor(c.rows / R) * R;
  const body: Expr[] = [];
  if (full > 0) body.push(f.forRange(row, 0, full, rowBlock(R, () => row.get()), R));
  if (c.rows > full) body.push(...rowBlock(c.rows - full, () => f.i32(full)));
  return f.block(body.length > 0 ? body : [m.nop()]);
}
