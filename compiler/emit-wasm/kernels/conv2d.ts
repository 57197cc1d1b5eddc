/**
 * CONV_2D, the portable kernel: the reference loop nest (output pixel,
 * output channel, window row, window column, input channel) with the window
 * clipped to the image, float32 / int8 / 16x8 (int32 or int64
 * accumulation), grouped or not. It is the whole story for the build
 * without SIMD and the fallback the SIMD build uses for shapes its fast
 * path does not cover (conv2d-simd.ts).
 */
import type { Conv2dPrepared } from '../../ops/conv2d.js';
import type { Graph, Op } from '../../ir/index.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { accType, accZero, finishValue, multiplyAdd, type FinishConfig } from './finish.js';
import { bump, defineKernel, elemBytes, loadElem, outputOperand, requantTable, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { conv2dSimd, planConv2dSimd, type Conv2dSimdConfig } from './conv2d-simd.js';

export interface ConvConfig extends FinishConfig {
  geometry: Omit<Conv2dPrepared, 'multipliers' | 'shifts' | 'dtype' | 'hasBias' | 'outputOffset' | 'actMin' | 'actMax' | 'wideAccumulator'>;
  filterDtype: 'f32' | 'i8';
  /** Set when the SIMD fast path handles this op (see conv2d-simd.ts). */
  simd?: Conv2dSimdConfig;
}

export function convFinishConfig(p: Conv2dPrepared, g: Graph, op: Op): FinishConfig {
  const bias = op.inputs[2] !== undefined && op.inputs[2]! >= 0 ? g.tensors[op.inputs[2]!]! : undefined;
  return {
    // uint8 (ONNX) never reaches a kernel: emit.ts rejects ONNX-only modes first.
    dtype: p.dtype as FinishConfig['dtype'],
    ...(bias ? { biasDtype: bias.dtype } : {}),
    wideAccumulator: p.wideAccumulator,
    outputOffset: p.outputOffset,
    actMin: p.actMin,
    actMax: p.actMax,
  };
}

export const conv2dKernel = defineKernel({
  plan(op: Op<'conv2d'>, p: Conv2dPrepared, g: Graph, simd: boolean): KernelPlan<ConvConfig> {
    const { multipliers, shifts, dtype, hasBias, outputOffset, actMin, actMax, wideAccumulator, ...geometry } = p;
    const base: ConvConfig = { ...convFinishConfig(p, g, op), geometry, filterDtype: p.dtype === 'f32' ? 'f32' : 'i8' };
    const fast = simd ? planConv2dSimd(op, p, g) : undefined;
    if (fast) return { config: { ...base, simd: fast.config }, operands: fast.operands, scratchBytes: fast.scratchBytes };
    return {
      config: base,
      operands: [tensorOperand(op, 0), tensorOperand(op, 1), tensorOperand(op, 2), outputOperand(op), { table: requantTable(multipliers, shifts) }],
    };
  },

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
  const fs = elemBytes(c.filterDtype);
  const [pIn, pW, pBias, pOut, pTable] = f.params(5);
  const i32 = f.t.i32;
  const [b, oy, ox, oc, ky, kx, ic, iy, ix, iy0, ix0] = f.locals(11, i32);
  const [outPtr, inPtr, wPtr, wOc, inBatch] = f.locals(5, i32);
  const acc = f.local(accType(f, c));
  const groups = g.inC / g.groupInC;
  const outPerGroup = g.outC / groups;
  const isFloat = inDtype === 'f32';
  const x = (): Expr => (isFloat ? loadElem(f, 'f32', inPtr.get()) : m.i32.add(loadElem(f, inDtype, inPtr.get()), f.i32(g.inputOffset)));
  const w = (): Expr => loadElem(f, c.filterDtype, wPtr.get());

  const channelLoop = [
    acc.set(accZero(f, c)),
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
    storeElem(f, inDtype, outPtr.get(), finishValue(f, c, acc, oc, pBias, pTable)),
    bump(f, outPtr, es),
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
          wOc.set(pW.get()),
          f.forRange(oc, 0, g.outC, channelLoop),
        ]),
      ]),
    ]),
  ]);
}
