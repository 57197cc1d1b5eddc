/**
 * The integer SIMD128 matrix kernel behind CONV_2D and FULLY_CONNECTED: each
 * output row (a pixel, or a batch row) is the dot product of a K-long int8
 * row with each output channel's K weights.
 *
 * Compile time: weights are packed per group of four output channels as
 * 8-byte slices ([oc0 k0..7][oc1 k0..7][oc2 k0..7][oc3 k0..7][oc0 k8..15]…),
 * K is padded to a multiple of 8 with zero weights, and the input zero point
 * is folded into the bias (bias + input_offset·Σw), so the inner loop is pure
 * multiply-add: `v128.load8x8_s` widens eight int8 values to int16 and
 * `i32x4.dot_i16x8_s` does eight multiply-adds. Two rows share each weight
 * load. A row is read in place when it is contiguous in the input (1x1
 * convolutions, fully connected); otherwise it is gathered into a scratch
 * patch (im2col) where padded taps hold the input zero point, which
 * contributes exactly nothing once the folded bias is added — the same sum
 * as the reference's skipped taps. Padding reads past a row's end only meet
 * zero weights. Integer sums are exact, so any order gives the reference's
 * bits.
 *
 * Packed int4/int2 weights stay packed in the same slice order (16 or 8
 * bytes per slice instead of 32) and are unpacked in registers: int4 slices
 * hold channels 0/1 in the low nibbles and 2/3 in the high ones, so a shift
 * pair (`i8x16.shl`, `shr_s`), one more shift and four widenings give the
 * four int16 weight vectors; int2 slices hold the four channels' fields of
 * one k per byte. uint8 inputs load with `load8x8_u`; the output stage is
 * TFLite's fixed point or ONNX's float requantization (simd-requant.ts).
 */
import type { Graph, Op } from '../../ir/index.js';
import type { IntegerOutput } from '../../ops/common/requantize.js';
import { unpackedWeights } from '../../quant/packing.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { accumulatorBounds, horizontalSum4, recordBytes, requantLanes, simdOutputStage, toBytes, type SimdRequantConfig } from './simd-requant.js';

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

export type RowSource =
  | { mode: 'rows'; rowStride: number }
  | { mode: 'pixels'; inH: number; inW: number; inC: number; outH: number; outW: number; strideH: number; strideW: number }
  | ({ mode: 'im2col' } & Im2colGeometry);

export interface GemmSimdConfig {
  kind: 'gemm';
  /** 8, or 4/2 for weights kept packed. */
  weightBits: 8 | 4 | 2;
  /** uint8 input rows (else int8). */
  inputUnsigned: boolean;
  rows: number;
  K: number;
  Kp: number;
  N: number;
  rq: SimdRequantConfig;
  source: RowSource;
}

/** Padded depth: a multiple of 8. */
export const packDepth = (k: number): number => Math.ceil(k / 8) * 8;

/** Packs [N][K] weights (int8 values) into the kernel's group-of-four, 8-slice layout, `bits` per weight. */
export function packWeights(w: Int8Array, N: number, K: number, bits: 8 | 4 | 2 = 8): Uint8Array {
  const Kp = packDepth(K);
  const groups = Math.ceil(N / 4);
  const at = (n: number, k: number): number => (n < N && k < K ? w[n * K + k]! : 0);
  const out = new Uint8Array((groups * 4 * Kp * bits) / 8);
  let o = 0;
  for (let g = 0; g < groups; g++) {
    for (let kc = 0; kc < Kp; kc += 8) {
      const n = g * 4;
      if (bits === 8) {
        for (let lane = 0; lane < 4; lane++) for (let k = kc; k < kc + 8; k++) out[o++] = at(n + lane, k) & 0xff;
      } else if (bits === 4) {
        // Byte j: channel 0 (j < 8) or 1 (j ≥ 8) in the low nibble, channel 2 or 3 in the high one.
        for (let half = 0; half < 2; half++) {
          for (let j = 0; j < 8; j++) out[o++] = (at(n + half, kc + j) & 15) | ((at(n + 2 + half, kc + j) & 15) << 4);
        }
      } else {
        // Byte j: the four channels' weights at k = kc + j, channel c in bits 2c, 2c+1.
        for (let j = 0; j < 8; j++) out[o++] = [0, 1, 2, 3].reduce((b, c) => b | ((at(n + c, kc + j) & 3) << (2 * c)), 0);
      }
    }
  }
  return out;
}

