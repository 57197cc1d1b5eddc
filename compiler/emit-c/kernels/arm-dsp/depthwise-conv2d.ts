/**
 * DEPTHWISE_CONV_2D for Arm cores with the DSP extension
 * (`depthwise_conv2d/dsp`): int8, per-channel requantization, any kernel
 * size, stride, padding and depth multiplier (no dilation).
 *
 * Channels are independent, so each input channel is copied once into an
 * int16 plane in the arena's scratch (the input offset added, padding as
 * 0 — what the reference adds for taps outside the image), and its output
 * channels are computed plane by plane. In a plane the taps of one window
 * row are adjacent, so SMLAD takes them two at a time against weights
 * stored at compile time as int16 pairs (an odd last tap paired with 0).
 * With stride 1 two neighbouring outputs share each weight word. The
 * per-channel constants sit in registers for the whole plane, and
 * requantization is the SMMLAR form (requant.ts). Packed int4/int2 weights
 * are accepted and widened at compile time like int8 ones (the pairs are
 * 16-bit either way; depthwise weights are a small part of a model).
 */
import { channelMajorFilter, type DepthwiseConv2dPrepared } from '../../../ops/depthwise-conv2d.js';
import { CWriter } from '../../writer.js';
import { batches } from '../common.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { biasValues, int8Weights, isInt8FixedPoint } from '../simd/common.js';
import { accumulatorBound } from '../simd/requant.js';
import { DSP_INCLUDES } from './conv2d.js';
import { dspRequantizer } from './requant.js';

/** The padded plane: rows and (even) columns, for the reads the compute loops make. */
export function dspPlane(p: DepthwiseConv2dPrepared): { rows: number; cols: number; pairs: number } {
  const pairs = Math.ceil(p.kW / 2);
  const rows = (p.outH - 1) * p.strideH + p.kH;
  const cols = p.strideW === 1 ? p.outW + 2 * pairs - 1 : (p.outW - 1) * p.strideW + 2 * pairs;
  return { rows, cols: cols + (cols % 2), pairs };
}

/** Channel-major weights as int16 pairs per window row: [oc][ky][pair] words. */
function pairWeights(filter: Int8Array, p: DepthwiseConv2dPrepared, pairs: number): Int32Array {
  const out = new Int32Array(p.outC * p.kH * pairs);
  for (let oc = 0; oc < p.outC; oc++) {
    for (let ky = 0; ky < p.kH; ky++) {
      for (let j = 0; j < pairs; j++) {
        const at = (kx: number): number => (kx < p.kW ? filter[(ky * p.kW + kx) * p.outC + oc]! : 0);
        out[(oc * p.kH + ky) * pairs + j] = (at(2 * j) & 0xffff) | (at(2 * j + 1) << 16);
      }
    }
  }
  return out;
}

