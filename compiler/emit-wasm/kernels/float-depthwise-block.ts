/**
 * Float32 SIMD128 depthwise convolution (multiplier 1), four channels per
 * vector and P output pixels of a row per pass, so each tap's weight vector
 * is loaded once for P pixels and the addresses advance by constant steps
 * instead of being recomputed from the indices at every tap.
 *
 * Bit-exact with the reference: each lane adds its products one at a time,
 * float32 multiply then float32 add, in the reference's order (window row,
 * then column), from +0, with the bias added last. Pixels whose window is
 * clipped at the left or right edge run one at a time over the columns
 * inside the image; window rows outside the image are skipped for the whole
 * output row, as the reference skips those taps.
 *
 * Weights are packed [group][ky][kx][4] (depthwise-simd.ts). The last
 * group's vector may read past the last channel of a pixel; its weights
 * there are zero and those lanes are never stored.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { finishVector } from './float-conv-block.js';
import type { FloatWindowConfig } from './float-simd.js';
import { emitWalk, windowWalk } from './float-window-walk.js';

/** Output pixels per pass: P accumulators and P input vectors beside one weight vector stay in registers. */
const PIXELS = 4;

/** Parameters: input, packed weights, packed bias, output. */
export function emitFloatDepthwiseBlocked(f: FunctionBuilder, c: FloatWindowConfig): Expr {
  const m = f.m;
  const [pIn, pW, pBias, pOut] = f.params(4);
  const walk = windowWalk(f, c);
  const { b, oy, ox, iy0, ky0, ky1, kx0, kx1, rowsInside, interiorLo, interiorHi } = walk;
  const [g, ky, kx, x, w] = f.locals(5, f.t.i32);
  const groups = Math.ceil(c.outC / 4);
  const fullGroups = Math.floor(c.outC / 4);
  const pixelBytes = c.strideW * c.inC * 4;

  /** One channel group (`lanes` channels) of `pixels` output pixels from `ox`. */
  const group = (pixels: number, clipped: boolean, lanes: number): Expr[] => {
    const acc = f.locals(pixels, f.t.v128) as Local[];
    const wv = f.local(f.t.v128);
    // Input of pixel ox, window row ky, column kx0 (0 unless clipped), channel 4g.
    const inputRow = (): Expr => m.i32.add(pIn.get(), m.i32.shl(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(c.inH)),
      m.i32.add(iy0.get(), ky.get())), f.i32(c.inW)), m.i32.add(m.i32.sub(m.i32.mul(ox.get(), f.i32(c.strideW)), f.i32(c.padLeft)), clipped ? kx0.get() : f.i32(0))),
      f.i32(c.inC)), m.i32.shl(g.get(), f.i32(2))), f.i32(2)));
    const weightRow = (): Expr => m.i32.add(pW.get(), m.i32.shl(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(g.get(), f.i32(c.kH)), ky.get()), f.i32(c.kW)),
      clipped ? kx0.get() : f.i32(0)), f.i32(4)));
    const outAt = (p: number): Expr => m.i32.add(pOut.get(), m.i32.shl(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(),
      f.i32(c.outH)), oy.get()), f.i32(c.outW)), m.i32.add(ox.get(), f.i32(p))), f.i32(c.outC)), m.i32.shl(g.get(), f.i32(2))), f.i32(2)));
    return [
      ...acc.map((a) => a.set(f.zeroV128())),
      f.forRange(ky, rowsInside ? 0 : f.dyn(ky0.get()), rowsInside ? c.kH : f.dyn(ky1.get()), [
        x.set(inputRow()),
        w.set(weightRow()),
        f.forRange(kx, clipped ? f.dyn(kx0.get()) : 0, clipped ? f.dyn(kx1.get()) : c.kW, [
          wv.set(m.v128.load(0, 4, w.get())),
          ...acc.map((a, p) => a.set(m.f32x4.add(a.get(), m.f32x4.mul(m.v128.load(0, 4, f.addr(x.get(), p * pixelBytes)), wv.get())))),
          x.set(m.i32.add(x.get(), f.i32(c.inC * 4))),
          w.set(m.i32.add(w.get(), f.i32(16))),
        ]),
      ]),
      ...acc.map((a, p) => finishVector(f, c, a, m.v128.load(0, 4, m.i32.add(pBias.get(), m.i32.shl(g.get(), f.i32(4)))), outAt(p), lanes)),
    ];
  };
  const allGroups = (pixels: number, clipped: boolean): Expr[] => [
    f.forRange(g, 0, fullGroups, group(pixels, clipped, 4)),
    ...(groups > fullGroups ? [g.set(f.i32(fullGroups)), ...group(pixels, clipped, c.outC % 4)] : []),
  ];
  const full = Math.floor((interiorHi - interiorLo) / PIXELS) * PIXELS;
  return emitWalk(f, c, walk, () => allGroups(1, true), () => [
    f.forRange(ox, interiorLo, interiorLo + full, allGroups(PIXELS, false), PIXELS),
    f.forRange(ox, interiorLo + full, interiorHi, allGroups(1, false)),
  ]);
}
