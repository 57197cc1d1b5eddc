/**
 * Im2col for the target convolution kernels: the C that gathers one output
 * pixel's window of the NHWC input into a row of a scratch buffer, run by
 * run. A window is a list of runs contiguous in the input: one per window
 * row when taps along x are adjacent (no horizontal dilation), else one per
 * tap. Interior windows copy whole runs; a window crossing the border
 * clips each run to the input and lets the kernel family fill the rest
 * with its padding value (0 after the offset, or the zero point).
 */
import type { ConvGeometry } from '../../../ops/conv2d.js';
import type { CWriter } from '../../writer.js';
import { affine } from '../common.js';

export interface RunLayout {
  /** `rows`: one run per window row (kW·inC values); `taps`: one per tap (inC values). */
  runs: 'rows' | 'taps';
  runLength: number;
  runCount: number;
}

export function runLayout(g: Pick<ConvGeometry, 'kH' | 'kW' | 'inC' | 'dilationW'>): RunLayout {
  const runs = g.dilationW === 1 ? 'rows' : 'taps';
  return { runs, runLength: runs === 'rows' ? g.kW * g.inC : g.inC, runCount: runs === 'rows' ? g.kH : g.kH * g.kW };
}

/** How a kernel family writes runs (each returns one C statement). */
export interface RunWriter {
  /** All `runLength` inputs at `src` into run slot `run`. */
  full(run: string, src: string): string;
  /** Elements [lo, hi) from `row[start + e]`, padding elsewhere, into run slot `run`. */
  clipped(run: string, row: string, start: string, lo: string, hi: string): string;
}

/** True when every output pixel's window lies inside the input. */
export function windowsAlwaysInside(g: ConvGeometry): boolean {
  const inside = (outSize: number, inSize: number, k: number, stride: number, dil: number, pad: number): boolean =>
    pad <= 0 && (outSize - 1) * stride - pad + (k - 1) * dil < inSize;
  return inside(g.outH, g.inH, g.kH, g.strideH, g.dilationH, g.padTop) && inside(g.outW, g.inW, g.kW, g.strideW, g.dilationW, g.padLeft);
}

/**
 * C that packs output pixel `pixel` (a C expression; the batch's input is
 * `in_b`) with `runs`: interior windows whole, others clipped.
 */
export function emitPackPixel(w: CWriter, g: ConvGeometry, l: RunLayout, pixel: string, runs: RunWriter): void {
  const rowElems = g.inW * g.inC;
  w.line(`const int32_t pix = ${pixel};`);
  w.line(`const int32_t oy = pix / ${g.outW}, ox = pix - oy * ${g.outW};`);
  w.line(`const int32_t iy0 = ${affine('oy', g.strideH, g.padTop)}, ix0 = ${affine('ox', g.strideW, g.padLeft)};`);
  const dy = (ky: string): string => (g.dilationH === 1 ? ky : `${ky} * ${g.dilationH}`);
  const inside = (): void => {
    w.block(`for (int32_t ky = 0; ky < ${g.kH}; ++ky)`, () => {
      if (l.runs === 'rows') {
        w.line(runs.full('ky', `in_b + ((iy0 + ${dy('ky')}) * ${g.inW} + ix0) * ${g.inC}`));
      } else {
        w.block(`for (int32_t kx = 0; kx < ${g.kW}; ++kx)`, () => {
          w.line(runs.full(`ky * ${g.kW} + kx`, `in_b + ((iy0 + ${dy('ky')}) * ${g.inW} + ix0 + kx * ${g.dilationW}) * ${g.inC}`));
        });
      }
    });
  };
  const clipped = (): void => {
    w.block(`for (int32_t ky = 0; ky < ${g.kH}; ++ky)`, () => {
      w.line(`const int32_t iy = iy0 + ${dy('ky')};`);
      w.line(`const int row_in = iy >= 0 && iy < ${g.inH};`);
      w.line(`const int8_t *row = in_b + (row_in ? iy : 0) * ${rowElems};`);
      if (l.runs === 'rows') {
        w.line('const int32_t kx0 = ix0 < 0 ? -ix0 : 0;');
        w.line(`const int32_t kx1 = ${g.inW} - ix0 < ${g.kW} ? ${g.inW} - ix0 : ${g.kW};`);
        w.line(`const int32_t lo = row_in ? kx0 * ${g.inC} : 0;`);
        w.line('const int32_t hi = row_in && kx1 > kx0 ? kx1 * ' + g.inC + ' : lo;');
        w.line(runs.clipped('ky', 'row', `ix0 * ${g.inC}`, 'lo', 'hi'));
      } else {
        w.block(`for (int32_t kx = 0; kx < ${g.kW}; ++kx)`, () => {
          w.line(`const int32_t ix = ix0 + kx * ${g.dilationW};`);
          w.line(`const int32_t hi = row_in && ix >= 0 && ix < ${g.inW} ? ${g.inC} : 0;`);
          w.line(runs.clipped(`ky * ${g.kW} + kx`, 'row', `(hi ? ix : 0) * ${g.inC}`, '0', 'hi'));
        });
      }
    });
  };
  if (windowsAlwaysInside(g)) inside();
  else {
    const lastY = (g.kH - 1) * g.dilationH;
    const lastX = (g.kW - 1) * g.dilationW;
    w.ifElse(`iy0 >= 0 && iy0 + ${lastY} < ${g.inH} && ix0 >= 0 && ix0 + ${lastX} < ${g.inW}`, inside, clipped);
  }
}
