/**
 * Sliding-window geometry shared by the convolution and pooling kernels:
 * which output rows and columns see a window lying wholly inside the input
 * (the interior, where loops need no bounds checks), and the C that clips a
 * window at the border.
 */
import type { CWriter } from '../writer.js';
import { affine } from './common.js';

/** Output positions [lo, hi) whose whole window is inside an input of `inSize`. */
export function interiorRange(outSize: number, inSize: number, kernel: number, stride: number, dilation: number, padBefore: number): [number, number] {
  const span = (kernel - 1) * dilation;
  const lo = Math.min(outSize, Math.max(0, Math.ceil(padBefore / stride)));
  const hi = Math.max(lo, Math.min(outSize, Math.floor((inSize - 1 - span + padBefore) / stride) + 1));
  return [lo, hi];
}

export interface Axis {
  /** Loop variable of the window (`ky`, `kx`). */
  k: string;
  /** Name of the window origin (`iy0`, `ix0`), already declared. */
  origin: string;
  kernel: number;
  dilation: number;
  inSize: number;
}

/**
 * Declares `<k>0` and `<k>1`, the window taps along one axis that land
 * inside the input, for a window starting at `origin` (possibly negative).
 */
export function clipWindow(w: CWriter, a: Axis): void {
  const { k, origin, kernel, dilation, inSize } = a;
  if (dilation === 1) {
    w.line(`const int32_t ${k}0 = ${origin} < 0 ? -${origin} : 0;`);
    w.line(`const int32_t ${k}1 = ${inSize} - ${origin} < ${kernel} ? ${inSize} - ${origin} : ${kernel};`);
  } else {
    w.line(`const int32_t ${k}0 = ${origin} < 0 ? (${dilation - 1} - ${origin}) / ${dilation} : 0;`);
    w.line(`const int32_t ${k}e = (${inSize} - ${origin} + ${dilation - 1}) / ${dilation};`);
    w.line(`const int32_t ${k}1 = ${k}e < ${kernel} ? ${k}e : ${kernel};`);
  }
}

/** True when the interior is every output position (no border code needed). */
export function allInterior(rows: [number, number], cols: [number, number], outH: number, outW: number): boolean {
  return rows[0] === 0 && rows[1] === outH && cols[0] === 0 && cols[1] === outW;
}

/** True when no output position has its whole window inside (no interior code needed). */
export function noInterior(rows: [number, number], cols: [number, number]): boolean {
  return rows[0] >= rows[1] || cols[0] >= cols[1];
}

export interface PixelWalk {
  outH: number;
  outW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  /** Output elements per pixel (channels). */
  channels: number;
  /** The C type of output elements. */
  outType: string;
  rows: [number, number];
  cols: [number, number];
}

/**
 * The loops over output pixels of a sliding-window kernel, with `iy0`,
 * `ix0` (the window origin, possibly negative) and `out` (this pixel's
 * output) declared for the bodies. Interior pixels run `interior`, others
 * `border`; the test is made once per row, and interior rows run their
 * interior columns in one tight loop, then the border loop skips them — so
 * each body is written once and the hot loop carries no bounds logic.
 */
export function walkPixels(w: CWriter, p: PixelWalk, interior: () => void, border: () => void): void {
  const { rows, cols } = p;
  const pixelHeader = (): void => {
    w.line(`const int32_t ix0 = ${affine('ox', p.strideW, p.padLeft)};`);
    w.line(`${p.outType} *out = out_row + ox * ${p.channels};`);
  };
  w.block(`for (int32_t oy = 0; oy < ${p.outH}; ++oy)`, () => {
    w.line(`const int32_t iy0 = ${affine('oy', p.strideH, p.padTop)};`);
    w.line(`${p.outType} *out_row = out_b + oy * ${p.outW * p.channels};`);
    if (allInterior(rows, cols, p.outH, p.outW)) {
      w.block(`for (int32_t ox = 0; ox < ${p.outW}; ++ox)`, () => {
        pixelHeader();
        interior();
      });
      return;
    }
    if (noInterior(rows, cols)) {
      w.block(`for (int32_t ox = 0; ox < ${p.outW}; ++ox)`, () => {
        pixelHeader();
        border();
      });
      return;
    }
    w.line(`const int row_inside = oy >= ${rows[0]} && oy < ${rows[1]};`);
    w.block('if (row_inside)', () => {
      w.block(`for (int32_t ox = ${cols[0]}; ox < ${cols[1]}; ++ox)`, () => {
        pixelHeader();
        interior();
      });
    });
    w.block(`for (int32_t ox = 0; ox < ${p.outW}; ++ox)`, () => {
      w.block(`if (row_inside && ox == ${cols[0]})`, () => {
        w.line(`ox = ${cols[1] - 1};`);
        w.line('continue;');
      });
      pixelHeader();
      border();
    });
  });
}
