/**
 * DEPTHWISE_CONV_2D in C, mirroring `depthwiseConv2d.evalRef`: output
 * channel c·M + m sums filter · (input + input_offset) over the window of
 * input channel c, in (ky, kx) order, then gets its bias and requantization.
 *
 * The filter is re-laid out at compile time channel-major ([c][ky][kx], a
 * derived constant array), so one channel's taps are adjacent; with the
 * window's shape literal the tap loops unroll into loads at constant
 * offsets and the accumulator stays in a register. Interior pixels fold the
 * int8/uint8 input offset into the bias (fold.ts) when the weights are
 * symmetric; border pixels clip the window. Packed int4/int2 filters are
 * re-laid the same way, each channel's taps starting on a byte, and stay
 * packed (packed.ts); ONNX weight zero points are added per product.
 */
import { inputAt, optionalInput } from '../../ir/index.js';
import { channelMajorFilter, type DepthwiseConv2dPrepared } from '../../ops/depthwise-conv2d.js';
import { CWriter } from '../writer.js';
import { accumulatorForRequant, accumulatorType, batches, filterOffsetOf, floatClamp, inType, outType, plusOffset, requantizer } from './common.js';
import { channelMajorSums, foldInputOffset } from './fold.js';
import { defineKernel, type KernelContext, type KernelParam } from './kernel.js';
import { weightRows } from './packed.js';
import { allInterior, clipWindow, interiorRange, noInterior, walkPixels } from './window.js';