/** Bytes of one 8-deep slice of a group of four channels. */
const sliceBytes = (bits: 8 | 4 | 2): number => 4 * bits;

/** Σ_k w[n][k] per output channel, for folding the input offset into the bias. */
export function weightSums(w: Int8Array, N: number, K: number): number[] {
  return Array.from({ length: N }, (_, n) => {
    let s = 0;
    for (let k = 0; k < K; k++) s += w[n * K + k]!;
    return s;
  });
}

/** What the matrix kernel needs of an integer conv or fully connected op. */
export interface GemmOperands {
  /** The weights as int8 values, [N][K]. */
  values: Int8Array;
  bits: 8 | 4 | 2;
  inputUnsigned: boolean;
  /** Output-stage records with the input offset folded into the bias. */
  records: Uint8Array;
  rq: SimdRequantConfig;
}

/**
 * The matrix kernel's view of an integer op with weights (input 1) and an
 * optional bias (input 2), or undefined when it does not apply: float or
 * int16 activations, weights or bias computed at run time, uint8 weights,
 * nonzero weight offsets, or an output stage the SIMD requantization cannot
 * express.
 */
export function gemmOperands(op: Op, g: Graph, p: IntegerOutput & { dtype: string }, N: number, K: number): GemmOperands | undefined {
  const filter = g.tensors[op.inputs[1]!]!;
  const biasIndex = op.inputs[2];
  const bias = biasIndex !== undefined && biasIndex >= 0 ? g.tensors[biasIndex]! : undefined;
  if (p.dtype !== 'i8' && p.dtype !== 'u8') return undefined;
  if (p.filterOffsets.some((o) => o !== 0)) return undefined;
  if (bias && !(bias.data instanceof Int32Array)) return undefined;
  const packed = p.weightBits !== 8 && filter.data instanceof Uint8Array && (filter.dtype === 'i4' || filter.dtype === 'i2');
  if (!packed && !(filter.data instanceof Int8Array)) return undefined;
  const values = unpackedWeights(filter.data!, p.weightBits, N * K);
  const sums = weightSums(values, N, K);
  const biases = sums.map((s, n) => ((bias ? (bias.data as Int32Array)[n]! : 0) + p.inputOffset * s) | 0);
  const bounds = accumulatorBounds(values, N, K, 'channel-major', bias ? Array.from(bias.data as Int32Array) : [], p.inputOffset, p.dtype === 'u8');
  const stage = simdOutputStage(p, biases, N, g.tensors[op.outputs[0]!]!.dtype, bounds);
  if (!stage) return undefined;
  return { values, bits: p.weightBits, inputUnsigned: p.dtype === 'u8', ...stage };
}

/** Rows computed together: each weight slice loaded once serves all of them. */
const ROW_BLOCK = 2;

/** Scratch bytes the kernel needs: one im2col patch per row of a block, with 16 bytes of slack each. */
export function gemmScratchBytes(c: Pick<GemmSimdConfig, 'Kp' | 'source'>): number {
  return c.source.mode === 'im2col' ? ROW_BLOCK * (c.Kp + 16) : 0;
}

