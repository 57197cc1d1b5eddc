/**
 * CONV_2D with SIMD128 (placeholder until the fast path lands): returns no
 * plan, so the portable kernel runs.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { Conv2dPrepared } from '../../ops/conv2d.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import type { KernelPlan } from './kernel.js';

export type Conv2dSimdConfig = Record<string, never>;

export function planConv2dSimd(op: Op<'conv2d'>, p: Conv2dPrepared, g: Graph): KernelPlan<Conv2dSimdConfig> | undefined {
  void op; void p; void g;
  return undefined;
}

export function conv2dSimd(f: FunctionBuilder, c: unknown, s: Conv2dSimdConfig): Expr {
  void c; void s;
  return f.m.nop();
}
