/**
 * Float32 SIMD128 kernels for CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED, vectorised across output channels so that each lane adds
 * its products in exactly the reference's order (window row, column, input
 * channel; or depth) with a float32 multiply and a float32 add per step —
 * IEEE single arithmetic, so the same bits as the portable kernels and the
 * reference, not merely close. Weights are re-laid out at compile time with
 * four output channels innermost (zero-padded to a multiple of four); the
 * window is clipped per pixel, skipping taps as the reference does. The
 * clamp uses pmin/pmax, which are exactly `v < lo ? lo : v` and
 * `hi < v ? hi : v`.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { emitFloatConvBlocked, finishVector } from './float-conv-block.js';

export interface FloatWindowConfig {
  kind: 'float-window';
  /** conv: every input channel feeds every output channel; depthwise: lane c sees input channel c. */
  depthwise: boolean;
  batches: number;
  inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  padTop: number; padLeft: number;
  hasBias: boolean;
  actMin: number;
  actMax: number;
}

export interface FloatDenseConfig {
  kind: 'float-dense';
  batches: number;
  depth: number;
  units: number;
  hasBias: boolean;
  actMin: number;
  actMax: number;
}

const groupsOf = (n: number): number => Math.ceil(n / 4);

/** Conv weights [oc][ky][kx][ic] → [group][ky][kx][ic][4], zero lanes past outC. */
export function packConvWeights(w: Float32Array, outC: number, kH: number, kW: number, inC: number): Uint8Array {
  const taps = kH * kW * inC;
  const out = new Float32Array(groupsOf(outC) * taps * 4);
  for (let oc = 0; oc < outC; oc++) {
    for (let t = 0; t < taps; t++) out[(Math.floor(oc / 4) * taps + t) * 4 + (oc % 4)] = w[oc * taps + t]!;
  }
  return new Uint8Array(out.buffer);
}

/** Dense weights [units][depth] → [group][depth][4]. */
export function packDenseWeights(w: Float32Array, units: number, depth: number): Uint8Array {
  return packConvWeights(w, units, 1, 1, depth);
}

/** Bias padded to whole groups of four (zeros without a bias). */
export function packBias(bias: Float32Array | undefined, n: number): Uint8Array {
  const out = new Float32Array(groupsOf(n) * 4);
  if (bias) out.set(bias.subarray(0, n));
  return new Uint8Array(out.buffer);
}

/** Parameters: input, packed weights, packed bias, output. */
export function emitFloatWindow(f: FunctionBuilder, c: FloatWindowConfig): Expr {
  if (!c.depthwise) return emitFloatConvBlocked(f, c);
  const m = f.m;
  const [pIn, pW, pBias, pOut] = f.params(4);
  const [b, oy, ox, g, ky, kx, iy0, ix0, ky0, ky1, kx0, kx1, outPtr, wGroup] = f.locals(14, f.t.i32);
  const acc = f.local(f.t.v128);
  const tapFloats = 4;
  const groupFloats = c.kH * c.kW * tapFloats;
  const clip = (lo: Local, hi: Local, start: Local, k: number, size: number): Expr[] => [
    lo.set(m.select(m.i32.lt_s(start.get(), f.i32(0)), m.i32.sub(f.i32(0), start.get()), f.i32(0))),
    hi.set(m.i32.sub(f.i32(size), start.get())),
    hi.set(m.select(m.i32.lt_s(hi.get(), f.i32(k)), hi.get(), f.i32(k))),
  ];
  // Address of input pixel (iy0 + ky, ix0 + kx) and of the tap's weights within the group.
  const pixel = (): Expr => m.i32.add(pIn.get(), m.i32.shl(m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(c.inH)), m.i32.add(iy0.get(), ky.get())), f.i32(c.inW)), m.i32.add(ix0.get(), kx.get())), f.i32(c.inC)), f.i32(2)));
  const tapWeights = (): Expr => m.i32.add(wGroup.get(), m.i32.shl(m.i32.mul(m.i32.add(m.i32.mul(ky.get(), f.i32(c.kW)), kx.get()), f.i32(tapFloats)), f.i32(2)));
  // A function, not a value: each group emitted needs its own copy of the expressions.
  const inner = (): Expr[] => [
    acc.set(m.f32x4.add(acc.get(), m.f32x4.mul(m.v128.load(0, 4, m.i32.add(pixel(), m.i32.shl(g.get(), f.i32(4)))), m.v128.load(0, 4, tapWeights())))),
  ];
  const group = (lanes: number): Expr[] => [
    wGroup.set(m.i32.add(pW.get(), m.i32.mul(g.get(), f.i32(groupFloats * 4)))),
    acc.set(m.v128.const(new Array<number>(16).fill(0))),
    f.forRange(ky, f.dyn(ky0.get()), f.dyn(ky1.get()), [f.forRange(kx, f.dyn(kx0.get()), f.dyn(kx1.get()), inner())]),
    finishVector(f, c, acc, m.v128.load(0, 4, m.i32.add(pBias.get(), m.i32.shl(g.get(), f.i32(4)))), outPtr.get(), lanes),
    outPtr.set(m.i32.add(outPtr.get(), f.i32(lanes * 4))),
  ];
  const fullGroups = Math.floor(c.outC / 4);
  return f.block([
    outPtr.set(pOut.get()),
    f.forRange(b, 0, c.batches, [
      f.forRange(oy, 0, c.outH, [
        iy0.set(m.i32.sub(m.i32.mul(oy.get(), f.i32(c.strideH)), f.i32(c.padTop))),
        ...clip(ky0, ky1, iy0, c.kH, c.inH),
        f.forRange(ox, 0, c.outW, [
          ix0.set(m.i32.sub(m.i32.mul(ox.get(), f.i32(c.strideW)), f.i32(c.padLeft))),
          ...clip(kx0, kx1, ix0, c.kW, c.inW),
          f.forRange(g, 0, fullGroups, group(4)),
          ...(c.outC % 4 ? [g.set(f.i32(fullGroups)), ...group(c.outC % 4)] : []),
        ]),
      ]),
    ]),
  ]);
}

/** Parameters: input, packed weights, packed bias, output: a 1x1 window over a 1x1 image of `depth` channels. */
export function emitFloatDense(f: FunctionBuilder, c: FloatDenseConfig): Expr {
  return emitFloatConvBlocked(f, {
    kind: 'float-window', depthwise: false, batches: c.batches, inH: 1, inW: 1, inC: c.depth, outH: 1, outW: 1, outC: c.units,
    kH: 1, kW: 1, strideH: 1, strideW: 1, padTop: 0, padLeft: 0, hasBias: c.hasBias, actMin: c.actMin, actMax: c.actMax,
  });
}
