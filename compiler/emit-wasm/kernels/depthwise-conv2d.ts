/**
 * DEPTHWISE_CONV_2D, the portable kernel: per output pixel and channel, the
 * window clipped to the image, as the reference walks it. float32, int8,
 * uint8 and 16x8, with int8 / uint8 / packed int4 and int2 weights, weight
 * offsets and every integer output stage (finish.ts). The SIMD build
 * vectorises across channels (depthwise-simd.ts), or runs a layer over one
 * input channel as a matrix product, and falls back here for shapes
 * neither covers.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { DepthwiseConv2dPrepared } from '../../ops/depthwise-conv2d.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { depthwiseSimd, planDepthwiseSimd, planSingleInputChannel, type DepthwiseSimdConfig } from './depthwise-simd.js';
import { depthwiseGeometry, type DepthwiseGeometry } from './depthwise-taps.js';
import { accType, accZero, filterOffsetValue, finishPlan, finishValue, hasFilterOffset, multiplyAdd, outputDtype, type FinishConfig } from './finish.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { relaxedSimdPlan } from './relaxed-plan.js';
import { loadWeight, weightBase, weightFormat, weightStep, type WeightFormat } from './weights.js';

export interface DepthwiseConfig extends FinishConfig {
  geometry: DepthwiseGeometry;
  weights: WeightFormat;
  simd?: DepthwiseSimdConfig;
}

export const depthwiseConv2dKernel = defineKernel({
  plan(op: Op<'depthwise_conv2d'>, p: DepthwiseConv2dPrepared, g: Graph, simd: boolean): KernelPlan<DepthwiseConfig> {
    const geometry = depthwiseGeometry(p);
    const { config, table } = finishPlan(op, g, p, p.outC);
    const base: DepthwiseConfig = { ...config, geometry, weights: weightFormat(p.dtype, g.tensors[op.inputs[1]!]!.dtype, p.weightBits) };
    // The channel-vectorised kernel first (person_detect's 3×3 first layer: 10.3 µs, 13.0 as a matrix).
    const fast = simd ? planDepthwiseSimd(op, p, g) ?? planSingleInputChannel(op, p, g) : undefined;
    if (fast) return { config: { ...base, simd: fast.config }, operands: fast.operands, scratchBytes: fast.scratchBytes };
    return { config: base, operands: [tensorOperand(op, 0), tensorOperand(op, 1), tensorOperand(op, 2), outputOperand(op), { table }] };
  },

  relaxedPlan: relaxedSimdPlan,

  emit(f: FunctionBuilder, c: DepthwiseConfig): Expr {
    if (c.simd) return depthwiseSimd(f, c.simd);
    return emitPortableDepthwise(f, c);
  },
});

function emitPortableDepthwise(f: FunctionBuilder, c: DepthwiseConfig): Expr {
  const m = f.m;
  const g = c.geometry;
  const es = elemBytes(c.dtype);
  const os = elemBytes(outputDtype(c));
  const fs = weightStep(c.weights);
  const [pIn, pW, pBias, pOut, pTable] = f.params(5);
  const [b, oy, ox, oc, ky, kx, iy, ix, iy0, ix0, outPtr, inBatch, wBase] = f.locals(13, f.t.i32);
  const fo = hasFilterOffset(c) ? f.local(f.t.i32) : undefined;
  const acc = f.local(accType(f, c));
  const isFloat = c.dtype === 'f32';
  // Input channel of output channel oc is oc / depthMultiplier.
  const inChannel = (): Expr => (g.depthMultiplier === 1 ? oc.get() : m.i32.div_u(oc.get(), f.i32(g.depthMultiplier)));
  const x = (): Expr => {
    const ptr = m.i32.add(inBatch.get(), m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(iy.get(), f.i32(g.inW)), ix.get()), f.i32(g.inC)), inChannel()), f.i32(es)));
    const v = loadElem(f, c.dtype, ptr);
    return isFloat ? v : m.i32.add(v, f.i32(g.inputOffset));
  };
  const w = (): Expr => {
    const v = loadWeight(f, c.weights, m.i32.add(wBase.get(), m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(ky.get(), f.i32(g.kW)), kx.get()), f.i32(g.outC)), oc.get()), f.i32(fs))));
    return fo ? m.i32.add(v, fo.get()) : v;
  };
  return f.block([
    outPtr.set(pOut.get()),
    wBase.set(weightBase(f, c.weights, pW.get())),
    f.forRange(b, 0, g.batches, [
      inBatch.set(m.i32.add(pIn.get(), m.i32.mul(b.get(), f.i32(g.inH * g.inW * g.inC * es)))),
      f.forRange(oy, 0, g.outH, [
        iy0.set(m.i32.sub(m.i32.mul(oy.get(), f.i32(g.strideH)), f.i32(g.padTop))),
        f.forRange(ox, 0, g.outW, [
          ix0.set(m.i32.sub(m.i32.mul(ox.get(), f.i32(g.strideW)), f.i32(g.padLeft))),
          f.forRange(oc, 0, g.outC, [
            acc.set(accZero(f, c)),
            ...(fo ? [fo.set(filterOffsetValue(f, c, oc, pTable))] : []),
            f.forRange(ky, 0, g.kH, [
              iy.set(m.i32.add(iy0.get(), m.i32.mul(ky.get(), f.i32(g.dilationH)))),
              m.if(m.i32.lt_u(iy.get(), f.i32(g.inH)), f.forRange(kx, 0, g.kW, [
                ix.set(m.i32.add(ix0.get(), m.i32.mul(kx.get(), f.i32(g.dilationW)))),
                m.if(m.i32.lt_u(ix.get(), f.i32(g.inW)), multiplyAdd(f, c, acc, w(), x())),
              ])),
            ]),
            storeElem(f, outputDtype(c), outPtr.get(), finishValue(f, c, acc, oc, pBias, pTable)),
            outPtr.set(m.i32.add(outPtr.get(), f.i32(os))),
          ]),
        ]),
      ]),
    ]),
  ]);
}
