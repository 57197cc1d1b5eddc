/** DEPTHWISE_CONV_2D with SIMD128 (placeholder until the fast path lands). */
import type { Graph, Op } from '../../ir/index.js';
import type { DepthwiseConv2dPrepared } from '../../ops/depthwise-conv2d.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import type { KernelPlan } from './kernel.js';

export type DepthwiseSimdConfig = Record<string, never>;

export function planDepthwiseSimd(op: Op<'depthwise_conv2d'>, p: DepthwiseConv2dPrepared, g: Graph): KernelPlan<DepthwiseSimdConfig> | undefined {
  void op; void p; void g;
  return undefined;
}

export function depthwiseSimd(f: FunctionBuilder, c: unknown, s: DepthwiseSimdConfig): Expr {
  void c; void s;
  return f.m.nop();
}
