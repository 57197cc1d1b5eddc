/**
 * CONV_2D in C, mirroring `conv2d.evalRef`: for every output pixel and
 * channel, sum (filter + filter_offset) · (input + input_offset) over the
 * window in (ky, kx, ic) order, then add the bias and requantize (or, for
 * float, add the bias and clamp).
 *
 * Output pixels whose window lies wholly inside the input (the interior) get
 * their own loops without bounds checks. There, for int8/uint8 with
 * symmetric weights, the input offset term is folded at compile time into a
 * per-channel bias (see fold.ts); with one group and no horizontal dilation
 * a window row is one contiguous run of kW·inC values in both input and
 * filter, and four output channels are computed together so each input
 * value loaded feeds four multiply-adds. Every accumulator still adds its
 * terms in the reference's order, so float sums round identically. Border
 * pixels clip the window and keep the offset.
 *
 * Packed int4/int2 filters stay packed, one byte-aligned row per (output
 * channel, filter row), unpacked as they are read (packed.ts). ONNX weights
 * with zero points keep the (filter + offset) term per product.
 */
import { inputAt, optionalInput } from '../../ir/index.js';
import type { Conv2dPrepared } from '../../ops/conv2d.js';
import { CWriter } from '../writer.js';
import { accumulatorForRequant, accumulatorType, batches, blockedDot, filterOffsetOf, floatClamp, inType, loop, outType, plusOffset, requantizer } from './common.js';
import { channelMajorSums, foldInputOffset } from './fold.js';
import { defineKernel, type KernelContext, type KernelParam } from './kernel.js';
import { packedDot, weightRows } from './packed.js';
import { allInterior, clipWindow, interiorRange, noInterior, walkPixels } from './window.js';

/** Output channels computed together in the interior. */
const BLOCK = 4;

