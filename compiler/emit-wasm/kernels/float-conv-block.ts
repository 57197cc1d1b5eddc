/**
 * Float32 SIMD128 convolution (not depthwise) and fully connected as a
 * register-blocked kernel: P output pixels of a row × G vectors of four
 * output channels, P·G float32x4 accumulators. One `load32_splat` of an
 * input value serves the G weight vectors, and each weight vector serves
 * the P pixels, so the inner step is P splats and G loads for P·G
 * multiply-adds, where a pixel-and-group-at-a-time loop paid one splat and
 * one load for each.
 *
 * Bit-exact with the reference, not merely close: every lane still adds its
 * products one at a time, float32 multiply then float32 add, in the
 * reference's order (window row, then column, then input channel), starting
 * from +0 and adding the bias last. Blocking only interleaves independent
 * lanes. In NHWC the taps of one window row — kW columns × inC channels —
 * are consecutive floats of the input, and the packed weights
 * ([group][ky][kx][ic][4], float-simd.ts) hold them in the same order, so a
 * window row is one flat loop over j = kx·inC + ic.
 *
 * Pixels whose window is clipped at the left or right edge run one at a time
 * over their clipped part of each row (still consecutive), as the reference
 * skips the taps outside the image; window rows outside the image are
 * skipped for every pixel of the output row.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import type { FloatWindowConfig } from './float-simd.js';
import { emitWalk, windowWalk } from './float-window-walk.js';

/** At most this many accumulators: with the splats and weight vectors they fill V8's 16 xmm registers. */
const MAX_ACCUMULATORS = 8;

/** The block shapes of `outC` channels: groups of four split into chunks of at most four vectors, each with its pixel count. */
export function blockShapes(outC: number): { firstGroup: number; groups: number; pixels: number }[] {
  const total = Math.ceil(outC / 4);
  const out: { firstGroup: number; groups: number; pixels: number }[] = [];
  for (let first = 0; first < total; first += 4) {
    const groups = Math.min(4, total - first);
    out.push({ firstGroup: first, groups, pixels: Math.max(1, Math.min(6, Math.floor(MAX_ACCUMULATORS / groups))) });
  }
  return out;
}

