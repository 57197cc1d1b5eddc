/**
 * DEPTHWISE_CONV_2D's SIMD128 path for int8 and uint8: eight output
 * channels per step. Inputs and weights are widened to int16
 * (`v128.load8x8_s/u`), the input offset added in int16, and
 * `i32x4.extmul_low/high_i16x8_s` accumulate the products in two int32x4 —
 * exact, so the same sums as the reference. Window taps are unrolled with
 * constant offsets; pixels whose window lies inside the image skip all
 * bounds checks, border pixels test each tap (and skip it, as the reference
 * does). Requantization is the four-lane SIMD version (TFLite fixed point or
 * ONNX float). A depth multiplier of 1 reads eight input channels; a
 * multiple of 8 splats one input channel over the group. Float32
 * (multiplier 1, no dilation) uses float-simd.ts.
 *
 * Packed int4/int2 weights are read from the tensor as it is (eight
 * channels of a tap are 4 or 2 whole bytes): the bytes are spread over
 * int16 lanes and each lane's field moved to the top by a multiply with a
 * per-lane power of two, then an arithmetic shift sign-extends it.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { DepthwiseConv2dPrepared } from '../../ops/depthwise-conv2d.js';
import { unpackedWeights } from '../../quant/packing.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { outputOperand, tensorOperand, type KernelPlan } from './kernel.js';
import { emitFloatWindow, packBias, type FloatWindowConfig } from './float-simd.js';
import { accumulatorBounds, recordBytes, requantLanes, simdOutputStage, toBytes, type SimdRequantConfig } from './simd-requant.js';

export type DepthwiseSimdConfig = DepthwiseInt8Config | FloatWindowConfig;

export interface DepthwiseInt8Config {
  kind: 'int8';
  batches: number;
  inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  padTop: number; padLeft: number;
  depthMultiplier: number;
  inputOffset: number;
  inputUnsigned: boolean;
  /** 8, or 4/2 for weights read packed (then no tap-pair table). */
  weightBits: 8 | 4 | 2;
  rq: SimdRequantConfig;
}

const MAX_TAPS = 25;

export function planDepthwiseSimd(op: Op<'depthwise_conv2d'>, p: DepthwiseConv2dPrepared, g: Graph): KernelPlan<DepthwiseSimdConfig> | undefined {
  const filter = g.tensors[op.inputs[1]!]!;
  const bias = p.hasBias ? g.tensors[op.inputs[2]!]! : undefined;
  if (p.dtype === 'f32') return planFloat(op, p, filter.data, bias?.data);
  if ((p.dtype !== 'i8' && p.dtype !== 'u8') || p.filterOffsets.some((o) => o !== 0) || (bias && !(bias.data instanceof Int32Array))) return undefined;
  const packed = p.weightBits !== 8 && filter.data instanceof Uint8Array && (filter.dtype === 'i4' || filter.dtype === 'i2');
  if (!packed && !(filter.data instanceof Int8Array)) return undefined;
  if (p.outC % 8 !== 0 || p.kH * p.kW > MAX_TAPS || !(p.depthMultiplier === 1 || p.depthMultiplier % 8 === 0)) return undefined;
  const biases = Array.from({ length: p.outC }, (_, c) => (bias ? (bias.data as Int32Array)[c]! : 0));
  // Interior pixels see every tap, so their input offset folds into the bias: + offset·Σ_taps w.
  const taps = p.kH * p.kW;
  const weights = unpackedWeights(filter.data!, p.weightBits, taps * p.outC);
  const folded = biases.map((b, c) => {
    let sum = 0;
    for (let t = 0; t < taps; t++) sum += weights[t * p.outC + c]!;
    return (b + p.inputOffset * sum) | 0;
  });
  const outDtype = g.tensors[op.outputs[0]!]!.dtype;
  // Both paths end at the reference's accumulator, so one bound serves both.
  const bounds = accumulatorBounds(weights, p.outC, taps, 'tap-major', biases, p.inputOffset, p.dtype === 'u8');
  const border = simdOutputStage(p, biases, p.outC, outDtype, bounds);
  const interior = simdOutputStage(p, folded, p.outC, outDtype, bounds);
  if (!border || !interior) return undefined;
  const { batches, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, depthMultiplier, inputOffset } = p;
  const geometry = { batches, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, depthMultiplier, inputOffset };
  return {
    config: { kind: 'int8', ...geometry, inputUnsigned: p.dtype === 'u8', weightBits: p.weightBits, rq: border.rq },
    operands: [
      tensorOperand(op, 0), tensorOperand(op, 1), { table: border.records }, outputOperand(op), { table: interior.records },
      // Packed weights are read in place; int8 ones also get the interleaved int16 tap pairs.
      ...(p.weightBits === 8 ? [{ table: interleaveTapPairs(weights, taps, p.outC) }] : []),
    ],
  };
}

