/**
 * What the vector convolutions (Helium, NEON) share: the bias with the
 * input offset folded in, and the loop over pairs of output pixels that
 * hands their two input rows to the family's GEMM — read in place for a
 * 1×1 unpadded convolution, else gathered by im2col into two scratch rows.
 */
import type { Conv2dPrepared } from '../../../ops/conv2d.js';
import type { Graph, Op } from '../../../ir/index.js';
import type { CWriter } from '../../writer.js';
import { batches } from '../common.js';
import { biasValues, foldedBias, int8Weights, roundUp } from './common.js';
import { emitPackPixel, runLayout, type RunWriter } from './im2col.js';

/** The bias with the input offset folded in over every tap, padded to whole groups of four channels. */
export function convFoldedBias(graph: Graph, op: Op, p: Conv2dPrepared): Int32Array | undefined {
  const K = p.kH * p.kW * p.inC;
  return foldedBias(biasValues(graph, op), int8Weights(graph, op, p.weightBits, p.outC * K), p.outC, K, p.inputOffset, roundUp(p.outC, 4));
}

export interface PixelPairs {
  /** Rows are read straight from the input (1×1, no padding), no scratch. */
  direct: boolean;
  /** Bytes between the two scratch rows (the window, rounded up for the vector loads). */
  rowBytes: number;
  /** How the family writes im2col runs into `dst` (rows of `runLength` values). */
  runs: (dst: string, runLength: number) => RunWriter;
  /** The GEMM of rows `x0`, `x1` into the two output pixels given. */
  gemm: (out: [string, string]) => void;
}

/** Per batch, output pixels two at a time (an odd last one computed twice into the same place). */
export function emitPixelPairs(w: CWriter, p: Conv2dPrepared, o: PixelPairs): void {
  const pixels = p.outH * p.outW;
  const layout = runLayout(p);
  batches(w, p.batches, (at) => {
    w.line(`const int8_t *in_b = input${at(p.inH * p.inW * p.inC)};`);
    w.line(`int8_t *out_b = output${at(pixels * p.outC)};`);
    w.block(`for (int32_t q = 0; q < ${pixels}; q += 2)`, () => {
      w.line(`const int32_t q1 = q + 1 < ${pixels} ? q + 1 : q;`);
      if (o.direct) {
        const row = (q: string): string =>
          p.strideH === 1 && p.strideW === 1
            ? `in_b + ${q} * ${p.inC}`
            : `in_b + ((${q} / ${p.outW}) * ${p.strideH * p.inW} + (${q} % ${p.outW}) * ${p.strideW}) * ${p.inC}`;
        w.line(`const int8_t *x0 = ${row('q')}, *x1 = ${row('q1')};`);
      } else {
        w.block('for (int32_t s = 0; s < 2; ++s)', () => {
          w.line(`int8_t *dst = buf + s * ${o.rowBytes};`);
          emitPackPixel(w, p, layout, 's == 0 ? q : q1', o.runs('dst', layout.runLength));
        });
        w.line(`const int8_t *x0 = buf, *x1 = buf + ${o.rowBytes};`);
      }
      o.gemm([`out_b + q * ${p.outC}`, `out_b + q1 * ${p.outC}`]);
    });
  });
}
