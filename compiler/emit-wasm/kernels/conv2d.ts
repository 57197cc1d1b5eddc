/**
 * CONV_2D, the portable kernel: the reference loop nest (output pixel,
 * output channel, window row, window column, input channel) with the window
 * clipped to the image, float32 / int8 / uint8 / 16x8 (int32 or int64
 * accumulation), grouped or not, with int8, uint8 or packed int4/int2
 * weights, per-channel weight offsets, and every integer output stage
 * (finish.ts). It is the whole story for the build without SIMD and the
 * fallback the SIMD build uses for shapes its fast path does not cover
 * (conv2d-simd.ts).
 */
import type { Conv2dPrepared } from '../../ops/conv2d.js';
import type { Graph, Op } from '../../ir/index.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { accType, accZero, filterOffsetValue, finishPlan, finishValue, hasFilterOffset, multiplyAdd, outputDtype, type FinishConfig } from './finish.js';
import { bump, defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { conv2dSimd, planConv2dSimd, type Conv2dSimdConfig } from './conv2d-simd.js';
import { relaxedSimdPlan } from './relaxed-plan.js';
import { loadWeight, weightBase, weightFormat, weightStep, type WeightFormat } from './weights.js';

export interface ConvConfig extends FinishConfig {
  geometry: Pick<Conv2dPrepared, 'batches' | 'inH' | 'inW' | 'inC' | 'outH' | 'outW' | 'outC' | 'kH' | 'kW' | 'strideH' | 'strideW'
    | 'dilationH' | 'dilationW' | 'padTop' | 'padLeft' | 'groupInC' | 'inputOffset'>;
  weights: WeightFormat;
  /** Set when the SIMD fast path handles this op (see conv2d-simd.ts). */
  simd?: Conv2dSimdConfig;
}

export const conv2dKernel = defineKernel({
  plan(op: Op<'conv2d'>, p: Conv2dPrepared, g: Graph, simd: boolean): KernelPlan<ConvConfig> {
    const { batches, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, groupInC, inputOffset } = p;
    const geometry = { batches, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, groupInC, inputOffset };
    const { config, table } = finishPlan(op, g, p, outC);
    const base: ConvConfig = { ...config, geometry, weights: weightFormat(p.dtype, g.tensors[op.inputs[1]!]!.dtype, p.weightBits) };
    const fast = simd ? planConv2dSimd(op, p, g) : undefined;
    if (fast) return { config: { ...base, simd: fast.config }, operands: fast.operands, scratchBytes: fast.scratchBytes };
    return {
      config: base,
      operands: [tensorOperand(op, 0), tensorOperand(op, 1), tensorOperand(op, 2), outputOperand(op), { table }],
    };
  },

  relaxedPlan: relaxedSimdPlan,

  emit(f: FunctionBuilder, c: ConvConfig): Expr {
    if (c.simd) return conv2dSimd(f, c.simd);
    return emitPortableConv(f, c);
  },
});

function emitPortableConv(f: FunctionBuilder, c: ConvConfig): Expr {
  const m = f.m;
  const g = c.geometry;
  const inDtype = c.dtype;
  const es = elemBytes(inDtype);
  const os = elemBytes(outputDtype(c));
  const fs = weightStep(c.weights);
  const [pIn, pW, pBias, pOut, pTable] = f.params(5);
  const i32 = f.t.i32;
  const [b, oy, ox, oc, ky, kx, ic, iy, ix, iy0, ix0] = f.locals(11, i32);
  const [outPtr, inPtr, wPtr, wOc, inBatch] = f.locals(5, i32);
  const acc = f.local(accType(f, c));
  const groups = g.inC / g.groupInC;
  const outPerGroup = g.outC / groups;
  const isFloat = inDtype === 'f32';
  const x = (): Expr => (isFloat ? loadElem(f, 'f32', inPtr.get()) : m.i32.add(loadElem(f, inDtype, inPtr.get()), f.i32(g.inputOffset)));
  const fo = hasFilterOffset(c) ? f.local(i32) : undefined;
  const w = (): Expr => (fo ? m.i32.add(loadWeight(f, c.weights, wPtr.get()), fo.get()) : loadWeight(f, c.weights, wPtr.get()));

  const channelLoop = [
    acc.set(accZero(f, c)),
    ...(fo ? [fo.set(filterOffsetValue(f, c, oc, pTable))] : []),
    f.forRange(ky, 0, g.kH, [
      iy.set(m.i32.add(iy0.get(), m.i32.mul(ky.get(), f.i32(g.dilationH)))),
      m.if(m.i32.lt_u(iy.get(), f.i32(g.inH)), f.forRange(kx, 0, g.kW, [
        ix.set(m.i32.add(ix0.get(), m.i32.mul(kx.get(), f.i32(g.dilationW)))),
        m.if(m.i32.lt_u(ix.get(), f.i32(g.inW)), f.block([
          // inPtr = input + ((b·inH + iy)·inW + ix)·inC + group·groupInC
          inPtr.set(m.i32.add(inBatch.get(), m.i32.mul(m.i32.add(m.i32.mul(iy.get(), f.i32(g.inW)), ix.get()), f.i32(g.inC * es)))),
          ...(groups > 1 ? [inPtr.set(m.i32.add(inPtr.get(), m.i32.mul(m.i32.div_u(oc.get(), f.i32(outPerGroup)), f.i32(g.groupInC * es))))] : []),
          wPtr.set(m.i32.add(wOc.get(), m.i32.mul(m.i32.add(m.i32.mul(ky.get(), f.i32(g.kW)), kx.get()), f.i32(g.groupInC * fs)))),
          f.forRange(ic, 0, g.groupInC, [multiplyAdd(f, c, acc, w(), x()), bump(f, inPtr, es), bump(f, wPtr, fs)]),
        ])),
      ])),
    ]),
    storeElem(f, outputDtype(c), outPtr.get(), finishValue(f, c, acc, oc, pBias, pTable)),
    bump(f, outPtr, os),
    bump(f, wOc, g.kH * g.kW * g.groupInC * fs),
  ];
  return f.block([
    outPtr.set(pOut.get()),
    f.forRange(b, 0, g.batches, [
      inBatch.set(m.i32.add(pIn.get(), m.i32.mul(b.get(), f.i32(g.inH * g.inW * g.inC * es)))),
      f.forRange(oy, 0, g.outH, [
        iy0.set(m.i32.sub(m.i32.mul(oy.get(), f.i32(g.strideH)), f.i32(g.padTop))),
        f.forRange(ox, 0, g.outW, [
          ix0.set(m.i32.sub(m.i32.mul(ox.get(), f.i32(g.strideW)), f.i32(g.padLeft))),
          wOc.set(weightBase(f, c.weights, pW.get())),
          f.forRange(oc, 0, g.outC, channelLoop),
        ]),
      ]),
    ]),
  ]);
}
