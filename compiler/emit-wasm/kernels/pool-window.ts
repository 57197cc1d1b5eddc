/**
 * The window walk both pooling kernels share: for each output pixel, the
 * window clipped to the image (so padded pixels never count) and its pixel
 * count, then a loop over channel groups whose body visits each tap of the
 * clipped window. The scalar kernel walks groups of one channel, the SIMD
 * one groups of eight.
 */
import type { Pool2dPrepared } from '../../ops/pool2d.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';

export interface PoolGroup {
  /** Pixels in this output pixel's clipped window. */
  count: Local;
  /** The first channel of the group. */
  channel: Local;
  /** Where the group's outputs go (advanced by the walker after the body). */
  outPtr: Local;
  /** A loop over the window's taps; `body` gets the address of the group's first channel at the tap. */
  taps(body: (address: Expr) => Expr[]): Expr;
}

/** Walks every output pixel and channel group of `p`, `groupChannels` channels of `elementBytes` bytes at a time. */
export function walkPoolWindows(f: FunctionBuilder, p: Pool2dPrepared, pIn: Local, pOut: Local, elementBytes: number, groupChannels: number,
  group: (g: PoolGroup) => Expr[]): Expr {
  const m = f.m;
  const [b, oy, ox, c, ky, kx, iy0, ix0, ky0, ky1, kx0, kx1, count, outPtr] = f.locals(14, f.t.i32);
  const address = (): Expr => m.i32.add(pIn.get(), m.i32.mul(
    m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(p.inH)), m.i32.add(iy0.get(), ky.get())), f.i32(p.inW)), m.i32.add(ix0.get(), kx.get())), f.i32(p.channels)), c.get()),
    f.i32(elementBytes)));
  const taps = (body: (address: Expr) => Expr[]): Expr =>
    f.forRange(ky, f.dyn(ky0.get()), f.dyn(ky1.get()), [f.forRange(kx, f.dyn(kx0.get()), f.dyn(kx1.get()), body(address()))]);
  return f.block([
    outPtr.set(pOut.get()),
    f.forRange(b, 0, p.batches, [
      f.forRange(oy, 0, p.outH, [
        iy0.set(m.i32.sub(m.i32.mul(oy.get(), f.i32(p.strideH)), f.i32(p.padTop))),
        ky0.set(m.select(m.i32.lt_s(iy0.get(), f.i32(0)), m.i32.sub(f.i32(0), iy0.get()), f.i32(0))),
        ky1.set(m.i32.sub(f.i32(p.inH), iy0.get())),
        ky1.set(m.select(m.i32.lt_s(ky1.get(), f.i32(p.kH)), ky1.get(), f.i32(p.kH))),
        f.forRange(ox, 0, p.outW, [
          ix0.set(m.i32.sub(m.i32.mul(ox.get(), f.i32(p.strideW)), f.i32(p.padLeft))),
          kx0.set(m.select(m.i32.lt_s(ix0.get(), f.i32(0)), m.i32.sub(f.i32(0), ix0.get()), f.i32(0))),
          kx1.set(m.i32.sub(f.i32(p.inW), ix0.get())),
          kx1.set(m.select(m.i32.lt_s(kx1.get(), f.i32(p.kW)), kx1.get(), f.i32(p.kW))),
          count.set(m.i32.mul(m.i32.sub(ky1.get(), ky0.get()), m.i32.sub(kx1.get(), kx0.get()))),
          f.forRange(c, 0, p.channels, [
            ...group({ count, channel: c, outPtr, taps }),
            outPtr.set(m.i32.add(outPtr.get(), f.i32(elementBytes * groupChannels))),
          ], groupChannels),
        ]),
      ]),
    ]),
  ]);
}

/** TFLite's integer average: (sum ± count/2) / count, rounding half away from zero with a truncating division. */
export function roundingDivide(f: FunctionBuilder, sum: Expr, half: Local, count: Local): Expr {
  const m = f.m;
  const s = f.local(f.t.i32);
  return m.block(null, [
    s.set(sum),
    m.i32.div_s(m.select(m.i32.gt_s(s.get(), f.i32(0)), m.i32.add(s.get(), half.get()), m.i32.sub(s.get(), half.get())), count.get()),
  ], f.t.i32);
}