/** Emits the kernel body; parameters: input, packed weights, records, output[, scratch]. */
export function emitGemmSimd(f: FunctionBuilder, c: GemmSimdConfig): Expr {
  const m = f.m;
  const [pIn, pW, pRec, pOut] = f.params(4);
  const pScratch = c.source.mode === 'im2col' ? f.param(4) : undefined;
  const p = f.local(f.t.i32);
  const rowPtrs = f.locals(ROW_BLOCK, f.t.i32) as Local[];
  const outPtrs = f.locals(ROW_BLOCK, f.t.i32) as Local[];
  const rowAt = (target: Local, pixel: Expr, slot: number): Expr[] => rowAddress(f, c, pIn, pScratch, target, pixel, slot);
  /** Rows first … first+n−1 (first is an expression of p or a constant). */
  const block = (n: number, first: () => Expr): Expr[] => [
    ...Array.from({ length: n }, (_, i) => rowAt(rowPtrs[i]!, m.i32.add(first(), f.i32(i)), i)).flat(),
    ...Array.from({ length: n }, (_, i) => outPtrs[i]!.set(m.i32.add(pOut.get(), m.i32.mul(m.i32.add(first(), f.i32(i)), f.i32(c.N))))),
    emitRowBlock(f, c, rowPtrs.slice(0, n), outPtrs.slice(0, n), pW, pRec),
  ];
  const full = Math.floor(c.rows / ROW_BLOCK) * ROW_BLOCK;
  const body: Expr[] = [];
  if (full > 0) body.push(f.forRange(p, 0, full, block(ROW_BLOCK, () => p.get()), ROW_BLOCK));
  if (c.rows > full) body.push(...block(c.rows - full, () => f.i32(full)));
  return f.block(body.length > 0 ? body : [m.nop()]);
}

/** Sets `target` to the address of row `pixel` (building its patch in scratch slot `slot` if needed). */
function rowAddress(f: FunctionBuilder, c: GemmSimdConfig, pIn: Local, pScratch: Local | undefined, target: Local, pixel: Expr, slot: number): Expr[] {
  const m = f.m;
  const s = c.source;
  if (s.mode === 'rows') return [target.set(m.i32.add(pIn.get(), m.i32.mul(pixel, f.i32(s.rowStride))))];
  const [idx, b, oy, ox] = f.locals(4, f.t.i32);
  const perImage = s.outH * s.outW;
  const coords = [
    idx.set(pixel),
    b.set(m.i32.div_u(idx.get(), f.i32(perImage))),
    oy.set(m.i32.div_u(m.i32.rem_u(idx.get(), f.i32(perImage)), f.i32(s.outW))),
    ox.set(m.i32.rem_u(idx.get(), f.i32(s.outW))),
  ];
  if (s.mode === 'pixels') {
    const pixelIndex = m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(s.inH)), m.i32.mul(oy.get(), f.i32(s.strideH))), f.i32(s.inW)), m.i32.mul(ox.get(), f.i32(s.strideW)));
    return [...coords, target.set(m.i32.add(pIn.get(), m.i32.mul(pixelIndex, f.i32(s.inC))))];
  }
  const patch = m.i32.add(pScratch!.get(), f.i32(slot * (c.Kp + 16)));
  return [...coords, target.set(patch), buildPatch(f, s, pIn, target, b, oy, ox)];
}

/** Copies `bytes` bytes as 16-byte chunks (may write up to 15 bytes past: the patch has slack). */
function chunkCopy(f: FunctionBuilder, dst: Expr, src: Expr, bytes: number): Expr {
  const m = f.m;
  const [d, s, i] = f.locals(3, f.t.i32);
  const chunks = Math.ceil(bytes / 16);
  const one = (off: number): Expr => m.v128.store(off, 1, d.get(), m.v128.load(off, 1, s.get()));
  if (chunks <= 4) return f.block([d.set(dst), s.set(src), ...Array.from({ length: chunks }, (_, k) => one(k * 16))]);
  return f.block([d.set(dst), s.set(src), f.forRange(i, 0, chunks, [one(0), d.set(m.i32.add(d.get(), f.i32(16))), s.set(m.i32.add(s.get(), f.i32(16)))])]);
}