/**
 * Weights for the interior path as int16, two taps interleaved per channel:
 * for each group of 8 channels and each tap pair (t, t+1), the vector
 * [w_t(c0), w_t+1(c0), …, w_t(c3), w_t+1(c3)] then the same for c4…c7, so
 * `i32x4.dot_i16x8_s` of the interleaved inputs adds both taps per channel.
 * An odd last tap is paired with zero weights.
 */
function interleaveTapPairs(w: Int8Array, taps: number, channels: number): Uint8Array {
  const pairs = Math.ceil(taps / 2);
  const out = new Int16Array((channels / 8) * pairs * 16);
  let o = 0;
  for (let g = 0; g < channels / 8; g++) {
    for (let j = 0; j < pairs; j++) {
      for (let c = 0; c < 8; c++) {
        const ch = g * 8 + c;
        out[o++] = w[2 * j * channels + ch]!;
        out[o++] = 2 * j + 1 < taps ? w[(2 * j + 1) * channels + ch]! : 0;
      }
    }
  }
  return new Uint8Array(out.buffer);
}

function planFloat(op: Op<'depthwise_conv2d'>, p: DepthwiseConv2dPrepared, filter: unknown, bias: unknown): KernelPlan<DepthwiseSimdConfig> | undefined {
  if (p.depthMultiplier !== 1 || p.dilationH !== 1 || p.dilationW !== 1 || !(filter instanceof Float32Array)) return undefined;
  // A bias computed at run time (not a constant) keeps the portable kernel.
  if (p.hasBias && !(bias instanceof Float32Array)) return undefined;
  const config: FloatWindowConfig = {
    kind: 'float-window', depthwise: true, batches: p.batches, inH: p.inH, inW: p.inW, inC: p.inC, outH: p.outH, outW: p.outW, outC: p.outC,
    kH: p.kH, kW: p.kW, strideH: p.strideH, strideW: p.strideW, padTop: p.padTop, padLeft: p.padLeft, hasBias: bias !== undefined, actMin: p.actMin, actMax: p.actMax,
  };
  // Depthwise filters are [1][kH][kW][C]: as a conv filter with one "output" per channel group, lanes = channels.
  const packed = new Float32Array(Math.ceil(p.outC / 4) * 4 * p.kH * p.kW);
  for (let c = 0; c < p.outC; c++) {
    for (let t = 0; t < p.kH * p.kW; t++) packed[(Math.floor(c / 4) * p.kH * p.kW + t) * 4 + (c % 4)] = filter[t * p.outC + c]!;
  }
  return {
    config,
    operands: [tensorOperand(op, 0), { table: new Uint8Array(packed.buffer) }, { table: packBias(bias as Float32Array | undefined, p.outC) }, outputOperand(op)],
  };
}

export function depthwiseSimd(f: FunctionBuilder, s: DepthwiseSimdConfig): Expr {
  return s.kind === 'int8' ? emitInt8(f, s) : emitFloatWindow(f, s);
}