export const depthwiseConv2dKernel = defineKernel({
  kind: 'depthwise_conv2d',
  emit({ op, graph, prepared: p }: KernelContext<DepthwiseConv2dPrepared>) {
    const tIn = inType(graph, op, 0);
    const tOut = outType(graph, op);
    const isFloat = p.dtype === 'f32';
    const dm = p.depthMultiplier;
    const taps = p.kH * p.kW;
    const weights = weightRows(inputAt(graph, op, 1).data!, inType(graph, op, 1), isFloat ? 32 : p.weightBits, p.outC, taps, (plain) => channelMajorFilter(plain, p.outC, taps));
    const rows = interiorRange(p.outH, p.inH, p.kH, p.strideH, p.dilationH, p.padTop);
    const cols = interiorRange(p.outW, p.inW, p.kW, p.strideW, p.dilationW, p.padLeft);
    const hasInterior = !noInterior(rows, cols);
    const hasBorder = !allInterior(rows, cols, p.outH, p.outW);
    const symmetric = p.filterOffsets.every((o) => o === 0);
    const folded = (p.dtype === 'i8' || p.dtype === 'u8') && symmetric && p.inputOffset !== 0 && hasInterior
      ? foldInputOffset(optionalInput(graph, op, 2)?.data, channelMajorSums(weights.values, p.outC, taps), p.inputOffset, p.wideAccumulator)
      : undefined;
    const biasUsed = p.hasBias && (isFloat || !folded || hasBorder);
    const acc = accumulatorType(p.dtype, p.wideAccumulator);

    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: tIn },
      { kind: 'data', name: 'filter', ctype: weights.ctype, data: weights.relaid! },
    ];
    if (biasUsed) params.push({ kind: 'input', index: 2, name: 'bias', ctype: inType(graph, op, 2) });
    if (folded) params.push({ kind: 'data', name: 'bias_folded', ctype: folded.ctype, data: folded.data });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: tOut });

    const w = new CWriter();
    const finish = isFloat ? undefined : requantizer(w, p, tOut);
    const filterOffset = isFloat ? undefined : filterOffsetOf(w, p.filterOffsets);
    const store = isFloat
      ? `out[oc] = ${floatClamp(p.hasBias ? '(acc + bias[oc])' : 'acc', p.actMin, p.actMax)};`
      : `out[oc] = ${finish!(accumulatorForRequant('acc', p.dtype, p.wideAccumulator), 'oc')};`;
    const initial = (interior: boolean): string => {
      if (isFloat) return '0.0f';
      if (interior && folded) return 'bias_folded[oc]';
      return p.hasBias ? `(${acc})bias[oc]` : '0';
    };

    /** acc += (value) · filter tap for one tap (a literal or a C expression), as the reference adds it. */
    const mac = (v: string, tap: string | number): string => {
      const f = weights.at('f', tap);
      return isFloat ? `acc = acc + ${v} * ${f};` : `acc += ${v} * ${filterOffset ? `(${f} + ${filterOffset('oc')})` : f};`;
    };
    /** Every output channel of one pixel: `channel` is written once per input channel (and multiplier). */
    const channels = (channel: () => void): void => {
      w.block(`for (int32_t ic = 0; ic < ${p.inC}; ++ic)`, () => {
        const body = (): void => {
          w.line(`const int32_t oc = ic${dm === 1 ? '' : ` * ${dm} + m`};`);
          w.line(`const ${weights.ctype} *f = filter + oc * ${weights.rowStride};`);
          channel();
          w.line(store);
        };
        if (dm === 1) body();
        else w.block(`for (int32_t m = 0; m < ${dm}; ++m)`, body);
      });
    };
    const interior = (): void => {
      w.line(`const ${tIn} *window = in_b + (iy0 * ${p.inW} + ix0) * ${p.inC};`);
      channels(() => {
        w.line(`${acc} acc = ${initial(true)};`);
        const value = (offset: number): string => {
          const x = `window[${offset === 0 ? '' : `${offset} + `}ic]`;
          return isFloat || folded ? x : plusOffset(x, p.inputOffset);
        };
        if (taps <= 25) {
          for (let ky = 0; ky < p.kH; ky++) {
            for (let kx = 0; kx < p.kW; kx++) w.line(mac(value((ky * p.dilationH * p.inW + kx * p.dilationW) * p.inC), ky * p.kW + kx));
          }
        } else {
          w.block(`for (int32_t ky = 0; ky < ${p.kH}; ++ky)`, () => {
            w.line(`for (int32_t kx = 0; kx < ${p.kW}; ++kx) ${mac(`${value(0).replace('ic]', `(ky * ${p.dilationH * p.inW} + kx * ${p.dilationW}) * ${p.inC} + ic]`)}`, `ky * ${p.kW} + kx`)}`);
          });
        }
      });
    };
    const border = (): void => {
      clipWindow(w, { k: 'ky', origin: 'iy0', kernel: p.kH, dilation: p.dilationH, inSize: p.inH });
      clipWindow(w, { k: 'kx', origin: 'ix0', kernel: p.kW, dilation: p.dilationW, inSize: p.inW });
      channels(() => {
        w.line(`${acc} acc = ${initial(false)};`);
        w.block('for (int32_t ky = ky0; ky < ky1; ++ky)', () => {
          w.line(`const ${tIn} *x = in_b + (iy0 + ky${p.dilationH === 1 ? '' : ` * ${p.dilationH}`}) * ${p.inW * p.inC} + ic;`);
          const xv = `x[(ix0 + kx${p.dilationW === 1 ? '' : ` * ${p.dilationW}`}) * ${p.inC}]`;
          w.line(`for (int32_t kx = kx0; kx < kx1; ++kx) ${mac(isFloat ? xv : plusOffset(xv, p.inputOffset), `ky * ${p.kW} + kx`)}`);
        });
      });
    };

    batches(w, p.batches, (at) => {
      w.line(`const ${tIn} *in_b = input${at(p.inH * p.inW * p.inC)};`);
      w.line(`${tOut} *out_b = output${at(p.outH * p.outW * p.outC)};`);
      walkPixels(w, { ...p, channels: p.outC, outType: tOut, rows, cols }, interior, border);
    });
    return { params, body: w, noAlias: true };
  },
});