/** Fills `bytes` bytes with the zero point, 16 at a time. */
function chunkFill(f: FunctionBuilder, dst: Expr, zeroPoint: number, bytes: number): Expr {
  const m = f.m;
  const d = f.local(f.t.i32);
  const chunks = Math.ceil(bytes / 16);
  const splat = (): Expr => m.i8x16.splat(f.i32(zeroPoint));
  if (chunks <= 4) return f.block([d.set(dst), ...Array.from({ length: chunks }, (_, k) => m.v128.store(k * 16, 1, d.get(), splat()))]);
  return m.memory.fill(dst, f.i32(zeroPoint & 0xff), f.i32(bytes));
}

/** im2col: the window of output pixel (b, oy, ox) as [ky][kx][ic] bytes, padded taps = zero point. */
function buildPatch(f: FunctionBuilder, s: Im2colGeometry, pIn: Local, patch: Local, b: Local, oy: Local, ox: Local): Expr {
  const m = f.m;
  const [iy, ix0, rowBase] = f.locals(3, f.t.i32);
  const rowBytes = s.kW * s.inC;
  const stmts: Expr[] = [ix0.set(m.i32.sub(m.i32.mul(ox.get(), f.i32(s.strideW)), f.i32(s.padLeft)))];
  const inRow = (): Expr => m.i32.and(m.i32.ge_s(ix0.get(), f.i32(0)), m.i32.le_s(ix0.get(), f.i32(s.inW - 1 - (s.kW - 1) * s.dilationW)));
  for (let ky = 0; ky < s.kH; ky++) {
    const dst = (extra: number): Expr => m.i32.add(patch.get(), f.i32(ky * rowBytes + extra));
    const taps: Expr[] = [];
    for (let kx = 0; kx < s.kW; kx++) {
      const ix = m.i32.add(ix0.get(), f.i32(kx * s.dilationW));
      taps.push(m.if(m.i32.lt_u(ix, f.i32(s.inW)),
        chunkCopy(f, dst(kx * s.inC), m.i32.add(rowBase.get(), m.i32.mul(m.i32.add(ix0.get(), f.i32(kx * s.dilationW)), f.i32(s.inC))), s.inC),
        chunkFill(f, dst(kx * s.inC), s.zeroPoint, s.inC)));
    }
    const whole = s.dilationW === 1 ? chunkCopy(f, dst(0), m.i32.add(rowBase.get(), m.i32.mul(ix0.get(), f.i32(s.inC))), rowBytes) : undefined;
    stmts.push(
      iy.set(m.i32.add(m.i32.sub(m.i32.mul(oy.get(), f.i32(s.strideH)), f.i32(s.padTop)), f.i32(ky * s.dilationH))),
      m.if(m.i32.lt_u(iy.get(), f.i32(s.inH)),
        f.block([
          rowBase.set(m.i32.add(pIn.get(), m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(s.inH)), iy.get()), f.i32(s.inW * s.inC)))),
          whole ? m.if(inRow(), whole, f.block(taps)) : f.block(taps),
        ]),
        chunkFill(f, dst(0), s.zeroPoint, rowBytes)),
    );
  }
  return f.block(stmts);
}

