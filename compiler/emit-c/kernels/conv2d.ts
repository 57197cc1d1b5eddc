/**
 * CONV_2D in C, mirroring `conv2d.evalRef`: for every output pixel and
 * channel, sum filter · (input + input_offset) over the window in (ky, kx,
 * ic) order, then add the bias and requantize (or, for float, add the bias
 * and clamp).
 *
 * Output pixels whose window lies wholly inside the input (the interior) get
 * their own loop without bounds checks. There, for int8, the input offset
 * term is folded at compile time into a per-channel bias (see fold.ts), and
 * with one group and no horizontal dilation a window row is one contiguous
 * run of kW·inC values in both input and filter.
 */
import { inputAt, optionalInput } from '../../ir/index.js';
import type { Conv2dPrepared } from '../../ops/conv2d.js';
import { CWriter } from '../writer.js';
import { accumulatorForRequant, accumulatorType, floatClamp, inType, outType, plusOffset, requantizer } from './common.js';
import { channelMajorSums, foldInputOffset } from './fold.js';
import { defineKernel, type KernelContext, type KernelParam } from './kernel.js';
import { allInterior, clipWindow, interiorRange, noInterior } from './window.js';

export const conv2dKernel = defineKernel({
  kind: 'conv2d',
  emit({ op, graph, prepared: p }: KernelContext<Conv2dPrepared>) {
    const tIn = inType(graph, op, 0);
    const tW = inType(graph, op, 1);
    const tOut = outType(graph, op);
    const isFloat = p.dtype === 'f32';
    const groups = p.inC / p.groupInC;
    const outPerGroup = p.outC / groups;
    const rows = interiorRange(p.outH, p.inH, p.kH, p.strideH, p.dilationH, p.padTop);
    const cols = interiorRange(p.outW, p.inW, p.kW, p.strideW, p.dilationW, p.padLeft);
    const hasInterior = !noInterior(rows, cols);
    const hasBorder = !allInterior(rows, cols, p.outH, p.outW);
    const folded = p.dtype === 'i8' && p.inputOffset !== 0 && hasInterior
      ? foldInputOffset(optionalInput(graph, op, 2)?.data, channelMajorSums(inputAt(graph, op, 1).data!, p.outC, p.kH * p.kW * p.groupInC), p.inputOffset, p.wideAccumulator)
      : undefined;
    const biasUsed = p.hasBias && (isFloat || !folded || hasBorder);

    const params: KernelParam[] = [
      { kind: 'input', index: 0, name: 'input', ctype: tIn },
      { kind: 'input', index: 1, name: 'filter', ctype: tW },
    ];
    if (biasUsed) params.push({ kind: 'input', index: 2, name: 'bias', ctype: inType(graph, op, 2) });
    if (folded) params.push({ kind: 'data', name: 'bias_folded', ctype: folded.ctype, data: folded.data });
    params.push({ kind: 'output', index: 0, name: 'output', ctype: tOut });

    const w = new CWriter();
    const acc = accumulatorType(p.dtype, p.wideAccumulator);
    const finish = isFloat ? undefined : requantizer(w, p, tOut);
    const store = (channel: string): string =>
      isFloat
        ? `out[${channel}] = ${floatClamp(p.hasBias ? `(acc + bias[${channel}])` : 'acc', p.actMin, p.actMax)};`
        : `out[${channel}] = ${finish!(accumulatorForRequant('acc', p.dtype, p.wideAccumulator), channel)};`;
    const initial = (interior: boolean): string => {
      if (isFloat) return '0.0f';
      if (interior && folded) return 'bias_folded[oc]';
      return p.hasBias ? `(${acc})bias[oc]` : '0';
    };
    const term = (interior: boolean, x: string, f: string): string =>
      isFloat ? `acc = acc + ${x} * ${f};` : `acc += ${f} * ${interior && folded ? x : plusOffset(x, p.inputOffset)};`;

    /** The window sum of output channel `oc` (in group `g`) into `acc`. */
    const windowSum = (interior: boolean): void => {
      const [ky0, ky1] = interior ? ['0', String(p.kH)] : ['ky0', 'ky1'];
      const [kx0, kx1] = interior ? ['0', String(p.kW)] : ['kx0', 'kx1'];
      w.block(`for (int32_t ky = ${ky0}; ky < ${ky1}; ++ky)`, () => {
        w.line(`const int32_t iy = iy0 + ky${p.dilationH === 1 ? '' : ` * ${p.dilationH}`};`);
        if (interior && groups === 1 && p.dilationW === 1) {
          w.line(`const ${tIn} *x = in_b + (iy * ${p.inW} + ix0) * ${p.inC};`);
          w.line(`const ${tW} *f = filter + (oc * ${p.kH} + ky) * ${p.kW * p.inC};`);
          w.line(`for (int32_t j = 0; j < ${p.kW * p.inC}; ++j) ${term(true, 'x[j]', 'f[j]')}`);
          return;
        }
        w.block(`for (int32_t kx = ${kx0}; kx < ${kx1}; ++kx)`, () => {
          w.line(`const int32_t ix = ix0 + kx${p.dilationW === 1 ? '' : ` * ${p.dilationW}`};`);
          w.line(`const ${tIn} *x = in_b + (iy * ${p.inW} + ix) * ${p.inC}${groups === 1 ? '' : ` + g * ${p.groupInC}`};`);
          w.line(`const ${tW} *f = filter + ((oc * ${p.kH} + ky) * ${p.kW} + kx) * ${p.groupInC};`);
          w.line(`for (int32_t ic = 0; ic < ${p.groupInC}; ++ic) ${term(interior, 'x[ic]', 'f[ic]')}`);
        });
      });
    };

    /** Every output channel of one pixel. */
    const pixel = (interior: boolean): void => {
      if (!interior) {
        clipWindow(w, { k: 'ky', origin: 'iy0', kernel: p.kH, dilation: p.dilationH, inSize: p.inH });
        clipWindow(w, { k: 'kx', origin: 'ix0', kernel: p.kW, dilation: p.dilationW, inSize: p.inW });
      }
      const channels = (): void => {
        const [c0, c1] = groups === 1 ? ['0', String(p.outC)] : [`g * ${outPerGroup}`, `(g + 1) * ${outPerGroup}`];
        w.block(`for (int32_t oc = ${c0}; oc < ${c1}; ++oc)`, () => {
          w.line(`${acc} acc = ${initial(interior)};`);
          windowSum(interior);
          w.line(store('oc'));
        });
      };
      if (groups === 1) channels();
      else w.block(`for (int32_t g = 0; g < ${groups}; ++g)`, channels);
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
