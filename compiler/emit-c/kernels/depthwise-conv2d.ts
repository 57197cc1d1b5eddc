/**
 * DEPTHWISE_CONV_2D in C, mirroring `depthwiseConv2d.evalRef`: output
 * channel c·M + m sums filter · (input + input_offset) over the window of
 * input channel c, in (ky, kx) order, then gets its bias and requantization.
 *
 * The loops run channels innermost: per output pixel, one accumulator per
 * output channel lives in the op's scratch buffer, and each window tap adds
 * a contiguous run of input channels times a contiguous run of filter
 * values — loops a compiler vectorises. Each accumulator still sees its
 * terms in (ky, kx) order, so float sums round exactly as the reference's.
 * Interior pixels fold the int8 input offset into the bias (fold.ts).
 */
import { byteSize, inputAt, optionalInput } from '../../ir/index.js';
import type { DepthwiseConv2dPrepared } from '../../ops/depthwise-conv2d.js';
import { CWriter } from '../writer.js';
import { accumulatorForRequant, accumulatorType, floatClamp, inType, outType, plusOffset, requantizer } from './common.js';
import { channelMinorSums, foldInputOffset } from './fold.js';
import { defineKernel, type KernelContext, type KernelParam } from './kernel.js';
import { allInterior, clipWindow, interiorRange, noInterior } from './window.js';

const accDtype = (p: DepthwiseConv2dPrepared) => (p.dtype === 'f32' ? 'f32' : accumulatorType(p.dtype, p.wideAccumulator) === 'int64_t' ? 'i64' : 'i32');

export const depthwiseConv2dKernel = defineKernel({
  kind: 'depthwise_conv2d',
  scratchBytes: ({ prepared: p }: KernelContext<DepthwiseConv2dPrepared>) => byteSize(accDtype(p), p.outC),
  emit({ op, graph, prepared: p }: KernelContext<DepthwiseConv2dPrepared>) {
    const tIn = inType(graph, op, 0);
    const tW = inType(graph, op, 1);
    const tOut = outType(graph, op);
    const isFloat = p.dtype === 'f32';
    const dm = p.depthMultiplier;
    const rows = interiorRange(p.outH, p.inH, p.kH, p.strideH, p.dilationH, p.padTop);
    const cols = interiorRange(p.outW, p.inW, p.kW, p.strideW, p.dilationW, p.padLeft);
    const hasInterior = !noInterior(rows, cols);
    const hasBorder = !allInterior(rows, cols, p.outH, p.outW);
    const folded = p.dtype === 'i8' && p.inputOffset !== 0 && hasInterior
      ? foldInputOffset(optionalInput(graph, op, 2)?.data, channelMinorSums(inputAt(graph, op, 1).data!, p.outC, p.kH * p.kW), p.inputOffset, p.wideAccumulator)
      : undefined;
    const biasUsed = p.hasBias && (isFloat || !folded || hasBorder);
    const acc = accumulatorType(p.dtype, p.wideAccumulator);

    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: tIn },
      { kind: 'input', index: 1, name: 'filter', ctype: tW },
    ];
    if (biasUsed) params.push({ kind: 'input', index: 2, name: 'bias', ctype: inType(graph, op, 2) });
    if (folded) params.push({ kind: 'data', name: 'bias_folded', ctype: folded.ctype, data: folded.data });
    params.push({ kind: 'scratch', name: 'acc', ctype: acc });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: tOut });

    const w = new CWriter();
    const finish = isFloat ? undefined : requantizer(w, p, tOut);
    const store = isFloat
      ? `out[c] = ${floatClamp(p.hasBias ? '(acc[c] + bias[c])' : 'acc[c]', p.actMin, p.actMax)};`
      : `out[c] = ${finish!(accumulatorForRequant('acc[c]', p.dtype, p.wideAccumulator), 'c')};`;
    const initial = (interior: boolean): string => {
      if (isFloat) return '0.0f';
      if (interior && folded) return 'bias_folded[c]';
      return p.hasBias ? `(${acc})bias[c]` : '0';
    };
    const term = (interior: boolean, x: string, f: string, target: string): string => {
      if (isFloat) return `${target} = ${target} + ${x} * ${f};`;
      return `${target} += ${f} * ${interior && folded ? x : plusOffset(x, p.inputOffset)};`;
    };

    const pixel = (interior: boolean): void => {
      if (!interior) {
        clipWindow(w, { k: 'ky', origin: 'iy0', kernel: p.kH, dilation: p.dilationH, inSize: p.inH });
        clipWindow(w, { k: 'kx', origin: 'ix0', kernel: p.kW, dilation: p.dilationW, inSize: p.inW });
      }
      w.line(`for (int32_t c = 0; c < ${p.outC}; ++c) acc[c] = ${initial(interior)};`);
      const [ky0, ky1] = interior ? ['0', String(p.kH)] : ['ky0', 'ky1'];
      const [kx0, kx1] = interior ? ['0', String(p.kW)] : ['kx0', 'kx1'];
      w.block(`for (int32_t ky = ${ky0}; ky < ${ky1}; ++ky)`, () => {
        w.line(`const int32_t iy = iy0 + ky${p.dilationH === 1 ? '' : ` * ${p.dilationH}`};`);
        w.block(`for (int32_t kx = ${kx0}; kx < ${kx1}; ++kx)`, () => {
          w.line(`const int32_t ix = ix0 + kx${p.dilationW === 1 ? '' : ` * ${p.dilationW}`};`);
          w.line(`const ${tIn} *x = in_b + (iy * ${p.inW} + ix) * ${p.inC};`);
          w.line(`const ${tW} *f = filter + (ky * ${p.kW} + kx) * ${p.outC};`);
          if (dm === 1) w.line(`for (int32_t c = 0; c < ${p.outC}; ++c) ${term(interior, 'x[c]', 'f[c]', 'acc[c]')}`);
          else {
            w.block(`for (int32_t ic = 0; ic < ${p.inC}; ++ic)`, () => {
              w.line(`for (int32_t m = 0; m < ${dm}; ++m) ${term(interior, 'x[ic]', `f[ic * ${dm} + m]`, `acc[ic * ${dm} + m]`)}`);
            });
          }
        });
      });
      w.line(`for (int32_t c = 0; c < ${p.outC}; ++c) ${store}`);
    };

    w.line(`${tOut} *out = output;`);
    w.block(`for (int32_t b = 0; b < ${p.batches}; ++b)`, () => {
      w.line(`const ${tIn} *in_b = input + b * ${p.inH * p.inW * p.inC};`);
      w.block(`for (int32_t oy = 0; oy < ${p.outH}; ++oy)`, () => {
        w.line(`const int32_t iy0 = oy * ${p.strideH} - ${p.padTop};`);
        w.block(`for (int32_t ox = 0; ox < ${p.outW}; ++ox, out += ${p.outC})`, () => {
          w.line(`const int32_t ix0 = ox * ${p.strideW} - ${p.padLeft};`);
          if (!hasBorder) pixel(true);
          else if (!hasInterior) pixel(false);
          else w.ifElse(`oy >= ${rows[0]} && oy < ${rows[1]} && ox >= ${cols[0]} && ox < ${cols[1]}`, () => pixel(true), () => pixel(false));
        });
      });
    });
    return { params, body: w, noAlias: true };
  },
});