/** Parameters: input, packed weights, packed bias, output. */
export function emitFloatConvBlocked(f: FunctionBuilder, c: FloatWindowConfig): Expr {
  const m = f.m;
  const [pIn, pW, pBias, pOut] = f.params(4);
  const walk = windowWalk(f, c);
  const { b, oy, ox, iy0, ky0, ky1, kx0, kx1, rowsInside, interiorLo, interiorHi } = walk;
  const [ky, row, x, w, j] = f.locals(5, f.t.i32);
  const rowTaps = c.kW * c.inC;
  const groupBytes = c.kH * rowTaps * 16;
  const pixelBytes = c.strideW * c.inC * 4;

  /** Accumulators of P pixels × G vectors, the flat tap loop over each unclipped (or clipped) window row, then bias, clamp, stores. */
  const block = (first: number, groups: number, pixels: number, clipped: boolean): Expr[] => {
    const acc = Array.from({ length: pixels }, () => f.locals(groups, f.t.v128) as Local[]);
    const splat = f.locals(pixels, f.t.v128) as Local[];
    const wv = f.locals(groups, f.t.v128) as Local[];
    // One tap per iteration: V8 issues all of an iteration's loads before its arithmetic, so an
    // unrolled body keeps every loaded vector live at once and spills (it unrolls the loop itself).
    const taps = f.forRange(j, clipped ? f.dyn(m.i32.mul(kx0.get(), f.i32(c.inC))) : 0, clipped ? f.dyn(m.i32.mul(kx1.get(), f.i32(c.inC))) : rowTaps, [
      ...splat.map((s, p) => s.set(m.v128.load32_splat(0, 4, f.addr(x.get(), p * pixelBytes)))),
      ...wv.map((v, g) => v.set(m.v128.load(0, 4, f.addr(w.get(), g * groupBytes)))),
      ...acc.flatMap((row, p) => row.map((a, g) => a.set(m.f32x4.add(a.get(), m.f32x4.mul(splat[p]!.get(), wv[g]!.get()))))),
      x.set(m.i32.add(x.get(), f.i32(4))),
      w.set(m.i32.add(w.get(), f.i32(16))),
    ]);
    const inputRow = (): Expr => m.i32.add(pIn.get(), m.i32.shl(m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(c.inH)),
      m.i32.add(iy0.get(), ky.get())), f.i32(c.inW)), m.i32.sub(m.i32.mul(ox.get(), f.i32(c.strideW)), f.i32(c.padLeft))), f.i32(c.inC)), f.i32(2)));
    const startTap = (): Expr => (clipped ? m.i32.mul(kx0.get(), f.i32(c.inC * 4)) : f.i32(0));
    const outAt = (p: number, g: number): Expr => m.i32.add(pOut.get(), m.i32.shl(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(),
      f.i32(c.outH)), oy.get()), f.i32(c.outW)), m.i32.add(ox.get(), f.i32(p))), f.i32(c.outC)), f.i32(4 * (first + g))), f.i32(2)));
    return [
      ...acc.flat().map((a) => a.set(f.zeroV128())),
      f.forRange(ky, rowsInside ? 0 : f.dyn(ky0.get()), rowsInside ? c.kH : f.dyn(ky1.get()), [
        row.set(inputRow()),
        x.set(m.i32.add(row.get(), startTap())),
        w.set(m.i32.add(pW.get(), m.i32.add(f.i32(first * groupBytes), m.i32.add(m.i32.mul(ky.get(), f.i32(rowTaps * 16)), m.i32.shl(startTap(), f.i32(2)))))),
        taps,
      ]),
      ...acc.flatMap((accs, p) => accs.map((a, g) => finishVector(f, c, a, m.v128.load(0, 4, f.addr(pBias.get(), 16 * (first + g))), outAt(p, g), Math.min(4, c.outC - 4 * (first + g))))),
    ];
  };

  const shapes = blockShapes(c.outC);
  /** All channels of one clipped pixel at `ox`. */
  const edgePixel = (): Expr[] => shapes.flatMap((s) => block(s.firstGroup, s.groups, 1, true));
  /** Interior pixels: blocks of P per chunk of vectors, the rest one at a time. */
  const interior = (): Expr[] => shapes.map((s) => {
    const full = Math.floor((interiorHi - interiorLo) / s.pixels) * s.pixels;
    return f.block([
      f.forRange(ox, interiorLo, interiorLo + full, block(s.firstGroup, s.groups, s.pixels, false), s.pixels),
      f.forRange(ox, interiorLo + full, interiorHi, block(s.firstGroup, s.groups, 1, false)),
    ]);
  });
  return emitWalk(f, c, walk, edgePixel, interior);
}

/** acc + bias, clamped to the activation range, stored as 4 lanes (or fewer in the last vector). */
export function finishVector(f: FunctionBuilder, c: { actMin: number; actMax: number }, acc: Local, bias: Expr, out: Expr, lanes: number): Expr {
  const m = f.m;
  let v = m.f32x4.add(acc.get(), bias);
  if (c.actMin !== -Infinity) v = m.f32x4.pmax(v, f.splatInvariant('f32x4', c.actMin));
  if (c.actMax !== Infinity) v = m.f32x4.pmin(v, f.splatInvariant('f32x4', c.actMax));
  if (lanes === 4) return m.v128.store(0, 4, out, v);
  const t = f.local(f.t.v128);
  const o = f.local(f.t.i32);
  return f.block([t.set(v), o.set(out), ...Array.from({ length: lanes }, (_, l) => m.v128.store32_lane(l * 4, 4, l, o.get(), t.get()))]);
}