/** All output channels of 1 or 2 rows: group loop, dot-product inner loop, requantize, store. */
function emitRowBlock(f: FunctionBuilder, c: GemmSimdConfig, rows: Local[], outs: Local[], pW: Local, pRec: Local): Expr {
  const m = f.m;
  const [g, kc, w, rec] = f.locals(4, f.t.i32);
  const xs = rows.map(() => f.local(f.t.v128));
  const ws = [0, 1, 2, 3].map(() => f.local(f.t.v128));
  const acc = rows.map(() => [0, 1, 2, 3].map(() => f.local(f.t.v128)));
  const steps = c.Kp / 8;
  const unroll = steps % 4 === 0 ? 4 : steps % 2 === 0 ? 2 : 1;
  const slice = sliceBytes(c.weightBits);
  const weights = weightVectors(f, c.weightBits, w);
  const loadRow = (k: number, r: Local): Expr =>
    c.inputUnsigned ? m.v128.load8x8_u(k * 8, 1, m.i32.add(r.get(), kc.get())) : m.v128.load8x8_s(k * 8, 1, m.i32.add(r.get(), kc.get()));
  // Each weight slice is loaded once and used by every row right away (few live registers).
  const step = (k: number): Expr[] => [
    ...rows.map((r, i) => xs[i]!.set(loadRow(k, r))),
    ...weights.unpack(k * slice),
    ...ws.flatMap((wl, o) => [
      wl.set(weights.vector(k * slice, o)),
      ...acc.map((accs, i) => accs[o]!.set(m.i32x4.add(accs[o]!.get(), m.i32x4.dot_i16x8_s(xs[i]!.get(), wl.get())))),
    ]),
  ];
  const zero = (): Expr => m.v128.const(new Array<number>(16).fill(0));
  const fullGroups = Math.floor(c.N / 4);
  const tail = c.N % 4;
  const group = (stores: (i: number, v: Local) => Expr[]): Expr[] => {
    const results = rows.map(() => f.local(f.t.v128));
    return [
      ...acc.flat().map((a) => a.set(zero())),
      f.forRange(kc, 0, c.Kp, [...Array.from({ length: unroll }, (_, k) => step(k)).flat(), w.set(m.i32.add(w.get(), f.i32(slice * unroll)))], 8 * unroll),
      ...rows.map((_, i) => results[i]!.set(toBytes(f, c.rq, requantLanes(f, c.rq, horizontalSum4(f, acc[i]![0]!.get(), acc[i]![1]!.get(), acc[i]![2]!.get(), acc[i]![3]!.get()), rec, 0)))),
      ...rows.flatMap((_, i) => stores(i, results[i]!)),
      rec.set(m.i32.add(rec.get(), f.i32(recordBytes(c.rq)))),
    ];
  };
  const stmts: Expr[] = [w.set(pW.get()), rec.set(pRec.get())];
  stmts.push(f.forRange(g, 0, fullGroups, group((i, v) => [
    m.v128.store32_lane(0, 1, 0, m.i32.add(outs[i]!.get(), m.i32.shl(g.get(), f.i32(2))), v.get()),
  ])));
  if (tail > 0) {
    stmts.push(...group((i, v) => Array.from({ length: tail }, (_, lane) =>
      m.i32.store8(fullGroups * 4 + lane, 1, outs[i]!.get(), m.i8x16.extract_lane_s(v.get(), lane)))));
  }
  return f.block(stmts);
}

/**
 * The four int16 weight vectors (one per channel of the group) of the slice
 * at byte `offset` from `w`: `unpack` gives the statements that load and
 * split the packed bytes (none for int8), `vector(offset, o)` channel o's
 * eight weights.
 */
function weightVectors(f: FunctionBuilder, bits: 8 | 4 | 2, w: Local): { unpack(offset: number): Expr[]; vector(offset: number, o: number): Expr } {
  const m = f.m;
  if (bits === 8) return { unpack: () => [], vector: (offset, o) => m.v128.load8x8_s(offset + o * 8, 1, w.get()) };
  const raw = f.local(f.t.v128);
  if (bits === 4) {
    const [low, high] = f.locals(2, f.t.v128);
    return {
      unpack: (offset) => [
        raw.set(m.v128.load(offset, 1, w.get())),
        low.set(m.i8x16.shr_s(m.i8x16.shl(raw.get(), f.i32(4)), f.i32(4))),
        high.set(m.i8x16.shr_s(raw.get(), f.i32(4))),
      ],
      vector: (_offset, o) => {
        const v = o < 2 ? low : high;
        return o % 2 === 0 ? m.i16x8.extend_low_i8x16_s(v.get()) : m.i16x8.extend_high_i8x16_s(v.get());
      },
    };
  }
  return {
    unpack: (offset) => [raw.set(m.v128.load64_zero(offset, 1, w.get()))],
    // Field o of each byte to the top two bits, then an arithmetic shift sign-extends it.
    vector: (_offset, o) => m.i16x8.extend_low_i8x16_s(m.i8x16.shr_s(o === 3 ? raw.get() : m.i8x16.shl(raw.get(), f.i32(6 - 2 * o)), f.i32(6))),
  };
}
