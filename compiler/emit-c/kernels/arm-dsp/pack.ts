/**
 * Input packing for the Arm DSP matrix kernels: the im2col runs
 * (simd/im2col.ts) widened to int16 with the input offset added and
 * padding taps 0, in the order `ingot_dsp_mac_*` expect. Each run is padded
 * to a multiple of 4 elements and the whole row of K' elements to a
 * multiple of 8 (16 for int2 weights); the weights hold 0 at every padded
 * position, so what the buffer holds there never matters.
 */
import type { ConvGeometry } from '../../../ops/conv2d.js';
import { roundUp, type WeightBits } from '../simd/common.js';
import { runLayout, type RunLayout, type RunWriter } from '../simd/im2col.js';

export interface PackLayout extends RunLayout {
  runPadded: number;
  /** K': packed elements per pixel (and per weight row). */
  packedK: number;
}

/** The layout for weights of `bits` (int2 words hold 16 elements, so K' is a multiple of 16 there). */
export function packLayout(g: Pick<ConvGeometry, 'kH' | 'kW' | 'inC' | 'dilationW'>, bits: WeightBits = 8): PackLayout {
  const runs = runLayout(g);
  const runPadded = roundUp(runs.runLength, 4);
  return { ...runs, runPadded, packedK: roundUp(runs.runCount * runPadded, bits === 2 ? 16 : 8) };
}

/** The original (OHWI-flattened, per channel) index of packed position e, or undefined for padding. */
export function unpackedIndex(l: PackLayout, e: number): number | undefined {
  const run = Math.floor(e / l.runPadded);
  const at = e % l.runPadded;
  return run < l.runCount && at < l.runLength ? run * l.runLength + at : undefined;
}

/** Runs written into `dst` (int32_t *) with `stride` words per group of four. */
export function dspRunWriter(l: PackLayout, dst: string, stride: number, inputOffset: number): RunWriter {
  const at = (run: string): string => `${dst} + (${run}) * ${(l.runPadded / 4) * stride}`;
  return {
    full: (run, src) =>
      l.runLength % 4 === 0
        ? `ingot_dsp_pack_full(${at(run)}, ${stride}, ${src}, ${l.runLength}, ${inputOffset});`
        : `ingot_dsp_pack_run(${at(run)}, ${stride}, ${src}, 0, ${l.runPadded}, 0, ${l.runLength}, ${inputOffset});`,
    clipped: (run, row, start, lo, hi) => `ingot_dsp_pack_run(${at(run)}, ${stride}, ${row}, ${start}, ${l.runPadded}, ${lo}, ${hi}, ${inputOffset});`,
  };
}