export const conv2dKernel = defineKernel({
  kind: 'conv2d',
  emit({ op, graph, prepared: p }: KernelContext<Conv2dPrepared>) {
    const tIn = inType(graph, op, 0);
    const tOut = outType(graph, op);
    const isFloat = p.dtype === 'f32';
    const groups = p.inC / p.groupInC;
    const outPerGroup = p.outC / groups;
    const taps = p.kH * p.kW * p.groupInC;
    const run = p.kW * p.groupInC;
    const weights = weightRows(inputAt(graph, op, 1).data!, inType(graph, op, 1), isFloat ? 32 : p.weightBits, p.outC * p.kH, run);
    const channelStride = p.kH * weights.rowStride;
    const rows = interiorRange(p.outH, p.inH, p.kH, p.strideH, p.dilationH, p.padTop);
    const cols = interiorRange(p.outW, p.inW, p.kW, p.strideW, p.dilationW, p.padLeft);
    const hasInterior = !noInterior(rows, cols);
    const hasBorder = !allInterior(rows, cols, p.outH, p.outW);
    const symmetric = p.filterOffsets.every((o) => o === 0);
    const folded = (p.dtype === 'i8' || p.dtype === 'u8') && symmetric && p.inputOffset !== 0 && hasInterior
      ? foldInputOffset(optionalInput(graph, op, 2)?.data, channelMajorSums(weights.values, p.outC, taps), p.inputOffset, p.wideAccumulator)
      : undefined;
    const biasUsed = p.hasBias && (isFloat || !folded || hasBorder);

    const params: KernelParam[] = [{ kind: 'input', index: 0, name: 'input', ctype: tIn }];
    params.push(weights.relaid
      ? { kind: 'data', name: 'filter', ctype: weights.ctype, data: weights.relaid }
      : { kind: 'input', index: 1, name: 'filter', ctype: weights.ctype });
    if (biasUsed) params.push({ kind: 'input', index: 2, name: 'bias', ctype: inType(graph, op, 2) });
    if (folded) params.push({ kind: 'data', name: 'bias_folded', ctype: folded.ctype, data: folded.data });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: tOut });

    const w = new CWriter();
    const acc = accumulatorType(p.dtype, p.wideAccumulator);
    const finish = isFloat ? undefined : requantizer(w, p, tOut);
    const filterOffset = isFloat ? undefined : filterOffsetOf(w, p.filterOffsets);
    /** `out[channel] = …` from accumulator `a`. */
    const store = (a: string, channel: string): string =>
      isFloat
        ? `out[${channel}] = ${floatClamp(p.hasBias ? `(${a} + bias[${channel}])` : a, p.actMin, p.actMax)};`
        : `out[${channel}] = ${finish!(accumulatorForRequant(a, p.dtype, p.wideAccumulator), channel)};`;
    const initial = (interior: boolean, channel: string): string => {
      if (isFloat) return '0.0f';
      if (interior && folded) return `bias_folded[${channel}]`;
      return p.hasBias ? `(${acc})bias[${channel}]` : '0';
    };
    /** The input value as it enters a product (offset unless folded). */
    const value = (interior: boolean) => (x: string): string => (isFloat || (interior && folded) ? x : plusOffset(x, p.inputOffset));
    /** The weight as it enters a product of channel `oc` (offset when the weights have zero points). */
    const weight = (raw: string): string => (filterOffset ? `(${raw} + ${filterOffset('oc')})` : raw);

    /** Interior, one group, no horizontal dilation, symmetric weights: contiguous window rows, channels in blocks. */
    const interiorContiguous = (): void => {
      w.line(`const ${tIn} *window = in_b + (iy0 * ${p.inW} + ix0) * ${p.inC};`);
      const channels = (n: number, from: string, to: number | string): void => {
        loop(w, 'oc', from, to, () => {
          w.line(`const ${weights.ctype} *f = filter + oc * ${channelStride};`);
          w.line(`${acc} ${Array.from({ length: n }, (_, k) => `acc${k} = ${initial(true, k === 0 ? 'oc' : `oc + ${k}`)}`).join(', ')};`);
          loop(w, 'ky', 0, p.kH, () => {
            w.line(`const ${tIn} *x = window + ky * ${p.dilationH * p.inW * p.inC};`);
            w.line(`const ${weights.ctype} *g = f + ky * ${weights.rowStride};`);
            if (weights.bits === 4 || weights.bits === 2) packedDot(w, n, run, 'x', 'g', channelStride, value(true), weights.bits);
            else blockedDot(w, n, run, 'x', 'g', channelStride, value(true), isFloat);
          });
          for (let k = 0; k < n; k++) w.line(store(`acc${k}`, k === 0 ? 'oc' : `oc + ${k}`));
        }, n === 1 ? '++oc' : `oc += ${n}`);
      };
      const blocked = p.outC >= BLOCK ? p.outC - (p.outC % BLOCK) : 0;
      if (blocked > 0) channels(BLOCK, '0', blocked);
      if (blocked < p.outC) channels(1, String(blocked), p.outC);
    };

    /** Any pixel, any grouping and dilation: one channel at a time, clipped window when on the border. */
    const general = (interior: boolean): void => {
      if (!interior) {
        clipWindow(w, { k: 'ky', origin: 'iy0', kernel: p.kH, dilation: p.dilationH, inSize: p.inH });
        clipWindow(w, { k: 'kx', origin: 'ix0', kernel: p.kW, dilation: p.dilationW, inSize: p.inW });
      }
      const [ky0, ky1] = interior ? [0, p.kH] : ['ky0', 'ky1'];
      const [kx0, kx1] = interior ? [0, p.kW] : ['kx0', 'kx1'];
      const channels = (): void => {
        const [c0, c1] = groups === 1 ? ['0', String(p.outC)] : [`g * ${outPerGroup}`, `(g + 1) * ${outPerGroup}`];
        w.block(`for (int32_t oc = ${c0}; oc < ${c1}; ++oc)`, () => {
          w.line(`${acc} acc = ${initial(interior, 'oc')};`);
          loop(w, 'ky', ky0, ky1, () => {
            w.line(`const int32_t iy = iy0 + ky${p.dilationH === 1 ? '' : ` * ${p.dilationH}`};`);
            w.line(`const ${weights.ctype} *f = filter + (oc * ${p.kH} + ky) * ${weights.rowStride};`);
            loop(w, 'kx', kx0, kx1, () => {
              w.line(`const int32_t ix = ix0 + kx${p.dilationW === 1 ? '' : ` * ${p.dilationW}`};`);
              w.line(`const ${tIn} *x = in_b + (iy * ${p.inW} + ix) * ${p.inC}${groups === 1 ? '' : ` + g * ${p.groupInC}`};`);
              const v = value(interior)('x[ic]');
              const fv = weight(weights.at('f', p.groupInC === 1 ? 'kx' : `kx * ${p.groupInC} + ic`));
              w.line(`for (int32_t ic = 0; ic < ${p.groupInC}; ++ic) ${isFloat ? `acc = acc + ${v} * ${fv};` : `acc += ${v} * ${fv};`}`);
            });
          });
          w.line(store('acc', 'oc'));
        });
      };
      if (groups === 1) channels();
      else w.block(`for (int32_t g = 0; g < ${groups}; ++g)`, channels);
    };

    const interiorPixel = (): void => (groups === 1 && p.dilationW === 1 && !filterOffset ? interiorContiguous() : general(true));
    batches(w, p.batches, (at) => {
      w.line(`const ${tIn} *in_b = input${at(p.inH * p.inW * p.inC)};`);
      w.line(`${tOut} *out_b = output${at(p.outH * p.outW * p.outC)};`);
      walkPixels(w, { ...p, channels: p.outC, outType: tOut, rows, cols }, interiorPixel, () => general(false));
    });
    return { params, body: w, noAlias: true };
  },
});
