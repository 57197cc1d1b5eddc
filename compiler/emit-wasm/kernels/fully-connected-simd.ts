/** FULLY_CONNECTED with SIMD128 (placeholder until the fast path lands). */
import type { Graph, Op } from '../../ir/index.js';
import type { FullyConnectedPrepared } from '../../ops/fully-connected.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import type { KernelPlan } from './kernel.js';

export type FullyConnectedSimdConfig = Record<string, never>;

export function planFullyConnectedSimd(op: Op<'fully_connected'>, p: FullyConnectedPrepared, g: Graph): KernelPlan<FullyConnectedSimdConfig> | undefined {
  void op; void p; void g;
  return undefined;
}

export function fullyConnectedSimd(f: FunctionBuilder, c: unknown, s: FullyConnectedSimdConfig): Expr {
  void c; void s;
  return f.m.nop();
}
