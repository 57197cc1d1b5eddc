/**
 * Input packing for the Arm DSP matrix kernels (im2col): the values one
 * output pixel's dot products read — its window of the input, with the
 * input offset added and padding taps as 0 — widened to int16 in the order
 * `ingot_dsp_mac_*` expect.
 *
 * A window is a list of runs that are contiguous in the NHWC input: one per
 * window row when taps along x are adjacent (no horizontal dilation), else
 * one per tap. Each run is padded to a multiple of 4 elements and the whole
 * row of K' elements to a multiple of 8; the weights hold 0 at every padded
 * position, so what the buffer holds there never matters.
 */
import type { ConvGeometry } from '../../../ops/conv2d.js';
import type { CWriter } from '../../writer.js';
import { affine } from '../common.js';
import { roundUp } from '../simd/common.js';

export interface PackLayout {
  /** `rows`: one run per window row (kW·inC values); `taps`: one per tap (inC values). */
  runs: 'rows' | 'taps';
  runLength: number;
  runPadded: number;
  runCount: number;
  /** K': packed elements per pixel (and per weight row). */
  packedK: number;
}

export function packLayout(g: Pick<ConvGeometry, 'kH' | 'kW' | 'inC' | 'dilationW'>): PackLayout {
  const runs = g.dilationW === 1 ? 'rows' : 'taps';
  const runLength = runs === 'rows' ? g.kW * g.inC : g.inC;
  const runPadded = roundUp(runLength, 4);
  const runCount = runs === 'rows' ? g.kH : g.kH * g.kW;
  return { runs, runLength, runPadded, runCount, packedK: roundUp(runCount * runPadded, 8) };
}

/** The original (OHWI-flattened, per channel) index of packed position e, or undefined for padding. */
export function unpackedIndex(l: PackLayout, e: number): number | undefined {
  const run = Math.floor(e / l.runPadded);
  const at = e % l.runPadded;
  return run < l.runCount && at < l.runLength ? run * l.runLength + at : undefined;
}

/**
 * C that packs output pixel `pixel` (a C expression, of batch input `in_b`)
 * into `dst` with `stride` words per group of four. Interior windows take
 * the fast whole-run path; others clip every run to the input.
 */
export function emitPackPixel(w: CWriter, g: ConvGeometry, l: PackLayout, pixel: string, dst: string, stride: number, inputOffset: number, alwaysInside: boolean): void {
  const groups = l.runPadded / 4;
  const rowElems = g.inW * g.inC;
  w.line(`const int32_t pix = ${pixel};`);
  w.line(`const int32_t oy = pix / ${g.outW}, ox = pix - oy * ${g.outW};`);
  w.line(`const int32_t iy0 = ${affine('oy', g.strideH, g.padTop)}, ix0 = ${affine('ox', g.strideW, g.padLeft)};`);
  const dy = (ky: string): string => (g.dilationH === 1 ? ky : `${ky} * ${g.dilationH}`);
  const runDst = (run: string): string => `${dst} + (${run}) * ${groups * stride}`;
  const inside = (): void => {
    if (l.runs === 'rows') {
      w.block(`for (int32_t ky = 0; ky < ${g.kH}; ++ky)`, () => {
        const src = `in_b + ((iy0 + ${dy('ky')}) * ${g.inW} + ix0) * ${g.inC}`;
        w.line(l.runLength % 4 === 0
          ? `ingot_dsp_pack_full(${runDst('ky')}, ${stride}, ${src}, ${l.runLength}, ${inputOffset});`
          : `ingot_dsp_pack_run(${runDst('ky')}, ${stride}, ${src}, 0, ${l.runPadded}, 0, ${l.runLength}, ${inputOffset});`);
      });
    } else {
      w.block(`for (int32_t ky = 0; ky < ${g.kH}; ++ky)`, () => {
        w.block(`for (int32_t kx = 0; kx < ${g.kW}; ++kx)`, () => {
          const src = `in_b + ((iy0 + ${dy('ky')}) * ${g.inW} + ix0 + kx * ${g.dilationW}) * ${g.inC}`;
          w.line(l.runLength % 4 === 0
            ? `ingot_dsp_pack_full(${runDst(`ky * ${g.kW} + kx`)}, ${stride}, ${src}, ${l.runLength}, ${inputOffset});`
            : `ingot_dsp_pack_run(${runDst(`ky * ${g.kW} + kx`)}, ${stride}, ${src}, 0, ${l.runPadded}, 0, ${l.runLength}, ${inputOffset});`);
        });
      });
    }
  };
  const clipped = (): void => {
    w.block(`for (int32_t ky = 0; ky < ${g.kH}; ++ky)`, () => {
      w.line(`const int32_t iy = iy0 + ${dy('ky')};`);
      w.line(`const int row_in = iy >= 0 && iy < ${g.inH};`);
      w.line(`const int8_t *row = in_b + (row_in ? iy : 0) * ${rowElems};`);
      if (l.runs === 'rows') {
        w.line(`const int32_t kx0 = ix0 < 0 ? -ix0 : 0;`);
        w.line(`const int32_t kx1 = ${g.inW} - ix0 < ${g.kW} ? ${g.inW} - ix0 : ${g.kW};`);
        w.line(`const int32_t lo = row_in ? kx0 * ${g.inC} : 0;`);
        w.line(`const int32_t hi = row_in && kx1 > kx0 ? kx1 * ${g.inC} : lo;`);
        w.line(`ingot_dsp_pack_run(${runDst('ky')}, ${stride}, row, ix0 * ${g.inC}, ${l.runPadded}, lo, hi, ${inputOffset});`);
      } else {
        w.block(`for (int32_t kx = 0; kx < ${g.kW}; ++kx)`, () => {
          w.line(`const int32_t ix = ix0 + kx * ${g.dilationW};`);
          w.line(`const int32_t hi = row_in && ix >= 0 && ix < ${g.inW} ? ${g.inC} : 0;`);
          w.line(`ingot_dsp_pack_run(${runDst(`ky * ${g.kW} + kx`)}, ${stride}, row, (hi ? ix : 0) * ${g.inC}, ${l.runPadded}, 0, hi, ${inputOffset});`);
        });
      }
    });
  };
  if (alwaysInside) inside();
  else {
    const lastY = (g.kH - 1) * g.dilationH;
    const lastX = (g.kW - 1) * g.dilationW;
    w.ifElse(`iy0 >= 0 && iy0 + ${lastY} < ${g.inH} && ix0 >= 0 && ix0 + ${lastX} < ${g.inW}`, inside, clipped);
  }
}