function emitInt8(f: FunctionBuilder, c: DepthwiseInt8Config): Expr {
  const m = f.m;
  const packed = c.weightBits !== 8;
  const [pIn, pW, pRec, pOut, pRecInterior] = f.params(5);
  const pPairs = packed ? undefined : f.param(5);
  const [b, oy, ox, iy0, ix0, base, outPtr, grp, wg, rec, xg, wi] = f.locals(12, f.t.i32);
  const [accLo, accHi, xv, wv, r0, r1, xa, xb] = f.locals(8, f.t.v128);
  const groups = c.outC / 8;
  const offset = (): Expr => m.i16x8.splat(f.i32(c.inputOffset));
  const taps: Array<{ ky: number; kx: number; inOff: number; wOff: number }> = [];
  for (let ky = 0; ky < c.kH; ky++) {
    for (let kx = 0; kx < c.kW; kx++) {
      taps.push({ ky, kx, inOff: (ky * c.dilationH * c.inW + kx * c.dilationW) * c.inC, wOff: ((ky * c.kW + kx) * c.outC * c.weightBits) / 8 });
    }
  }
  const loadX = (addr: Expr, constOffset: number): Expr => {
    if (c.depthMultiplier !== 1) return m.i16x8.splat(c.inputUnsigned ? m.i32.load8_u(constOffset, 1, addr) : m.i32.load8_s(constOffset, 1, addr));
    return c.inputUnsigned ? m.v128.load8x8_u(constOffset, 1, addr) : m.v128.load8x8_s(constOffset, 1, addr);
  };
  const accumulate = (x: Expr, wOff: number, addOffset: boolean): Expr[] => [
    xv.set(addOffset ? m.i16x8.add(x, offset()) : x),
    wv.set(packed ? unpackEight(f, c.weightBits as 4 | 2, wOff, wg.get()) : m.v128.load8x8_s(wOff, 1, wg.get())),
    accLo.set(m.i32x4.add(accLo.get(), m.i32x4.extmul_low_i16x8_s(xv.get(), wv.get()))),
    accHi.set(m.i32x4.add(accHi.get(), m.i32x4.extmul_high_i16x8_s(xv.get(), wv.get()))),
  ];
  // Interior: every tap in bounds, addresses as constant offsets from the window's corner, the input
  // offset folded into the bias, and taps taken in pairs: interleave two taps' inputs (one shuffle per
  // half) and one dot product adds both taps' products for four channels.
  const pairs = Math.ceil(taps.length / 2);
  const interleave = (half: 0 | 1): number[] => [0, 1, 2, 3].flatMap((c) => {
    const lane = half * 4 + c;
    return [lane * 2, lane * 2 + 1, 16 + lane * 2, 16 + lane * 2 + 1];
  });
  const pairedInterior = (): Expr[] => Array.from({ length: pairs }, (_, j) => {
    const a = taps[2 * j]!;
    const bTap = taps[2 * j + 1];
    return [
      xa.set(loadX(xg.get(), a.inOff)),
      bTap ? xb.set(loadX(xg.get(), bTap.inOff)) : xb.set(xa.get()),
      accLo.set(m.i32x4.add(accLo.get(), m.i32x4.dot_i16x8_s(m.i8x16.shuffle(xa.get(), xb.get(), interleave(0)), m.v128.load(j * 32, 16, wi.get())))),
      accHi.set(m.i32x4.add(accHi.get(), m.i32x4.dot_i16x8_s(m.i8x16.shuffle(xa.get(), xb.get(), interleave(1)), m.v128.load(j * 32 + 16, 16, wi.get())))),
    ];
  }).flat();
  // Packed weights: one tap at a time, without bounds checks and with the offset folded into the bias.
  const interior = packed ? taps.flatMap((t) => accumulate(loadX(xg.get(), t.inOff), t.wOff, false)) : pairedInterior();
  // Border: each tap checked; addresses computed with wrapping adds (never as offsets of a wrapped base).
  const border = taps.map((t) => m.if(
    m.i32.and(
      m.i32.lt_u(m.i32.add(iy0.get(), f.i32(t.ky * c.dilationH)), f.i32(c.inH)),
      m.i32.lt_u(m.i32.add(ix0.get(), f.i32(t.kx * c.dilationW)), f.i32(c.inW)),
    ),
    f.block(accumulate(loadX(m.i32.add(xg.get(), f.i32(t.inOff)), 0), t.wOff, true)),
  ));
  const groupLoop = (window: Expr[], records: Local): Expr => f.block([
    wg.set(pW.get()),
    ...(pPairs ? [wi.set(pPairs.get())] : []),
    rec.set(records.get()),
    xg.set(base.get()),
    f.forRange(grp, 0, groups, [
      // Depth multiplier ≥ 8: the group's one input channel is grp·8 / dm.
      ...(c.depthMultiplier === 1 ? [] : [xg.set(m.i32.add(base.get(), m.i32.div_u(m.i32.shl(grp.get(), f.i32(3)), f.i32(c.depthMultiplier))))]),
      accLo.set(m.v128.const(new Array<number>(16).fill(0))),
      accHi.set(m.v128.const(new Array<number>(16).fill(0))),
      ...window,
      r0.set(requantLanes(f, c.rq, accLo.get(), rec, 0)),
      r1.set(requantLanes(f, c.rq, accHi.get(), rec, recordBytes(c.rq))),
      m.v128.store64_lane(0, 1, 0, outPtr.get(), toBytes(f, c.rq, r0.get(), r1.get())),
      outPtr.set(m.i32.add(outPtr.get(), f.i32(8))),
      wg.set(m.i32.add(wg.get(), f.i32(c.weightBits))),
      ...(pPairs ? [wi.set(m.i32.add(wi.get(), f.i32(pairs * 32)))] : []),
      rec.set(m.i32.add(rec.get(), f.i32(2 * recordBytes(c.rq)))),
      ...(c.depthMultiplier === 1 ? [xg.set(m.i32.add(xg.get(), f.i32(8)))] : []),
    ]),
  ]);
  const inside = (v: Local, extent: number, size: number): Expr =>
    m.i32.and(m.i32.ge_s(v.get(), f.i32(0)), m.i32.le_s(v.get(), f.i32(size - extent)));
  return f.block([
    outPtr.set(pOut.get()),
    f.forRange(b, 0, c.batches, [
      f.forRange(oy, 0, c.outH, [
        iy0.set(m.i32.sub(m.i32.mul(oy.get(), f.i32(c.strideH)), f.i32(c.padTop))),
        f.forRange(ox, 0, c.outW, [
          ix0.set(m.i32.sub(m.i32.mul(ox.get(), f.i32(c.strideW)), f.i32(c.padLeft))),
          base.set(m.i32.add(pIn.get(), m.i32.mul(
            m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(c.inH)), iy0.get()), f.i32(c.inW)), ix0.get()),
            f.i32(c.inC)))),
          m.if(
            m.i32.and(inside(iy0, (c.kH - 1) * c.dilationH + 1, c.inH), inside(ix0, (c.kW - 1) * c.dilationW + 1, c.inW)),
            groupLoop(interior, pRecInterior),
            groupLoop(border, pRec),
          ),
        ]),
      ]),
    ]),
  ]);
}

/**
 * Eight packed int4 (4 bytes) or int2 (2 bytes) weights at `ptr + offset`
 * as int16 lanes: each byte copied to the lanes of its fields, each lane
 * multiplied by the power of two that moves its field to bits 15…16−bits
 * (wrapping away the rest), then shifted back arithmetically.
 */
function unpackEight(f: FunctionBuilder, bits: 4 | 2, offset: number, ptr: Expr): Expr {
  const m = f.m;
  const perByte = 8 / bits;
  const raw = bits === 4 ? m.v128.load32_zero(offset, 1, ptr) : m.v128.load16_splat(offset, 1, ptr);
  const spread = m.i8x16.shuffle(raw, m.v128.const(new Array<number>(16).fill(0)), Array.from({ length: 16 }, (_, i) => (i < 8 ? Math.floor(i / perByte) : 16)));
  const factors = Array.from({ length: 8 }, (_, lane) => 2 ** (16 - bits - bits * (lane % perByte)));
  const bytes = factors.flatMap((v) => [v & 0xff, (v >> 8) & 0xff]);
  return m.i16x8.shr_s(m.i16x8.mul(m.i16x8.extend_low_i8x16_u(spread), m.v128.const(bytes)), f.i32(16 - bits));
}
