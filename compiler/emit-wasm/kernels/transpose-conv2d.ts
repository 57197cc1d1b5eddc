/**
 * TRANSPOSE_CONV: the reference's scatter loop into an accumulator scratch
 * buffer in the arena (int32, int64 for 16x8, or float32), then one pass
 * that adds the bias and requantizes each accumulator. Same visiting order
 * as the reference, so float sums round identically.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { TransposeConv2dPrepared } from '../../ops/transpose-conv2d.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { accType, finishPlan, finishValue, outputDtype, type FinishConfig } from './finish.js';
import { bump, defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

export interface TransposeConvConfig extends FinishConfig {
  geometry: Pick<TransposeConv2dPrepared, 'batches' | 'inH' | 'inW' | 'inC' | 'outH' | 'outW' | 'outC' | 'kH' | 'kW' | 'strideH' | 'strideW' | 'padTop' | 'padLeft' | 'inputOffset'>;
}

export const transposeConv2dKernel = defineKernel({
  plan(op: Op<'transpose_conv2d'>, p: TransposeConv2dPrepared, g: Graph): KernelPlan<TransposeConvConfig> {
    const { batches, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, padTop, padLeft, inputOffset } = p;
    const geometry = { batches, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, padTop, padLeft, inputOffset };
    const { config, table } = finishPlan(op, g, p, outC);
    const outCount = p.batches * p.outH * p.outW * p.outC;
    return {
      config: { ...config, geometry },
      operands: [tensorOperand(op, 0), tensorOperand(op, 1), tensorOperand(op, 2), outputOperand(op), { table }, { scratch: true }],
      scratchBytes: outCount * (p.wideAccumulator ? 8 : 4),
    };
  },

  emit(f: FunctionBuilder, c: TransposeConvConfig): Expr {
    const m = f.m;
    const g = c.geometry;
    const es = elemBytes(c.dtype);
    const isFloat = c.dtype === 'f32';
    const accBytes = c.wideAccumulator ? 8 : 4;
    const accDtype = isFloat ? 'f32' : c.wideAccumulator ? 'i64' : 'i32';
    const [pIn, pW, pBias, pOut, pTable, pScratch] = f.params(6);
    const [b, iy, ix, ic, ky, kx, oc, oy, ox, inPtr, sPtr, wPtr, i, outPtr] = f.locals(14, f.t.i32);
    const iv = f.local(isFloat ? f.t.f32 : f.t.i32);
    const acc = f.local(accType(f, c));
    const outCount = g.batches * g.outH * g.outW * g.outC;
    const product = (): Expr => {
      const w = loadElem(f, isFloat ? 'f32' : 'i8', wPtr.get());
      if (isFloat) return m.f32.mul(iv.get(), w);
      const p = m.i32.mul(iv.get(), w);
      return c.wideAccumulator ? m.i64.extend_s(p) : p;
    };
    const add = (a: Expr, p: Expr): Expr => (isFloat ? m.f32.add(a, p) : c.wideAccumulator ? m.i64.add(a, p) : m.i32.add(a, p));
    const scatter = f.forRange(oc, 0, g.outC, [
      storeElem(f, accDtype, sPtr.get(), add(loadElem(f, accDtype, sPtr.get()), product())),
      bump(f, sPtr, accBytes),
      bump(f, wPtr, g.kH * g.kW * g.inC * (isFloat ? 4 : 1)),
    ]);
    return f.block([
      m.memory.fill(pScratch.get(), f.i32(0), f.i32(outCount * accBytes)),
      inPtr.set(pIn.get()),
      f.forRange(b, 0, g.batches, [
        f.forRange(iy, 0, g.inH, [
          f.forRange(ix, 0, g.inW, [
            f.forRange(ic, 0, g.inC, [
              iv.set(isFloat ? loadElem(f, 'f32', inPtr.get()) : m.i32.add(loadElem(f, c.dtype, inPtr.get()), f.i32(g.inputOffset))),
              bump(f, inPtr, es),
              f.forRange(ky, 0, g.kH, [
                oy.set(m.i32.add(m.i32.sub(m.i32.mul(iy.get(), f.i32(g.strideH)), f.i32(g.padTop)), ky.get())),
                m.if(m.i32.lt_u(oy.get(), f.i32(g.outH)), f.forRange(kx, 0, g.kW, [
                  ox.set(m.i32.add(m.i32.sub(m.i32.mul(ix.get(), f.i32(g.strideW)), f.i32(g.padLeft)), kx.get())),
                  m.if(m.i32.lt_u(ox.get(), f.i32(g.outW)), f.block([
                    sPtr.set(m.i32.add(pScratch.get(), m.i32.mul(
                      m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(g.outH)), oy.get()), f.i32(g.outW)), ox.get()),
                      f.i32(g.outC * accBytes)))),
                    // filter[oc][ky][kx][ic], starting at oc = 0
                    wPtr.set(m.i32.add(pW.get(), m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(ky.get(), f.i32(g.kW)), kx.get()), f.i32(g.inC)), ic.get()), f.i32(isFloat ? 4 : 1)))),
                    scatter,
                  ])),
                ])),
              ]),
            ]),
          ]),
        ]),
      ]),
      sPtr.set(pScratch.get()),
      outPtr.set(pOut.get()),
      f.forRange(i, 0, outCount / g.outC, [
        f.forRange(oc, 0, g.outC, [
          acc.set(loadElem(f, accDtype, sPtr.get())),
          storeElem(f, outputDtype(c), outPtr.get(), finishValue(f, c, acc, oc, pBias, pTable)),
          bump(f, sPtr, accBytes),
          bump(f, outPtr, elemBytes(outputDtype(c))),
        ]),
      ]),
    ]);
  },
});
