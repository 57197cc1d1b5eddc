/**
 * AVERAGE_POOL_2D and MAX_POOL_2D in C, mirroring `evalPool`: the window is
 * clipped to the image, the maximum or the sum is taken in (ky, kx) order,
 * the integer average rounds half away from zero, and the result is clamped
 * to the fused activation. One kernel, two reductions (a family).
 */
import type { Pool2dPrepared } from '../../ops/pool2d.js';
import { cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { affine, batches, floatClamp, outType } from './common.js';
import { defineKernel, type KernelContext, type CKernel } from './kernel.js';
import { clipWindow } from './window.js';

const TYPE_MIN: Record<'i8' | 'u8' | 'i16', number> = { i8: -128, u8: 0, i16: -32768 };

function emitPool({ op, graph, prepared: p }: KernelContext<Pool2dPrepared>) {
  const t = outType(graph, op);
  const isFloat = p.dtype === 'f32';
  const w = new CWriter();
  const accType = isFloat ? 'float' : 'int32_t';
  const start = p.reduce === 'max' ? (isFloat ? '-INFINITY' : cInt(TYPE_MIN[p.dtype as 'i8' | 'u8' | 'i16'])) : isFloat ? '0.0f' : '0';
  const step = p.reduce === 'max' ? 'acc = v > acc ? v : acc;' : isFloat ? 'acc = acc + v;' : 'acc += v;';

  w.line(`${t} *out = output;`);
  batches(w, p.batches, (at) => {
    w.line(`const ${t} *in_b = input${at(p.inH * p.inW * p.channels)};`);
    w.block(`for (int32_t oy = 0; oy < ${p.outH}; ++oy)`, () => {
      w.line(`const int32_t iy0 = ${affine('oy', p.strideH, p.padTop)};`);
      clipWindow(w, { k: 'ky', origin: 'iy0', kernel: p.kH, dilation: 1, inSize: p.inH });
      w.block(`for (int32_t ox = 0; ox < ${p.outW}; ++ox, out += ${p.channels})`, () => {
        w.line(`const int32_t ix0 = ${affine('ox', p.strideW, p.padLeft)};`);
        clipWindow(w, { k: 'kx', origin: 'ix0', kernel: p.kW, dilation: 1, inSize: p.inW });
        if (p.reduce === 'avg') {
          w.line('const int32_t count = (ky1 - ky0) * (kx1 - kx0);');
          if (!isFloat) w.line('const int32_t half = count / 2;');
        }
        w.block(`for (int32_t c = 0; c < ${p.channels}; ++c)`, () => {
          w.line(`${accType} acc = ${start};`);
          w.block('for (int32_t ky = ky0; ky < ky1; ++ky)', () => {
            w.line(`const ${t} *x = in_b + ((iy0 + ky) * ${p.inW} + ix0) * ${p.channels} + c;`);
            w.block('for (int32_t kx = kx0; kx < kx1; ++kx)', () => {
              w.line(`const ${accType} v = x[kx * ${p.channels}];`);
              w.line(step);
            });
          });
          if (isFloat) {
            const v = p.reduce === 'avg' ? 'acc / (float)count' : 'acc';
            w.line(`out[c] = ${floatClamp(`(${v})`, p.actMin, p.actMax)};`);
          } else {
            if (p.reduce === 'avg') w.line('acc = acc > 0 ? (acc + half) / count : (acc - half) / count;');
            w.line(`out[c] = (${t})ingot_clamp_i32(acc, ${cInt(p.actMin)}, ${cInt(p.actMax)});`);
          }
        });
      });
    });
  });
  return { params: [
    { kind: 'input' as const, index: 0, name: 'input', ctype: t },
    { kind: 'output' as const, index: 0, name: 'output', ctype: t },
  ], body: w, noAlias: true };
}

export const avgPool2dKernel: CKernel<'avg_pool2d', Pool2dPrepared> = defineKernel({ kind: 'avg_pool2d', emit: emitPool });
export const maxPool2dKernel: CKernel<'max_pool2d', Pool2dPrepared> = defineKernel({ kind: 'max_pool2d', emit: emitPool });
