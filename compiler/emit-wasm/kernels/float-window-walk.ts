/**
 * The output walk the blocked float32 window kernels share
 * (float-conv-block.ts, float-depthwise-block.ts): batches, then output
 * rows with the window rows clipped to the image, then the row's pixels in
 * three runs — clipped at the left edge, interior (the window wholly inside
 * the image in x, where kernels take several pixels per pass), clipped at
 * the right edge. Edge pixels come one at a time with the window columns
 * inside the image in [kx0, kx1).
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import type { FloatWindowConfig } from './float-simd.js';

export interface WindowWalk {
  b: Local; oy: Local; ox: Local;
  /** The first input row of the output row's window (may be negative). */
  iy0: Local;
  /** Window rows inside the image: [ky0, ky1), or all kH when `rowsInside`. */
  ky0: Local; ky1: Local;
  /** Window columns inside the image for an edge pixel. */
  kx0: Local; kx1: Local;
  /** No output row's window leaves the image: ky0/ky1 are not set. */
  rowsInside: boolean;
  /** Output pixels [interiorLo, interiorHi) of a row have their window inside the image in x. */
  interiorLo: number; interiorHi: number;
}

/** The walk's locals and bounds; `emitWalk` then emits the loops around the kernel's bodies. */
export function windowWalk(f: FunctionBuilder, c: FloatWindowConfig): WindowWalk {
  const [b, oy, ox, iy0, ky0, ky1, kx0, kx1] = f.locals(8, f.t.i32) as Local[] as [Local, Local, Local, Local, Local, Local, Local, Local];
  const interiorLo = Math.min(c.outW, Math.ceil(c.padLeft / c.strideW));
  const interiorHi = Math.max(interiorLo, Math.min(c.outW, Math.floor((c.inW - c.kW + c.padLeft) / c.strideW) + 1));
  // No top padding and the last row's window ends inside the image.
  const rowsInside = c.padTop <= 0 && (c.outH - 1) * c.strideH - c.padTop + c.kH <= c.inH;
  return { b, oy, ox, iy0, ky0, ky1, kx0, kx1, rowsInside, interiorLo, interiorHi };
}

/** The loops: `edge()` runs for each clipped pixel at `ox`, `interior()` once per row for the interior run (each call builds fresh expressions). */
export function emitWalk(f: FunctionBuilder, c: FloatWindowConfig, w: WindowWalk, edge: () => Expr[], interior: () => Expr[]): Expr {
  const m = f.m;
  const { b, oy, ox, iy0, ky0, ky1, kx0, kx1 } = w;
  const start = (): Expr => m.i32.sub(m.i32.mul(ox.get(), f.i32(c.strideW)), f.i32(c.padLeft));
  const edgePixel = (): Expr[] => [
    kx0.set(m.select(m.i32.lt_s(start(), f.i32(0)), m.i32.sub(f.i32(0), start()), f.i32(0))),
    kx1.set(m.i32.sub(f.i32(c.inW), start())),
    kx1.set(m.select(m.i32.lt_s(kx1.get(), f.i32(c.kW)), kx1.get(), f.i32(c.kW))),
    ...edge(),
  ];
  return f.block([
    f.forRange(b, 0, c.batches, [
      f.forRange(oy, 0, c.outH, [
        iy0.set(m.i32.sub(m.i32.mul(oy.get(), f.i32(c.strideH)), f.i32(c.padTop))),
        ...(w.rowsInside ? [] : [
          ky0.set(m.select(m.i32.lt_s(iy0.get(), f.i32(0)), m.i32.sub(f.i32(0), iy0.get()), f.i32(0))),
          ky1.set(m.i32.sub(f.i32(c.inH), iy0.get())),
          ky1.set(m.select(m.i32.lt_s(ky1.get(), f.i32(c.kH)), ky1.get(), f.i32(c.kH))),
        ]),
        f.forRange(ox, 0, w.interiorLo, edgePixel()),
        ...interior(),
        f.forRange(ox, w.interiorHi, c.outW, edgePixel()),
      ]),
    ]),
  ]);
}