export const depthwiseConv2dDsp: TargetKernel<'depthwise_conv2d', DepthwiseConv2dPrepared> = {
  kind: 'depthwise_conv2d',
  id: 'depthwise_conv2d/dsp',
  requires: ['dsp'],
  applies: ({ op, graph, prepared: p }) => isInt8FixedPoint(graph, op, p, [8, 4, 2]) && p.dilationH === 1 && p.dilationW === 1,
  scratchBytes: ({ prepared: p }) => {
    const plane = dspPlane(p);
    return 2 * plane.rows * plane.cols;
  },
  emit({ op, graph, prepared: p }: KernelContext<DepthwiseConv2dPrepared>) {
    const plane = dspPlane(p);
    const taps = p.kH * p.kW;
    const filter = int8Weights(graph, op, p.weightBits, taps * p.outC);
    const channelMajor = channelMajorFilter(filter, p.outC, taps);
    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
      { kind: 'data', name: 'weights', ctype: 'int32_t', data: pairWeights(filter, p, plane.pairs) },
    ];
    if (p.hasBias) params.push({ kind: 'input', index: 2, name: 'bias', ctype: 'int32_t' });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: 'int8_t' }, { kind: 'scratch', name: 'plane', ctype: 'int16_t' });

    const w = new CWriter();
    const requant = dspRequantizer(w, p, accumulatorBound(biasValues(graph, op), channelMajor, p.outC, taps));
    const dm = p.depthMultiplier;
    const wordsPerChannel = p.kH * plane.pairs;
    const unrolled = wordsPerChannel <= 16;
    // The part of the plane the input covers (the rest stays 0).
    const i0 = Math.max(0, p.padTop);
    const i1 = Math.min(plane.rows, p.padTop + p.inH);
    const j0 = Math.max(0, p.padLeft);
    const j1 = Math.min(plane.cols, p.padLeft + p.inW);

    /** acc += Σ taps of the window whose top-left plane element is `at` (an int16_t * expression). */
    const taps2 = (accs: Array<[string, string]>): void => {
      const term = (ky: number | string, j: number | string): void => {
        const word = typeof ky === 'number' && typeof j === 'number' ? `wq[${ky * plane.pairs + j}]` : `wq[ky * ${plane.pairs} + j]`;
        const off = typeof ky === 'number' && typeof j === 'number' ? String(ky * plane.cols + 2 * j) : `ky * ${plane.cols} + 2 * j`;
        for (const [acc, at] of accs) w.line(`${acc} = __smlad(${word}, ingot_dsp_pair(${at} + ${off}), ${acc});`);
      };
      if (unrolled) {
        for (let ky = 0; ky < p.kH; ky++) for (let j = 0; j < plane.pairs; j++) term(ky, j);
      } else {
        w.block(`for (int32_t ky = 0; ky < ${p.kH}; ++ky)`, () => w.block(`for (int32_t j = 0; j < ${plane.pairs}; ++j)`, () => term('ky', 'j')));
      }
    };

    batches(w, p.batches, (at) => {
      w.line(`const int8_t *in_b = input${at(p.inH * p.inW * p.inC)};`);
      w.line(`int8_t *out_b = output${at(p.outH * p.outW * p.outC)};`);
      w.line(`memset(plane, 0, ${2 * plane.rows * plane.cols});`);
      w.block(`for (int32_t c = 0; c < ${p.inC}; ++c)`, () => {
        if (i1 > i0 && j1 > j0) {
          w.block(`for (int32_t i = ${i0}; i < ${i1}; ++i)`, () => {
            w.line(`ingot_dsp_widen_strided(plane + i * ${plane.cols} + ${j0}, in_b + ((i - ${p.padTop}) * ${p.inW} + ${j0 - p.padLeft}) * ${p.inC} + c, ${p.inC}, ${j1 - j0}, ${p.inputOffset});`);
          });
        }
        const channel = (): void => {
          w.line(`const int32_t oc = ${dm === 1 ? 'c' : `c * ${dm} + mm`};`);
          w.line(`const int32_t *wq = weights + oc * ${wordsPerChannel};`);
          w.line(`const int32_t b = ${p.hasBias ? 'bias[oc]' : '0'};`);
          const q = requant.channel(w, 'oc', '');
          w.block(`for (int32_t oy = 0; oy < ${p.outH}; ++oy)`, () => {
            w.line(`const int16_t *r = plane + oy * ${p.strideH * plane.cols};`);
            w.line(`int8_t *o = out_b + oy * ${p.outW * p.outC} + oc;`);
            if (p.strideW === 1) {
              const pairsOut = p.outW - (p.outW % 2);
              if (pairsOut > 0) {
                w.block(`for (int32_t ox = 0; ox < ${pairsOut}; ox += 2)`, () => {
                  w.line('int32_t a0 = b, a1 = b;');
                  taps2([['a0', 'r + ox'], ['a1', 'r + ox + 1']]);
                  w.line(`o[ox * ${p.outC}] = ${q('a0')};`);
                  w.line(`o[(ox + 1) * ${p.outC}] = ${q('a1')};`);
                });
              }
              if (p.outW % 2 === 1) {
                w.block('', () => {
                  w.line('int32_t a0 = b;');
                  taps2([['a0', `r + ${p.outW - 1}`]]);
                  w.line(`o[${(p.outW - 1) * p.outC}] = ${q('a0')};`);
                });
              }
            } else {
              w.block(`for (int32_t ox = 0; ox < ${p.outW}; ++ox)`, () => {
                w.line('int32_t a0 = b;');
                taps2([['a0', `r + ox * ${p.strideW}`]]);
                w.line(`o[ox * ${p.outC}] = ${q('a0')};`);
              });
            }
          });
        };
        if (dm === 1) w.block('', channel);
        else w.block(`for (int32_t mm = 0; mm < ${dm}; ++mm)`, channel);
      });
    });
    return { params, body: w, noAlias: true, includes: DSP_INCLUDES };
  },
};
