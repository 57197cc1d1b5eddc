/**
 * CONV_2D's SIMD128 path: int8 and uint8 convolutions (any window, stride,
 * padding or dilation; not grouped; int8 or packed int4/int2 weights with
 * zero offsets; TFLite or ONNX requantization) become the matrix kernel of
 * gemm-simd.ts. A 1x1 window without padding reads input pixels directly;
 * anything else gathers each output pixel's window (im2col). Float32
 * convolutions without dilation use the channel-vectorised kernel of
 * float-simd.ts. Others (16x8, grouped, weight offsets, raw int32 outputs,
 * or shifts the SIMD requantization cannot express) keep the portable
 * kernel.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { Conv2dPrepared } from '../../ops/conv2d.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { emitFloatWindow, floatWindowPlan, packConvWeights, type FloatWindowConfig } from './float-simd.js';
import { emitGemmSimd, im2colSource, planGemm, type GemmSimdConfig, type RowSource } from './gemm-simd.js';
import type { KernelPlan } from './kernel.js';

export type Conv2dSimdConfig = GemmSimdConfig | FloatWindowConfig;

export function planConv2dSimd(op: Op<'conv2d'>, p: Conv2dPrepared, g: Graph): KernelPlan<Conv2dSimdConfig> | undefined {
  const filter = g.tensors[op.inputs[1]!]!;
  const bias = p.hasBias ? g.tensors[op.inputs[2]!]! : undefined;
  if (p.dtype === 'f32') return planFloat(op, p, filter.data, bias?.data);
  if (p.groupInC !== p.inC) return undefined;
  const N = p.outC;
  const K = p.kH * p.kW * p.inC;
  const pointwise = p.kH === 1 && p.kW === 1 && p.padTop === 0 && p.padLeft === 0;
  let source: RowSource;
  if (pointwise && p.strideH === 1 && p.strideW === 1 && p.outH === p.inH && p.outW === p.inW) source = { mode: 'rows', rowStride: p.inC };
  else if (pointwise) source = { mode: 'pixels', inH: p.inH, inW: p.inW, inC: p.inC, outH: p.outH, outW: p.outW, strideH: p.strideH, strideW: p.strideW };
  else source = im2colSource(p);
  return planGemm(op, g, p, { rows: p.batches * p.outH * p.outW, K, N }, source);
}

function planFloat(op: Op<'conv2d'>, p: Conv2dPrepared, filter: unknown, bias: unknown): KernelPlan<Conv2dSimdConfig> | undefined {
  if (p.groupInC !== p.inC || p.dilationH !== 1 || p.dilationW !== 1 || !(filter instanceof Float32Array)) return undefined;
  // A bias computed at run time (not a constant) keeps the portable kernel.
  if (p.hasBias && !(bias instanceof Float32Array)) return undefined;
  return floatWindowPlan(op, p, false, packConvWeights(filter, p.outC, p.kH, p.kW, p.inC), bias as Float32Array | undefined);
}

export function conv2dSimd(f: FunctionBuilder, s: Conv2dSimdConfig): Expr {
  return s.kind === 'gemm' ? emitGemmSimd(f, s) : emitFloatWindow(f, s);
}
